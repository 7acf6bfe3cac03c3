import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '../../..');

export interface RunningApp {
  name: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM, then SIGKILL after 15 s; resolves with how the process ended. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a built app (dist/apps/<name>/main.js) as its own process, as production runs it. */
export function startApp(name: string, env: Record<string, string>): RunningApp {
  const main = join(WORKSPACE_ROOT, 'dist/apps', name, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build the apps first (npm run build)`);
  const child = spawn(process.execPath, [main], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    name,
    process: child,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return resolve({ code: child.exitCode, signal: child.signalCode });
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal });
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resolves when GET /health on the port answers 200, or rejects with the app's log tail. */
export async function waitHealthy(app: RunningApp, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw new Error(`${app.name} exited (${app.process.exitCode}):\n${app.output().slice(-3000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${app.name} not healthy on :${port} after ${timeoutMs} ms:\n${app.output().slice(-3000)}`);
}
