// One full day at production size, stage by stage: `npm run bench:day [-- --rows 10000]`.
// The four worker apps run as their own processes (as in production) on the shared services and a database
// of their own. The champion has the full recipe's architecture (6 epochs on 2,400 real rows, with its
// expected AUC measured as the trainer measures it); F1_THRESHOLD (the operator's F1 bar) is set above any
// F1 so the day retrains, and ATTEMPT_ALPHA very low. The ladder still stops at the first attempt that
// passes (the F1 rule is a bootstrap bound, which a low alpha does not make impossible), so a day runs 1 to
// 3 fine-tunes; the bench then queues the attempts the ladder did not need, so the day's time is that of
// a day with 3 fine-tunes (the worst case), and says so. Each stage's time is read from its BullMQ job
// (processedOn → finishedOn); the total is the wall time from enqueueing the day to the day settled.
// Target (issue 10 §4): ≤ 10 minutes on 2 cores. Not a test: it prints figures.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { JOBS, jobIds, QUEUES } from '@loan/contracts';
import { AlertsRepository, DataAccessModule } from '@loan/data-access';
import { FULL_RECIPE, kernelChoice } from '@loan/ml';
import { MlBackendService, ModelRegistryModule } from '@loan/model-registry';
import { DayRunnerService, JobsProducer, PlatformModule } from '@loan/platform';
import { createTestEnv, RunningApp, startApp, waitHealthy } from '@loan/testing';
import { seedTinyChampion } from '@loan/testing-models';
import { DaySettler } from '@loan/testing-loop';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' }, date: { type: 'string', default: '2027-06-01' } } });
const ROWS = values.rows as string;
const DAY = values.date as string;
const WORKERS = [
  ['generator', 'GENERATOR_PORT', 3971],
  ['processor', 'PROCESSOR_PORT', 3972],
  ['evaluator-trainer', 'EVALUATOR_TRAINER_PORT', 3973],
  ['deployer', 'DEPLOYER_PORT', 3974],
] as const;

@Module({ imports: [PlatformModule.forApp('bench-day', Object.values(QUEUES)), DataAccessModule, ModelRegistryModule], providers: [DaySettler] })
class BenchDayModule {}

async function main(): Promise<void> {
  const env = createTestEnv(
    'day',
    // The trainer as docker-compose runs it (TRAIN_THREADS=2); TRAIN_THREADS=1 in the environment measures one thread.
    { DAILY_MIN_ROWS: ROWS, DAILY_MAX_ROWS: ROWS, F1_THRESHOLD: '0.99', ATTEMPT_ALPHA: '0.000000001', LOG_LEVEL: 'warn', TRAIN_THREADS: process.env.TRAIN_THREADS ?? '2' },
    { label: 'bench', stable: true },
  );
  await env.cleanup();
  env.apply();
  const context = await NestFactory.createApplicationContext(BenchDayModule, { logger: ['error'] });
  const apps: RunningApp[] = [];
  try {
    console.error('[bench:day] a champion of the full recipe (6 epochs on 2,400 real rows)');
    await seedTinyChampion(context, FULL_RECIPE.config, 6);
    for (const [name, portVar, port] of WORKERS) apps.push(startApp(name, { ...env.vars, [portVar]: String(port) }));
    await Promise.all(apps.map((a, i) => waitHealthy(a, WORKERS[i][2])));
    console.error(`[bench:day] ${DAY}: ${ROWS} rows, no drift, retraining forced by the F1 bar`);
    const started = Date.now();
    await context.get(DayRunnerService).runDay(DAY, 'backfill', { name: 'none' });
    await context.get(DaySettler).waitSettled(DAY, 3_600_000);
    let wallSeconds = (Date.now() - started) / 1000;

    // The ladder stops at the first attempt that passes. For the worst case the issue asks for (a day
    // with 3 fine-tunes), the attempts it did not need are queued here, as the trainer would have queued
    // them after a miss, and their time is added to the day's.
    const producer = context.get(JobsProducer);
    const trainQueue = producer.queueFor(JOBS.TRAIN_MODEL);
    const first = await trainQueue.getJob(jobIds.train(DAY, 1));
    const base = (first?.data as { baseVersion?: number } | undefined)?.baseVersion ?? 1;
    const forced: number[] = [];
    for (const attempt of [2, 3]) {
      const id = jobIds.train(DAY, attempt);
      if (await trainQueue.getJob(id)) continue;
      forced.push(attempt);
      const forcedStart = Date.now();
      await producer.enqueue(JOBS.TRAIN_MODEL, { date: DAY, attempt, reason: 'f1_below_threshold', baseVersion: base }, id);
      for (let j = await trainQueue.getJob(id); !j?.finishedOn; j = await trainQueue.getJob(id)) await new Promise((r) => setTimeout(r, 500));
      wallSeconds += (Date.now() - forcedStart) / 1000;
    }
    // A queued attempt that misses its bar queues the next one itself: wait for every attempt there is.
    for (const attempt of [1, 2, 3]) {
      const id = jobIds.train(DAY, attempt);
      const waitStart = Date.now();
      for (let j = await trainQueue.getJob(id); j && !j.finishedOn && !j.failedReason; j = await trainQueue.getJob(id)) await new Promise((r) => setTimeout(r, 500));
      if (forced.length) wallSeconds += (Date.now() - waitStart) / 1000;
    }
    if (forced.length) console.error(`[bench:day] the ladder passed early; attempts ${forced.join(', ')} queued by the bench for the 3-fine-tune day`);
    const stages: [string, string, string][] = [
      ['generate', JOBS.GENERATE_DAY, jobIds.generate(DAY)],
      ['process', JOBS.PROCESS_DAY, jobIds.process(DAY)],
      ['evaluate', JOBS.EVALUATE_DAY, jobIds.evaluate(DAY)],
      ...[1, 2, 3].map((a) => [`fine-tune ${a}`, JOBS.TRAIN_MODEL, jobIds.train(DAY, a)] as [string, string, string]),
    ];
    const deploys = (await producer.queueFor(JOBS.DEPLOY_MODEL).getCompleted(0, 50)).filter((j) => j.id?.startsWith(`deploy.${DAY}.`));
    console.log(`\nOne day of ${Number(ROWS).toLocaleString('en')} generated rows through the four worker apps (2 cores; ${kernelChoice()} kernel, tfjs backend ${await context.get(MlBackendService).backend()}, as the trainer picks them with the same packages and environment), stage by stage\n`);
    console.log('| stage | job | seconds |\n|---|---|---|');
    let sum = 0;
    for (const [name, job, id] of stages) {
      const j = await producer.queueFor(job as never).getJob(id);
      if (!j?.processedOn || !j.finishedOn) {
        console.log(`| ${name} | ${id} | did not run |`);
        continue;
      }
      const s = (j.finishedOn - j.processedOn) / 1000;
      sum += s;
      console.log(`| ${name} | ${id} | ${s.toFixed(1)} |`);
    }
    for (const j of deploys) {
      const s = ((j.finishedOn ?? 0) - (j.processedOn ?? 0)) / 1000;
      sum += s;
      console.log(`| deploy | ${j.id} | ${s.toFixed(1)} |`);
    }
    const alerts = (await context.get(AlertsRepository).list({ day: DAY })).map((a) => `${a.severity} ${a.kind}`);
    console.log(`| all stages | | ${sum.toFixed(1)} |`);
    console.log(`| wall time, enqueued to settled${forced.length ? ` + the bench-queued attempts ${forced.join(', ')}` : ''} | | ${wallSeconds.toFixed(1)} |`);
    console.log(`\nalerts: ${alerts.join(', ') || 'none'}`);
    console.log(`wall time ${(wallSeconds / 60).toFixed(1)} min; target ≤ 10 min: ${wallSeconds <= 600 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await context.close();
    await env.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
