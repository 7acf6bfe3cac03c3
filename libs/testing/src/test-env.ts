import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import mongoose from 'mongoose';

const BASE_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';
const BASE_MONGO = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27027/loan_default';

export interface TestEnv {
  /** Variables an app under test runs with: its own database and queue prefix, no cron, quiet logs. */
  vars: Record<string, string>;
  database: string;
  prefix: string;
  /** Applies vars to this process (for in-process Nest apps). */
  apply(): void;
  /** Drops the database and deletes the queue keys. */
  cleanup(): Promise<void>;
}

/**
 * Isolation per test file: each gets its own database name and BullMQ prefix on the shared servers.
 * `label` replaces the `it` in both names; `stable` drops the random suffix, so a run (a simulation) can
 * be looked at afterwards under a name anyone can guess and cleaned up by the next run of the same name.
 */
export function createTestEnv(
  name: string,
  extra: Record<string, string> = {},
  options: { label?: string; stable?: boolean; redisUrl?: string; mongoUri?: string } = {},
): TestEnv {
  const base = name.replace(/[^a-z0-9]/gi, '_');
  const id = options.stable ? base : `${base}_${randomBytes(3).toString('hex')}`;
  const database = `${options.label ?? 'it'}_${id}`;
  const prefix = database;
  // Servers other than the shared ones (the chaos run starts its own, to restart them) come as options.
  const redisUrl = options.redisUrl ?? BASE_REDIS;
  const mongoUri = (options.mongoUri ?? BASE_MONGO).replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
  const vars: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    REDIS_URL: redisUrl,
    MONGODB_URI: mongoUri,
    QUEUE_PREFIX: prefix,
    GENERATOR_CRON_ENABLED: 'false',
    JOB_BACKOFF_MS: '200',
    ...extra,
  };
  return {
    vars,
    database,
    prefix,
    apply: () => Object.assign(process.env, vars),
    cleanup: async () => {
      const conn = await mongoose.createConnection(mongoUri).asPromise();
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** Polls until the check returns a value other than undefined/false, or fails after timeoutMs. */
export async function waitFor<T>(check: () => Promise<T | undefined | false | null>, timeoutMs = 60_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false && v !== null) return v as T;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
