import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// or rediss:// URL, or a Sentinel set:
 * `redis-sentinel://[user:pass@]host1:26379,host2:26379/<master name>[/<db>]` (ioredis asks the sentinels
 * for the primary and follows a failover). BullMQ workers need maxRetriesPerRequest null (blocking calls).
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  if (url.startsWith('redis-sentinel://')) return sentinelOptions(url);
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

const SENTINEL = /^redis-sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/]+)\/([^/]+)(?:\/(\d+))?$/;

function sentinelOptions(url: string): RedisOptions {
  const m = SENTINEL.exec(url);
  if (!m) throw new Error('a Sentinel URL is redis-sentinel://host:port[,host:port…]/<master name>[/<db>]');
  const [, user, pass, hosts, name, db] = m;
  const sentinels = hosts.split(',').map((h) => {
    const [host, port] = h.split(':');
    if (!host || (port !== undefined && !/^\d+$/.test(port))) throw new Error(`a Sentinel URL has a bad host: ${h}`);
    return { host, port: port ? Number(port) : 26379 };
  });
  return {
    sentinels,
    name: decodeURIComponent(name),
    username: user ? decodeURIComponent(user) : undefined,
    password: pass ? decodeURIComponent(pass) : undefined,
    db: db ? Number(db) : 0,
    maxRetriesPerRequest: null,
  };
}
