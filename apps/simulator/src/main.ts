// npm run simulate -- <calendar> [options]: runs the real five apps, each its own process, on the real
// Redis and MongoDB-wire server through a scenario calendar, one day at a time, and writes a healing report
// under reports/simulation/<calendar>/ (summary.json, report.md, charts.html + SVGs).
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { ModelRegistryService } from '@loan/model-registry';
import { positiveInt, runCommandLine } from '@loan/platform';
import { SimulationDay, summariseHealing } from '@loan/simulation';
import { calendarDays } from '@loan/synthetic';
import { adminRunDay, createTestEnv, loadCalendar, RunningApp, startApp, waitHealthy, WORKSPACE_ROOT } from '@loan/testing';
import { DaySettler } from '@loan/testing-loop';
import { DayRecorder } from './day-recorder';
import { OracleService } from './oracle.service';
import { writeHealingReport } from './report-writer';
import { SimulatorModule } from './simulator.module';

const APPS = ['generator', 'processor', 'evaluator-trainer', 'deployer', 'inference-api'] as const;
const PORT_VARS = ['GENERATOR_PORT', 'PROCESSOR_PORT', 'EVALUATOR_TRAINER_PORT', 'DEPLOYER_PORT', 'PORT'] as const;

interface Options {
  recipe: 'quick' | 'full';
  oracleRows: number;
  auditRows: number;
  out: string;
  basePort: number;
  dayTimeout: number;
  set: string[];
}

function collect(value: string, previous: string[]): string[] {
  if (!/^[A-Z][A-Z0-9_]*=/.test(value)) throw new InvalidArgumentError(`expected KEY=VALUE, got ${value}`);
  return [...previous, value];
}

async function simulate(calendarArg: string, options: Options): Promise<void> {
  const calendar = loadCalendar(calendarArg);
  const days = calendarDays(calendar);
  const startedAt = new Date().toISOString();
  const started = Date.now();
  const token = `sim-${randomBytes(12).toString('hex')}`;
  const ports = Object.fromEntries(PORT_VARS.map((v, i) => [v, String(options.basePort + i)]));
  const overrides = Object.fromEntries(options.set.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  // A stable database and queue prefix per calendar: the run can be inspected afterwards, and the next run
  // of the same calendar starts from nothing.
  const env = createTestEnv(calendar.name, { LOG_LEVEL: 'warn', ...ports, ADMIN_TOKEN: token, ...overrides }, { label: 'sim', stable: true });
  await env.cleanup();
  env.apply();
  const log = (msg: string) => console.log(`[simulate ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
  log(`calendar ${calendar.name}: ${days.length} days from ${calendar.start}; database ${env.database}; recipe ${options.recipe}`);

  const cli = join(WORKSPACE_ROOT, 'dist/apps/ops-cli/main.js');
  log('training the starting models (ops-cli bootstrap)');
  await promisify(execFile)(process.execPath, [cli, 'bootstrap', ...(options.recipe === 'quick' ? ['--quick'] : [])], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env.vars },
    maxBuffer: 64 << 20,
  });

  const apps: RunningApp[] = APPS.map((name) => startApp(name, env.vars));
  const context = await NestFactory.createApplicationContext(SimulatorModule, { logger: ['error', 'warn'] });
  const recorder = context.get(DayRecorder);
  const oracles = context.get(OracleService);
  try {
    await Promise.all(apps.map((a, i) => waitHealthy(a, options.basePort + i)));
    log('five apps healthy');
    oracles.configure({ recipe: options.recipe, rows: options.oracleRows });
    recorder.configure({ auditRows: options.auditRows });
    const staleVersion = await context.get(ModelRegistryService).aliasVersion('champion');
    if (staleVersion === null) throw new Error('bootstrap left no champion');
    const api = `http://127.0.0.1:${ports['PORT']}`;
    const records: SimulationDay[] = [];
    for (const day of days) {
      const dayStarted = Date.now();
      const versionsBefore = await recorder.latestVersion();
      await adminRunDay(api, token, day.date, day.scenario);
      await context.get(DaySettler).waitSettled(day.date, options.dayTimeout * 1000);
      const wallMs = Date.now() - dayStarted;
      const record = await recorder.record(day, staleVersion, versionsBefore, wallMs);
      records.push(record);
      log(
        `day ${day.index} ${day.date} ${record.scenario}${record.drifting ? ` ×${record.severity}` : ''}: loop v${record.evaluation.version} AUC ${record.evaluation.rocAuc.toFixed(3)} → ${record.evaluation.decision}` +
          `${record.attempts.length ? `, attempts ${record.attempts.map((a) => (a.success ? `✓v${a.newVersion}` : '✗')).join(' ')}` : ''}` +
          `${record.promotions.length ? `, champion → v${record.promotions[record.promotions.length - 1].to}` : ''}${record.alerts.length ? `, ${record.alerts.length} alert(s)` : ''}` +
          ` | audit AUC champion ${record.champion.rocAuc.toFixed(3)} stale ${record.stale.rocAuc.toFixed(3)} oracle ${record.oracle.rocAuc.toFixed(3)} (${(wallMs / 1000).toFixed(1)} s)`,
      );
    }
    const summary = summariseHealing(records);
    const dir = resolve(options.out, calendar.name);
    const files = await writeHealingReport(
      dir,
      { calendar: calendar.name, description: calendar.description, recipe: options.recipe, oracleRows: options.oracleRows, auditRows: options.auditRows, startedAt, wallSeconds: (Date.now() - started) / 1000 },
      summary,
      records,
    );
    log(`false alarms on ${summary.calmDays} calm days: ${JSON.stringify(summary.falseAlarms)}; onsets: ${JSON.stringify(summary.onsets.map((o) => ({ date: o.date, detectionDelay: o.detectionDelay, recovery: o.recovery.map((r) => [r.lag, r.rocAuc]) })))}`);
    log(`wrote ${files.join(', ')}`);
  } finally {
    await recorder.dispose();
    await oracles.dispose();
    await context.close();
    const ends = await Promise.all(apps.map((a) => a.stop()));
    ends.forEach((e, i) => e.code !== 0 && e.signal === null && console.error(`${APPS[i]} exited ${e.code}:\n${apps[i].output().slice(-2000)}`));
  }
}

function program(): Command {
  return new Command('simulate')
    .description('Run the five apps through a scenario calendar and write a healing report')
    .argument('<calendar>', 'a calendar name from calendars/ (calm-30, recession-concept, gradual, recurring, ci-short) or a path to a calendar JSON')
    .option('--recipe <name>', 'recipe of the starting models and the oracles: quick or full', 'full')
    .option('--oracle-rows <n>', "rows of a day's distribution each oracle trains on", positiveInt, 20_000)
    .option('--audit-rows <n>', "fresh rows of each day's distribution the three models are scored on", positiveInt, 4000)
    .option('--out <dir>', 'where reports go (one folder per calendar)', join(WORKSPACE_ROOT, 'reports/simulation'))
    .option('--base-port <port>', 'first of five consecutive ports for the apps', positiveInt, 3301)
    .option('--day-timeout <seconds>', 'how long one day may take to settle', positiveInt, 900)
    .option('--set <KEY=VALUE>', 'an environment variable for every app (repeatable), e.g. --set MIN_EVAL_ROWS=200', collect, [] as string[])
    .exitOverride()
    .action((calendar: string, options: Options) => {
      if (options.recipe !== 'quick' && options.recipe !== 'full') throw new InvalidArgumentError(`--recipe must be quick or full, got ${options.recipe}`);
      return simulate(calendar, options);
    });
}

runCommandLine(program(), 'simulate');
