import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES, todayUtc } from '@loan/contracts';
import { DailyBatchesRepository, PredictionDailyRepository, PredictionsRepository, RawDataRepository } from '@loan/data-access';
import { predictionIdBound } from '@loan/serving';
import { DayRunnerService } from '@loan/platform';
import { createTestEnv, waitFor } from '@loan/testing';
import { GeneratorModule } from './generator.module';
import { DailySchedule } from './daily.schedule';
import { GenerateProcessor } from './generate.processor';

describe('generator on the real Redis and MongoDB-wire server', () => {
  const env = createTestEnv('generator', { DAILY_MIN_ROWS: '200', DAILY_MAX_ROWS: '300' });
  let app: INestApplicationContext;
  let runner: DayRunnerService;
  let raw: RawDataRepository;
  let batches: DailyBatchesRepository;
  let generateQueue: Queue;
  let processQueue: Queue;

  beforeAll(async () => {
    env.apply();
    app = await NestFactory.createApplicationContext(GeneratorModule, { logger: ['error'] });
    await app.init();
    runner = app.get(DayRunnerService);
    raw = app.get(RawDataRepository);
    batches = app.get(DailyBatchesRepository);
    generateQueue = app.get(getQueueToken(QUEUES.GENERATE));
    processQueue = app.get(getQueueToken(QUEUES.PROCESS));
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('a malformed payload fails at once, unretried, and writes nothing', async () => {
    const job = await generateQueue.add(JOBS.GENERATE_DAY, { date: '2026-13-01', trigger: 'test', rows: 'many' }, { jobId: 'generate.malformed' });
    const failed = await waitFor(async () => ((await job.getState()) === 'failed' ? await generateQueue.getJob(job.id!) : undefined), 30_000, 'job to fail');
    expect(failed!.failedReason).toMatch(/invalid payload/);
    expect(failed!.failedReason).toMatch(/date/);
    expect(failed!.failedReason).toMatch(/rows/);
    expect(failed!.attemptsMade).toBe(1);
    expect(await batches.count()).toBe(0);
    expect(await processQueue.count()).toBe(0);
  });

  it('the same day enqueued twice gives one batch of raw rows and one process job', async () => {
    const day = '2026-11-20';
    const first = await runner.runDay(day, 'test', { name: 'none' });
    const second = await runner.runDay(day, 'test', { name: 'none' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.jobId).toBe(first.jobId);

    const batch = await waitFor(() => batches.findByDay(day), 60_000, 'daily batch');
    expect(batch.rows).toBeGreaterThanOrEqual(200);
    expect(batch.rows).toBeLessThanOrEqual(300);
    expect(batch.scenario).toBe('none');
    expect(await raw.countByDay(day)).toBe(batch.rows);

    // Running the handler again (a retried job) leaves the same rows, not twice as many.
    const before = await raw.findByDay(day);
    const again = await app.get(GenerateProcessor).generateDay({ date: day, trigger: 'test', scenario: { name: 'none' } }, { updateProgress: async () => undefined } as never);
    expect(again.skipped).toBe(true);
    const after = await raw.findByDay(day);
    expect(after).toHaveLength(before.length);
    expect(after.map((r) => r.record)).toEqual(before.map((r) => r.record));
    expect(await batches.count({ day })).toBe(1);

    const processJobs = await processQueue.getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(processJobs.map((j) => j.id)).toEqual([`process.${day}`]);
  });

  it('a done day is not rewritten after Redis forgot its job ids; another scenario replaces it', async () => {
    const day = '2026-11-21';
    const generator = app.get(GenerateProcessor);
    const progress = { updateProgress: async () => undefined } as never;
    await generator.generateDay({ date: day, trigger: 'test', scenario: { name: 'none' } }, progress);
    const first = await batches.findByDay(day);
    expect(first?.generation).toMatch(/^[0-9a-f-]{36}$/);
    // Redis loses every job of the day (eviction, a flush, the 7-day retention): the day is run again.
    await processQueue.obliterate({ force: true });
    const again = await generator.generateDay({ date: day, trigger: 'test', scenario: { name: 'none' } }, progress);
    expect(again.skipped).toBe(true);
    expect((await batches.findByDay(day))?.generation).toBe(first?.generation);
    // The next stage is handed the day again (it is as idempotent), so a lost hand-off heals.
    expect((await processQueue.getJobs(['waiting'])).map((j) => j.id)).toEqual([`process.${day}`]);

    const recession = await generator.generateDay({ date: day, trigger: 'test', scenario: { name: 'recession' } }, progress);
    expect(recession.skipped).toBe(false);
    const replaced = await batches.findByDay(day);
    expect(replaced?.scenario).toBe('recession');
    expect(replaced?.generation).not.toBe(first?.generation);
    expect(await raw.countByDay(day)).toBe(replaced?.rows);
  });

  it('records missing values and outliers at about the configured rates, and the scenario', async () => {
    const day = '2026-11-21';
    await runner.runDay(day, 'test', { name: 'recession' });
    const batch = await waitFor(() => batches.findByDay(day), 60_000, 'daily batch');
    expect(batch.scenario).toBe('recession');
    const rows = await raw.findByDay(day);
    const cells = rows.length * 23;
    const nulls = rows.reduce((n, r) => n + Object.values(r.record).filter((v) => v === null).length, 0);
    expect(nulls / cells).toBeGreaterThan(0.03);
    expect(nulls / cells).toBeLessThan(0.07);
    expect(rows.every((r) => r.record.default_payment_next_month === 0 || r.record.default_payment_next_month === 1)).toBe(true);
  });

  it('the cron trigger enqueues today once', async () => {
    const now = new Date();
    const a = await app.get(DailySchedule).tick(now);
    const b = await app.get(DailySchedule).tick(now);
    expect(a.jobId).toBe(`generate.${todayUtc(now)}`);
    expect(b.created).toBe(false);
  });

  it('the cron applies retention on the first tick of a UTC day only, however often it ticks', async () => {
    const predictions = app.get(PredictionsRepository);
    const old = (n: number) => ({
      _id: predictionIdBound(Date.UTC(2020, 0, 1, 12)).replace(/-0000-0000-0{12}$/, `-7000-8000-${String(n).padStart(12, '0')}`),
      requestId: `r${n}`,
      modelVersion: 1,
      probability: 0.4,
      default: false,
      features: { AGE: 40 },
    });
    const day1 = new Date(Date.UTC(2030, 0, 1, 2));
    await predictions.insertMany([old(1)]);
    await app.get(DailySchedule).tick(day1);
    expect(await predictions.findById(old(1)._id)).toBeNull();
    expect(await app.get(PredictionDailyRepository).findByDay('2020-01-01')).toMatchObject({ predictions: 1 });
    // Another tick the same day leaves what arrived since alone; the next day's first tick compacts it.
    await predictions.insertMany([old(2)]);
    await app.get(DailySchedule).tick(new Date(day1.getTime() + 1000));
    expect(await predictions.findById(old(2)._id)).not.toBeNull();
    await app.get(DailySchedule).tick(new Date(day1.getTime() + 86_400_000));
    expect(await predictions.findById(old(2)._id)).toBeNull();
  });
});
