// The chaos runs' private Redis and FerretDB, started through scripts/services.sh (pidfiles per port) as
// everywhere else, so that they can be restarted mid-run without touching the shared test servers.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '@loan/testing';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The private servers, through scripts/services.sh (pidfiles per port) so they are started as everywhere else. */
export class Servers {
  constructor(
    private readonly env: Record<string, string>,
    private readonly redisPort: number,
    private readonly mongoPort: number,
  ) {}

  up(): Promise<unknown> {
    return promisify(execFile)('bash', ['scripts/services.sh', 'up'], { cwd: WORKSPACE_ROOT, env: { ...process.env, ...this.env } });
  }

  down(): Promise<unknown> {
    return promisify(execFile)('bash', ['scripts/services.sh', 'down'], { cwd: WORKSPACE_ROOT, env: { ...process.env, ...this.env } });
  }

  /** SIGTERM to the server's pid (Redis writes its AOF, FerretDB closes SQLite), a pause down, then up again. */
  async restart(which: 'redis' | 'ferretdb', pauseMs: number): Promise<number> {
    const started = Date.now();
    const pidfile = join(WORKSPACE_ROOT, '.data', which === 'redis' ? `redis-${this.redisPort}.pid` : `ferretdb-${this.mongoPort}.pid`);
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(100);
    if (alive(pid)) throw new Error(`${which} (pid ${pid}) did not stop in 20 s`);
    await sleep(pauseMs);
    await this.up();
    return (Date.now() - started) / 1000;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A private Redis on base+50 (append-only, so a restart loses no queued job) and FerretDB on base+51 with
 * its own SQLite folder, for a run named `label`; their URLs, for createTestEnv.
 */
export function privateServers(basePort: number, label: string): { servers: Servers; redisUrl: string; mongoUri: string } {
  const redisPort = basePort + 50;
  const mongoPort = basePort + 51;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const mongoUri = `mongodb://127.0.0.1:${mongoPort}/${label}`;
  const env = { REDIS_URL: redisUrl, MONGODB_URI: mongoUri, REDIS_APPENDONLY: 'yes', FERRETDB_SQLITE_DIR: join(WORKSPACE_ROOT, `.data/${label}-ferretdb-${mongoPort}`) };
  return { servers: new Servers(env, redisPort, mongoPort), redisUrl, mongoUri };
}
