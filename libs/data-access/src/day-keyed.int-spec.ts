import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import mongoose, { Model, Types } from 'mongoose';
import { createTestEnv } from '@loan/testing';
import { DataAccessModule } from './data-access.module';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
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
});
