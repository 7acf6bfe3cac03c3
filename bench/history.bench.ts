// Cost against history: `npm run bench:history [-- --days 365 --rows 900 --samples 5 --peer-days 30]`
// (`--days 30` is the quick mode). Backfills N days and prints, for days 1, 30, 100 and N, what one day
// costs with that many days stored, and its ratio to day 1:
//   - stages: the real per-day work of the generator, processor and evaluator: their job handlers, run
//     in-process in Nest application contexts of the three apps, on the real Redis and database, with a
//     tiny champion. The queues are paused, so nothing but the timed call runs (the jobs a handler hands
//     on wait; a retrain the evaluator asks for never starts). Each figure is the median of the `samples`
//     days ending on the checkpoint (day 1: the first `samples` days), each a new day, scenario "none".
//   - storage: one day's replace, read and count in the day store (DayRowStore: head document and row
//     chunks, by `_id`) and in its peer, the former one-document-per-row layout read and deleted by `day`.
//     Median of `samples` calls. The peer scans its whole collection on every call, so it is capped at
//     `--peer-days` stored days.
// Each part has its own database (FerretDB on SQLite keeps one file per database), dropped at the end.
// Needs the local services (`bash scripts/services.sh up`).
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import mongoose from 'mongoose';
import { parseArgs } from 'node:util';
import { JOBS, QUEUES } from '@loan/contracts';
import { DayRowStore, dayRowId, ProcessedRowDoc, ProcessedRowSchema } from '@loan/data-access';
import { PreprocessingFitService } from '@loan/platform';
import { createTestEnv } from '@loan/testing';
import { seedTinyChampion } from '@loan/testing-models';
import { GeneratorModule } from '../apps/generator/src/generator.module';
import { DistributionModelService } from '../apps/generator/src/distribution-model.service';
import { GenerateProcessor } from '../apps/generator/src/generate.processor';
import { ProcessorModule } from '../apps/processor/src/processor.module';
import { ProcessProcessor } from '../apps/processor/src/process.processor';
import { EvaluatorTrainerModule } from '../apps/evaluator-trainer/src/evaluator-trainer.module';
import { EvaluateProcessor } from '../apps/evaluator-trainer/src/evaluate.processor';
import { median } from './rounds';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    rows: { type: 'string', default: '900' },
    samples: { type: 'string', default: '5' },
    'peer-days': { type: 'string', default: '30' },
  },
});
const DAYS = Number(values.days);
const ROWS = Number(values.rows);
const SAMPLES = Number(values.samples);
const PEER_DAYS = Math.min(Number(values['peer-days']), DAYS);
const CHECKPOINTS = [...new Set([1, 30, 100, DAYS].filter((d) => d <= DAYS))];
if (!(DAYS >= SAMPLES && SAMPLES >= 1 && ROWS >= 1 && PEER_DAYS >= 1)) throw new Error('need days >= samples >= 1, rows >= 1, peer-days >= 1');

/** The days whose median stands for checkpoint c: the `SAMPLES` days ending on it, or the first ones. */
const windowOf = (c: number) => {
  const end = Math.max(c, SAMPLES);
  return Array.from({ length: SAMPLES }, (_, k) => end - SAMPLES + 1 + k);
};
const dayOf = (i: number) => new Date(Date.UTC(2025, 0, 1) + (i - 1) * 86_400_000).toISOString().slice(0, 10);

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const cell = (v: number | undefined, base: number | undefined) =>
  v === undefined || base === undefined ? '—' : `${v.toFixed(0)} ms (${(v / base).toFixed(2)}×)`;
const header = (first: string[]) => {
  console.log(`| ${[...first, ...CHECKPOINTS.map((c) => `day ${c}`)].join(' | ')} |`);
  console.log(`|${[...first, ...CHECKPOINTS].map(() => '---').join('|')}|`);
};

// ---- stages -----------------------------------------------------------------------------------------

type Stage = 'generator' | 'processor' | 'evaluator';
const STAGES: Stage[] = ['generator', 'processor', 'evaluator'];

async function benchStages(): Promise<Record<Stage | 'all three', Record<number, number>>> {
  const env = createTestEnv('history_stages', { LOG_LEVEL: 'warn' }, { label: 'bench', stable: true });
  await env.cleanup();
  env.apply();
  const apps: INestApplicationContext[] = [];
  try {
    for (const m of [GeneratorModule, ProcessorModule, EvaluatorTrainerModule]) apps.push(await NestFactory.createApplicationContext(m, { logger: ['error'] }));
    const [gen, proc, evaluator] = apps;
    // Paused for good: the handlers are called directly, the jobs they hand on are never run.
    const queues = [gen.get<Queue>(getQueueToken(QUEUES.GENERATE)), gen.get<Queue>(getQueueToken(QUEUES.PROCESS)), ...[QUEUES.EVALUATE, QUEUES.TRAIN, QUEUES.DEPLOY].map((q) => evaluator.get<Queue>(getQueueToken(q)))];
    await Promise.all(queues.map((q) => q.pause()));
    // Once-per-deployment work (fits, the champion) happens before day 1, as it does in a running loop.
    await seedTinyChampion(evaluator);
    await gen.get(DistributionModelService).ensure();
    await proc.get(PreprocessingFitService).ensureCurrent();
    const generate = gen.get(GenerateProcessor);
    const processDay = proc.get(ProcessProcessor);
    const evaluate = evaluator.get(EvaluateProcessor);
    const [generateQueue] = queues;

    const perDay: Record<Stage, Record<number, number>> = { generator: {}, processor: {}, evaluator: {} };
    const wanted = new Set(CHECKPOINTS.flatMap(windowOf));
    for (let i = 1; i <= DAYS; i++) {
      const date = dayOf(i);
      // A real job object, so the handler's progress updates go to Redis as in the worker.
      const job = await generateQueue.add(JOBS.GENERATE_DAY, { date, trigger: 'backfill', scenario: { name: 'none' } }, { jobId: `bench.${date}` });
      const t = {
        generator: await ms(() => generate.generateDay({ date, trigger: 'backfill', scenario: { name: 'none' } }, job)),
        processor: await ms(() => processDay.processDay({ date }, job)),
        evaluator: await ms(() => evaluate.evaluateDay({ date })),
      };
      if (wanted.has(i)) for (const s of STAGES) perDay[s][i] = t[s];
      if (i % 25 === 0) console.error(`[bench:history] stages: ${i}/${DAYS} days`);
    }
    const out = {} as Record<Stage | 'all three', Record<number, number>>;
    for (const s of STAGES) out[s] = Object.fromEntries(CHECKPOINTS.map((c) => [c, median(windowOf(c).map((d) => perDay[s][d]))]));
    out['all three'] = Object.fromEntries(CHECKPOINTS.map((c) => [c, median(windowOf(c).map((d) => STAGES.reduce((a, s) => a + perDay[s][d], 0)))]));
    for (const q of queues) await q.obliterate({ force: true });
    return out;
  } finally {
    for (const app of apps) await app.close();
    await env.cleanup();
  }
}

// ---- storage ----------------------------------------------------------------------------------------

const rowsOf = (day: string): ProcessedRowDoc[] =>
  Array.from({ length: ROWS }, (_, row) => ({
    _id: dayRowId(day, row),
    day,
    row,
    categorical: [1, 2, 1],
    numeric: Array.from({ length: 20 }, (_, j) => Math.sin(row * 31 + j)),
    label: row % 5 === 0 ? 1 : 0,
    split: row % 2 ? 'tuning' : 'evaluation',
    preprocessingVersion: 'bench',
  }));

interface Layout {
  name: string;
  days: number;
  replace(day: string, rows: ProcessedRowDoc[]): Promise<unknown>;
  read(day: string): Promise<unknown>;
  count(day: string): Promise<unknown>;
}
type Op = 'replace' | 'read' | 'count';

async function benchStorage(): Promise<Array<{ name: string; ops: Record<Op, Record<number, number>> }>> {
  const envs = [createTestEnv('history_store', {}, { label: 'bench', stable: true }), createTestEnv('history_rows', {}, { label: 'bench', stable: true })];
  const conns = await Promise.all(envs.map(async (e) => {
    await e.cleanup();
    return mongoose.createConnection(e.vars.MONGODB_URI).asPromise();
  }));
  try {
    const store = new DayRowStore(conns[0].model<ProcessedRowDoc>('DayStore', ProcessedRowSchema, 'bench_day_store'));
    const perRow = conns[1].collection('bench_row_docs');
    const layouts: Layout[] = [
      { name: 'day store (by `_id`)', days: DAYS, replace: (d, r) => store.replaceDay(d, r), read: (d) => store.findByDay(d), count: (d) => store.countByDay(d) },
      {
        name: 'row documents (by `day`)',
        days: PEER_DAYS,
        replace: async (d, r) => {
          await perRow.deleteMany({ day: d });
          await perRow.insertMany(r as never[]);
        },
        read: (d) => perRow.find({ day: d }).toArray(),
        count: (d) => perRow.countDocuments({ day: d }),
      },
    ];
    const results = layouts.map((l) => ({ name: l.name, ops: { replace: {}, read: {}, count: {} } as Record<Op, Record<number, number>> }));
    for (let i = 1; i <= DAYS; i++) {
      const day = dayOf(i);
      for (const [k, l] of layouts.entries()) {
        if (i > l.days) continue;
        await l.replace(day, rowsOf(day));
        if (!CHECKPOINTS.includes(i)) continue;
        for (const op of ['replace', 'read', 'count'] as const) {
          const times: number[] = [];
          for (let s = 0; s < SAMPLES; s++) times.push(await ms(() => (op === 'replace' ? l.replace(day, rowsOf(day)) : l[op](day))));
          results[k].ops[op][i] = median(times);
        }
      }
      if (i % 50 === 0) console.error(`[bench:history] storage: ${i}/${DAYS} days`);
    }
    return results;
  } finally {
    await Promise.all(conns.map((c) => c.close()));
    await Promise.all(envs.map((e) => e.cleanup()));
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const storage = await benchStorage();
  const stages = await benchStages();
  console.log(`\nStages: one day's real work (job handler in-process, ~800–1,300 generated rows, scenario "none") with N days stored; median of the ${SAMPLES} days ending on day N (day 1: days 1–${SAMPLES}); ratio to day 1\n`);
  header(['stage']);
  for (const s of [...STAGES, 'all three'] as const) console.log(`| ${s} | ${CHECKPOINTS.map((c) => cell(stages[s][c], stages[s][1])).join(' | ')} |`);
  console.log(`\nStorage: one day of ${ROWS} processed rows with N days stored; median of ${SAMPLES} calls; ratio to day 1`);
  console.log(`(row documents capped at --peer-days ${PEER_DAYS}: every call scans the whole collection, so past that it is far too slow to run)\n`);
  header(['layout', 'operation']);
  for (const r of storage) {
    for (const op of ['replace', 'read', 'count'] as const) console.log(`| ${r.name} | ${op} | ${CHECKPOINTS.map((c) => cell(r.ops[op][c], r.ops[op][1])).join(' | ')} |`);
  }
  const last = CHECKPOINTS[CHECKPOINTS.length - 1];
  // The count (~1 ms, one head document by _id) is shown but left out of the verdict: at that size the
  // ratio is timer and scheduler noise, not cost.
  const worst = Math.max(...STAGES.map((s) => stages[s][last] / stages[s][1]), ...(['replace', 'read'] as const).map((op) => storage[0].ops[op][last] / storage[0].ops[op][1]));
  console.log(`\nday ${last} / day 1, worst stage or day-store replace/read: ${worst.toFixed(2)}× (target 1.2×: ${worst <= 1.2 ? 'met' : 'NOT met'}); ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
