// npm run chaos -- [options]: the five apps, several instances of each worker, on a Redis and a FerretDB of
// its own (restarted mid-run, so never the shared test servers), through a calendar with drift days, while
// random worker instances are SIGKILLed and restarted. Then the invariants (./invariants.ts) are checked
// and printed, and a summary JSON written; the exit code is 1 when one fails.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { JOBS, JobName } from '@loan/contracts';
import { positiveInt, runCommandLine } from '@loan/platform';
import { createRng } from '@loan/stats';
import { calendarDays } from '@loan/synthetic';
import { adminRunDay, createTestEnv, loadCalendar, RunningApp, startApp, waitHealthy, WORKSPACE_ROOT } from '@loan/testing';
import { DayNotSettledError, DaySettler } from '@loan/testing-loop';
import { ChaosModule } from './chaos.module';
import { InvariantChecker, InvariantResult } from './invariants';
import { privateServers, sleep } from './servers';

const WORKERS = ['generator', 'processor', 'evaluator-trainer', 'deployer'] as const;
type Worker = (typeof WORKERS)[number];
const PORT_VAR: Record<Worker | 'inference-api', string> = {
  generator: 'GENERATOR_PORT',
  processor: 'PROCESSOR_PORT',
  'evaluator-trainer': 'EVALUATOR_TRAINER_PORT',
  deployer: 'DEPLOYER_PORT',
  'inference-api': 'PORT',
};
const WORKER_OF_JOB: Record<JobName, Worker> = {
  [JOBS.GENERATE_DAY]: 'generator',
  [JOBS.PROCESS_DAY]: 'processor',
  [JOBS.EVALUATE_DAY]: 'evaluator-trainer',
  [JOBS.TRAIN_MODEL]: 'evaluator-trainer',
  [JOBS.DEPLOY_MODEL]: 'deployer',
};

interface Options {
  calendar: string;
  kills: number;
  seed: number;
  instances: number;
  basePort: number;
  recipe: 'quick' | 'full';
  dayTimeout: number;
  reruns: number;
  out: string;
  set: string[];
}

type Fault = { kind: 'kill' } | { kind: 'redis-restart' } | { kind: 'db-restart' };
interface FaultRecord {
  kind: Fault['kind'];
  day: string;
  atSeconds: number;
  /** kill: which instance, and the job its app had active when it was chosen (null: it was idle). */
  target?: string;
  activeJob?: string | null;
  /** How long the server was down, or the killed instance took to answer /health again. */
  downSeconds: number;
}

function collect(value: string, previous: string[]): string[] {
  if (!/^[A-Z][A-Z0-9_]*=/.test(value)) throw new InvalidArgumentError(`expected KEY=VALUE, got ${value}`);
  return [...previous, value];
}

/** CPU seconds a process has used (utime + stime from /proc), or 0 when it cannot be read. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The instance that used the most CPU over the next 400 ms: the one most likely holding the active job. */
async function busiest<T extends { running: RunningApp }>(candidates: [string, T][]): Promise<[string, T]> {
  const before = candidates.map(([, w]) => cpuSeconds(w.running.process.pid));
  await sleep(400);
  const used = candidates.map(([, w], i) => cpuSeconds(w.running.process.pid) - before[i]);
  return candidates[used.indexOf(Math.max(...used))];
}

/** Retries a call through the admin API while the servers behind it restart. */
async function withRetries<T>(what: string, call: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (e) {
      if (i >= tries) throw new Error(`${what}: ${(e as Error).message}`);
      await sleep(1000);
    }
  }
}

async function chaos(options: Options): Promise<void> {
  const calendar = loadCalendar(options.calendar);
  const days = calendarDays(calendar);
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const log = (msg: string) => console.log(`[chaos ${elapsed().toFixed(0).padStart(4)} s] ${msg}`);
  // The project's seeded stream: a run's faults can be replayed with --seed.
  const stream = createRng(options.seed);
  const random = () => stream.next();
  const token = `chaos-${randomBytes(12).toString('hex')}`;
  const port = (app: Worker | 'inference-api', instance: number) =>
    options.basePort + (app === 'inference-api' ? WORKERS.length * options.instances : WORKERS.indexOf(app) * options.instances + instance);
  const { servers, redisUrl, mongoUri } = privateServers(options.basePort, 'chaos');
  const overrides = Object.fromEntries(options.set.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  // The production retry policy (3 attempts, 2 s exponential backoff), not the tests' 200 ms: a job that
  // meets a restarting server must outlast the restart.
  const env = createTestEnv(calendar.name, { LOG_LEVEL: 'warn', ADMIN_TOKEN: token, JOB_BACKOFF_MS: '2000', ...overrides }, { label: 'chaos', stable: true, redisUrl, mongoUri });

  log(`starting Redis (AOF) at ${redisUrl} and FerretDB at ${mongoUri}`);
  await servers.up();
  await env.cleanup();
  env.apply();
  log(`calendar ${calendar.name}: ${days.length} days; ${options.instances} instances of each worker; seed ${options.seed}; database ${env.database}`);
  log('training the starting models (ops-cli bootstrap)');
  await promisify(execFile)(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/ops-cli/main.js'), 'bootstrap', ...(options.recipe === 'quick' ? ['--quick'] : [])], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env.vars },
    maxBuffer: 64 << 20,
  });

  const launch = (app: Worker | 'inference-api', instance: number) => startApp(app, { ...env.vars, [PORT_VAR[app]]: String(port(app, instance)) });
  const workers = new Map<string, { app: Worker; instance: number; running: RunningApp }>();
  for (const app of WORKERS) for (let i = 0; i < options.instances; i++) workers.set(`${app}#${i}`, { app, instance: i, running: launch(app, i) });
  const api = launch('inference-api', 0);
  const context = await NestFactory.createApplicationContext(ChaosModule, { logger: ['error', 'warn'] });
  const settler = context.get(DaySettler);
  const faults: FaultRecord[] = [];
  const dayRecords: { date: string; scenario: string; requests: number; settledSeconds: number; unsettled: string[] }[] = [];
  const exits: string[] = [];
  let invariants: InvariantResult[] = [];
  try {
    await Promise.all([...workers.values()].map((w) => waitHealthy(w.running, port(w.app, w.instance))));
    await waitHealthy(api, port('inference-api', 0));
    log(`${workers.size} worker instances and the inference-api healthy`);

    // The faults, spread over the days after the first (which runs clean, as a baseline), each at a random
    // moment of its day: the kills, one Redis restart, one database restart.
    const plan: Fault[] = [...Array.from({ length: options.kills }, () => ({ kind: 'kill' }) as Fault), { kind: 'redis-restart' }, { kind: 'db-restart' }];
    const slots = days.length > 1 ? days.slice(1) : days;
    const byDay = new Map<string, Fault[]>();
    plan.forEach((f, i) => {
      const d = slots[(i + Math.floor(random() * slots.length)) % slots.length].date;
      byDay.set(d, [...(byDay.get(d) ?? []), f]);
    });

    const kill = async (date: string): Promise<void> => {
      // Aim at work in flight when there is some (a kill mid-job is the fault worth trying): wait a while
      // for a job to be active, then kill the instance of its app that burns the most CPU.
      let active: JobName[] = [];
      for (let i = 0; i < 20 && !active.length; i++) {
        const busy = await settler.busyCounts().catch(() => ({}) as Record<string, number>);
        active = Object.keys(busy).filter((k) => k.endsWith(':active')).map((k) => k.slice(0, -':active'.length) as JobName);
        if (!active.length) await sleep(250);
      }
      const activeJob = active.length ? active[Math.floor(random() * active.length)] : null;
      const app = activeJob ? WORKER_OF_JOB[activeJob] : WORKERS[Math.floor(random() * WORKERS.length)];
      const candidates = [...workers.entries()].filter(([, w]) => w.app === app);
      const [key, w] = activeJob ? await busiest(candidates) : candidates[Math.floor(random() * candidates.length)];
      const at = elapsed();
      w.running.process.kill('SIGKILL');
      await new Promise((r) => (w.running.process.exitCode !== null || w.running.process.signalCode !== null ? r(null) : w.running.process.once('exit', r)));
      w.running = launch(app, w.instance);
      await waitHealthy(w.running, port(app, w.instance));
      faults.push({ kind: 'kill', day: date, atSeconds: at, target: key, activeJob, downSeconds: elapsed() - at });
      log(`  SIGKILL ${key}${activeJob ? ` (busiest instance while a ${activeJob} job was active)` : ' (no job active)'}; restarted, healthy after ${(elapsed() - at).toFixed(1)} s`);
    };
    const inject = async (date: string, list: Fault[]): Promise<void> => {
      for (const f of list) {
        await sleep(500 + random() * 5000);
        if (f.kind === 'kill') await kill(date);
        else {
          const at = elapsed();
          const down = await servers.restart(f.kind === 'redis-restart' ? 'redis' : 'ferretdb', 1500);
          faults.push({ kind: f.kind, day: date, atSeconds: at, downSeconds: down });
          log(`  ${f.kind}: down and back in ${down.toFixed(1)} s`);
        }
      }
    };

    const apiUrl = `http://127.0.0.1:${port('inference-api', 0)}`;
    for (const day of days) {
      const dayStarted = Date.now();
      await withRetries(`run ${day.date}`, () => adminRunDay(apiUrl, token, day.date, day.scenario));
      const injecting = inject(day.date, byDay.get(day.date) ?? []);
      const unsettled: string[] = [];
      let requests = 1;
      // A day that does not settle after a fault is requested again, as the operator (or the next cron
      // tick) would: every stage skips what its summary document says is done.
      for (;;) {
        try {
          await settler.waitSettled(day.date, options.dayTimeout * 1000);
          break;
        } catch (e) {
          if (!(e instanceof DayNotSettledError) || requests > options.reruns) throw e;
          unsettled.push(e.message);
          log(`  ${day.date} did not settle (${e.message}); requesting it again`);
          await withRetries(`re-run ${day.date}`, () => adminRunDay(apiUrl, token, day.date, day.scenario));
          requests++;
        }
      }
      await injecting;
      // The faults of the day may have come after it settled: it must settle again, with all of them done.
      await settler.waitSettled(day.date, options.dayTimeout * 1000);
      const settledSeconds = (Date.now() - dayStarted) / 1000;
      dayRecords.push({ date: day.date, scenario: day.scenario.name, requests, settledSeconds, unsettled });
      log(`day ${day.index} ${day.date} ${day.scenario.name}: settled in ${settledSeconds.toFixed(1)} s${requests > 1 ? ` after ${requests} requests` : ''}`);
    }

    invariants = await context.get(InvariantChecker).check(days.map((d) => d.date));
    for (const r of invariants) {
      console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} — ${r.checked}`);
      for (const v of r.violations) console.log(`     ✗ ${v}`);
    }
  } finally {
    await context.close();
    const all = [...[...workers.entries()].map(([k, w]) => [k, w.running] as const), ['inference-api', api] as const];
    const ends = await Promise.all(all.map(([, a]) => a.stop()));
    ends.forEach((e, i) => {
      if (e.code !== 0 && e.signal === null) exits.push(`${all[i][0]} exited ${e.code}: ${all[i][1].output().slice(-1500)}`);
    });
    exits.forEach((e) => console.error(e));
    await servers.down().catch((e: Error) => console.error(`stopping the private servers: ${e.message}`));
  }

  const summary = {
    calendar: calendar.name,
    seed: options.seed,
    instances: options.instances,
    recipe: options.recipe,
    wallSeconds: elapsed(),
    days: dayRecords,
    faults,
    kills: faults.filter((f) => f.kind === 'kill').length,
    redisRestarts: faults.filter((f) => f.kind === 'redis-restart').length,
    dbRestarts: faults.filter((f) => f.kind === 'db-restart').length,
    badExits: exits,
    invariants,
    ok: invariants.length > 0 && invariants.every((r) => r.ok) && exits.length === 0,
  };
  const dir = resolve(options.out, calendar.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  log(`${summary.days.length} days, ${summary.kills} kills, ${summary.redisRestarts} Redis and ${summary.dbRestarts} database restart(s); wrote ${join(dir, 'summary.json')}`);
  if (!summary.ok) throw new Error(`${invariants.filter((r) => !r.ok).length} invariant(s) failed${exits.length ? `, ${exits.length} app(s) exited badly` : ''}`);
}

function program(): Command {
  return new Command('chaos')
    .description('Run the loop on many instances through kills and server restarts, then check its invariants')
    .option('--calendar <name>', 'a calendar name from calendars/ or a path to a calendar JSON', 'chaos-short')
    .option('--kills <n>', 'worker instances to SIGKILL (and restart) during the run', positiveInt, 5)
    .option('--seed <n>', 'seed of which instance is killed and when', positiveInt, 1)
    .option('--instances <n>', 'instances of each worker app', positiveInt, 2)
    .option('--base-port <port>', 'first port of the apps; Redis on base+50, FerretDB on base+51', positiveInt, 3501)
    .option('--recipe <name>', 'recipe of the starting models: quick or full', 'quick')
    .option('--day-timeout <seconds>', 'how long one request of a day may take to settle', positiveInt, 300)
    .option('--reruns <n>', 'how often an unsettled day may be requested again', positiveInt, 2)
    .option('--out <dir>', 'where the summary goes (one folder per calendar)', join(WORKSPACE_ROOT, 'reports/chaos'))
    .option('--set <KEY=VALUE>', 'an environment variable for every app (repeatable), e.g. --set MIN_EVAL_ROWS=400', collect, [] as string[])
    .exitOverride()
    .action((options: Options) => {
      if (options.recipe !== 'quick' && options.recipe !== 'full') throw new InvalidArgumentError(`--recipe must be quick or full, got ${options.recipe}`);
      if (options.instances > 10) throw new InvalidArgumentError('--instances is at most 10 (the ports below base+50)');
      return chaos(options);
    });
}

runCommandLine(program(), 'chaos');
