import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import mongoose, { Model, Types } from 'mongoose';
import { createTestEnv } from '@loan/testing';
import { DataAccessModule } from './data-access.module';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
import { EvaluationEventsRepository } from './repositories/evaluation-events.repository';
import { TrainingEventsRepository } from './repositories/training-events.repository';
import { EvaluationEventDoc } from './schemas/evaluation-event.schema';
import { ProcessingMetadataRepository } from './repositories/processing-metadata.repository';
import { DailyBatchDoc } from './schemas/daily-batch.schema';

const batch = (day: string, rows: number): DailyBatchDoc => ({ day, scenario: 'none', seed: 1, rows, distributionModelVersion: 1, trigger: 'test' });

describe('per-day summaries keyed by _id = day', () => {
  const env = createTestEnv('daykeyed');
  let app: INestApplicationContext;

  @Module({ imports: [MongooseModule.forRoot(env.vars.MONGODB_URI), DataAccessModule] })
  class DayKeyedTestModule {}

  beforeAll(async () => {
    // Documents as an earlier version wrote them: an ObjectId _id, found by `day`.
    const conn = await mongoose.createConnection(env.vars.MONGODB_URI).asPromise();
    await conn.collection('daily_batches').insertMany([
      { _id: new Types.ObjectId(), ...batch('2026-03-01', 800) },
      { _id: new Types.ObjectId(), ...batch('2026-03-02', 900) },
    ] as never[]);
    await conn.close();
    app = await NestFactory.createApplicationContext(DayKeyedTestModule, { logger: ['error'] });
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('re-keys documents written before, at start-up, without losing one', async () => {
    const model = app.get<Model<DailyBatchDoc>>(getModelToken(DailyBatchDoc.name));
    const ids = (await model.collection.find({}).toArray()).map((d) => d._id).sort();
    expect(ids).toEqual(['2026-03-01', '2026-03-02']);
    const repo = app.get(DailyBatchesRepository);
    expect(await repo.findByDay('2026-03-02')).toEqual(expect.objectContaining({ _id: '2026-03-02', day: '2026-03-02', rows: 900 }));
  });

  it('stores one document a day under its day, found by _id; a re-run overwrites it', async () => {
    const repo = app.get(DailyBatchesRepository);
    await repo.upsert(batch('2026-03-03', 700));
    await repo.upsert(batch('2026-03-03', 701));
    expect(await repo.count({ day: '2026-03-03' })).toBe(1);
    expect(await repo.findByDay('2026-03-03')).toEqual(expect.objectContaining({ _id: '2026-03-03', rows: 701 }));
    expect(await repo.findByDay('2026-03-04')).toBeNull();
  });

  it('lists the processed days up to a day, newest first', async () => {
    const metadata = app.get(ProcessingMetadataRepository);
    for (const day of ['2026-04-03', '2026-04-01', '2026-04-05', '2026-04-02']) {
      await metadata.upsert({ day, preprocessingVersion: 'p', rows: 1, processedRows: 1, quarantinedRows: 0, evaluationRows: 1 } as never);
    }
    expect(await metadata.recentDays('2026-04-04', 2)).toEqual(['2026-04-03', '2026-04-02']);
    expect(await metadata.recentDays('2026-04-09', 10)).toEqual(['2026-04-05', '2026-04-03', '2026-04-02', '2026-04-01']);
  });

  it('reads a range of days by _id: day-keyed documents, and `<day>:…` ids including the last day and nothing after', async () => {
    const metadata = app.get(ProcessingMetadataRepository);
    expect((await metadata.between('2026-04-02', '2026-04-03')).map((d) => d.day)).toEqual(['2026-04-02', '2026-04-03']);
    expect(await metadata.between('2026-04-06', '2026-04-09')).toEqual([]);

    const evaluations = app.get(EvaluationEventsRepository);
    const evaluation = (day: string, version: number): EvaluationEventDoc =>
      ({ _id: `${day}:v${version}`, day, version, rows: 1, threshold: 0.5, metrics: { f1: version / 100 }, f1Threshold: 0.4, f1ThresholdSource: 'test', decision: 'ok', triggers: [], statistic: null, value: null, se: null, expected: null, expectedSe: null, expectedSource: null, z: null, bound: null, margin: 0, alpha: 0.01, n: 1, positives: 0 });
    for (const [day, version] of [['2026-05-01', 2], ['2026-05-02', 2], ['2026-05-02', 10], ['2026-05-03', 3], ['2026-05-04', 3]] as const) {
      await evaluations.upsert(evaluation(day, version));
    }
    expect((await evaluations.between('2026-05-02', '2026-05-03')).map((d) => d._id)).toEqual(['2026-05-02:v10', '2026-05-02:v2', '2026-05-03:v3']);
    // The newest day's highest version, although 'v10' sorts before 'v2' as text.
    await evaluations.upsert(evaluation('2026-05-04', 10));
    expect((await evaluations.latest())?._id).toBe('2026-05-04:v10');

    const trainings = app.get(TrainingEventsRepository);
    const model = app.get<Model<unknown>>(getModelToken('TrainingEventDoc'));
    await model.collection.insertMany([{ _id: '2026-05-02:a1', day: '2026-05-02' }, { _id: '2026-05-02:admin:a1', day: '2026-05-02' }, { _id: '2026-05-03:a2', day: '2026-05-03' }] as never[]);
    expect((await trainings.between('2026-05-02', '2026-05-02')).map((d) => d._id)).toEqual(['2026-05-02:a1', '2026-05-02:admin:a1']);
  });
});
