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
