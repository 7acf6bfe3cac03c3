import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import { Binary } from 'mongodb';
import { Model } from 'mongoose';
import { LABEL_COLUMN, PACKED_FEATURES_BYTES } from '@loan/features';
import { sampleRow } from '@loan/features/testing';
import { predictionIdBound } from '@loan/serving';
import { createTestEnv } from '@loan/testing';
import { DataAccessModule } from './data-access.module';
import { DailyBatchesRepository } from './repositories/daily-batches.repository';
import { dayRowId } from './repositories/day-rows';
import { PredictionDailyRepository } from './repositories/prediction-daily.repository';
import { PredictionsRepository } from './repositories/predictions.repository';
import { ProcessedDataRepository } from './repositories/processed-data.repository';
import { RawDataRepository } from './repositories/raw-data.repository';
import { RetentionService } from './retention.service';
import { ShadowAgreementService } from './shadow-agreement.service';
import { ProcessedRowDoc } from './schemas/processed-row.schema';
import { PredictionDoc } from './schemas/prediction.schema';

const sampleFeatures = () => {
  const { [LABEL_COLUMN]: _label, ...features } = sampleRow();
  return features;
};

/** A v7-shaped prediction id served at `ms`. */
const idAt = (ms: number, n: number) => predictionIdBound(ms).replace(/-0000-0000-0{12}$/, `-7000-8000-${String(n).padStart(12, '0')}`);
const at = (day: string, hour = 12) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('retention on the MongoDB-wire server', () => {
  const env = createTestEnv('retention');
  let app: INestApplicationContext;
  let retention: RetentionService;
  let predictions: PredictionsRepository;
  let daily: PredictionDailyRepository;
  let batches: DailyBatchesRepository;
  let raw: RawDataRepository;
  let processed: ProcessedDataRepository;

  beforeAll(async () => {
    @Module({ imports: [MongooseModule.forRoot(env.vars.MONGODB_URI), DataAccessModule] })
    class RetentionTestModule {}
    app = await NestFactory.createApplicationContext(RetentionTestModule, { logger: ['error'] });
    retention = app.get(RetentionService);
    predictions = app.get(PredictionsRepository);
    daily = app.get(PredictionDailyRepository);
    batches = app.get(DailyBatchesRepository);
    raw = app.get(RawDataRepository);
    processed = app.get(ProcessedDataRepository);
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  const prediction = (ms: number, n: number, version: number, probability: number, shadowAgree?: boolean) => ({
    _id: idAt(ms, n),
    requestId: `r${n}`,
    modelVersion: version,
    probability,
    default: probability >= 0.5,
    features: { AGE: 30 },
    ...(shadowAgree === undefined ? {} : { shadow: { version: 9, probability, default: probability >= 0.5, agree: shadowAgree } }),
  });

  async function storeDay(day: string, rows: number) {
    await batches.upsert({ day, scenario: 'none', seed: 1, rows, distributionModelVersion: 1, trigger: 'test' });
    await raw.replaceDay(day, Array.from({ length: rows }, (_, row) => ({ _id: dayRowId(day, row), day, row, scenario: 'none', record: { AGE: row } })));
    await processed.replaceDay(
      day,
      Array.from({ length: rows }, (_, row) => ({ _id: dayRowId(day, row), day, row, split: 'evaluation', label: 0, categorical: [], numeric: [row], preprocessingVersion: 'p1' }) as unknown as ProcessedRowDoc),
    );
  }

  it('tallies and deletes predictions before the horizon, removes old days\' rows, keeps the rest; a second run changes nothing', async () => {
    // Today 2026-06-10, horizon 3 days: keep from 2026-06-07.
    await predictions.insertMany([
      prediction(at('2026-06-05', 0), 1, 1, 0.2, true),
      prediction(at('2026-06-05', 23), 2, 1, 0.8, false),
      prediction(at('2026-06-06'), 3, 2, 0.6, true),
      prediction(at('2026-06-06', 23) + 3_599_999, 4, 2, 0.4),
      prediction(at('2026-06-07', 0), 5, 2, 0.7, true),
      prediction(at('2026-06-09'), 6, 2, 0.1, true),
    ]);
    for (const d of ['2026-06-05', '2026-06-06', '2026-06-07', '2026-06-09']) await storeDay(d, 600);
    expect((await app.get(ShadowAgreementService).of(9))).toEqual({ compared: 5, agreed: 4 });

    const report = await retention.compact('2026-06-10', 3);
    expect(report).toEqual({
      keepFrom: '2026-06-07',
      predictionDays: ['2026-06-05', '2026-06-06'],
      predictionsDeleted: 4,
      rowDays: ['2026-06-05', '2026-06-06'],
      rowsDeleted: 2 * 2 * 600,
    });
    expect(await predictions.findById(idAt(at('2026-06-06'), 3))).toBeNull();
    expect(await predictions.findById(idAt(at('2026-06-07', 0), 5))).not.toBeNull();
    expect(await predictions.findById(idAt(at('2026-06-09'), 6))).not.toBeNull();
    expect(await daily.findByDay('2026-06-05')).toMatchObject({
      predictions: 2,
      byVersion: [{ version: 1, predictions: 2, defaults: 1, meanProbability: expect.closeTo(0.5, 12) }],
      shadow: [{ version: 9, compared: 2, agreed: 1 }],
    });
    expect(await daily.findByDay('2026-06-06')).toMatchObject({ predictions: 2, byVersion: [{ version: 2, predictions: 2, defaults: 1 }], shadow: [{ version: 9, compared: 1, agreed: 1 }] });
    expect(await daily.findByDay('2026-06-07')).toBeNull();
    // Shadow agreement counts the compacted days too: nothing a challenger was judged on is lost.
    expect(await app.get(ShadowAgreementService).of(9)).toEqual({ compared: 5, agreed: 4 });

    expect(await raw.countByDay('2026-06-06')).toBe(0);
    expect(await raw.findByDay('2026-06-05')).toEqual([]);
    expect(await processed.findByDay('2026-06-06')).toEqual([]);
    expect(await raw.countByDay('2026-06-07')).toBe(600);
    expect((await processed.findByDay('2026-06-09')).length).toBe(600);
    expect(await batches.findByDay('2026-06-05')).toMatchObject({ day: '2026-06-05', rows: 600, rowsRetiredAt: expect.any(Date) });
    expect((await batches.findByDay('2026-06-07'))?.rowsRetiredAt).toBeNull();

    expect(await retention.compact('2026-06-10', 3)).toEqual({ keepFrom: '2026-06-07', predictionDays: [], predictionsDeleted: 0, rowDays: [], rowsDeleted: 0 });
  });

  it('a run stopped after tallying keeps the whole day\'s tally when run again on what was left', async () => {
    const day = '2026-05-01';
    await predictions.insertMany([prediction(at(day, 1), 11, 3, 0.9), prediction(at(day, 2), 12, 3, 0.9), prediction(at(day, 3), 13, 3, 0.1)]);
    // The crashed run: the tally was written, one prediction deleted, then it stopped.
    await daily.keepFirst({ _id: day, predictions: 3, byVersion: [{ version: 3, predictions: 3, defaults: 2, meanProbability: 1.9 / 3 }], shadow: [] });
    await predictions.deleteServedBefore(predictionIdBound(at(day, 2)));
    const report = await retention.compact('2026-06-10', 3);
    expect(report.predictionDays).toEqual([day]);
    expect(report.predictionsDeleted).toBe(2);
    expect((await daily.findByDay(day))?.predictions).toBe(3);
  });

  it('a day generated again after its rows were retired is retired again', async () => {
    await storeDay('2026-06-05', 10);
    expect(await batches.daysWithRowsBefore('2026-06-07')).toEqual(['2026-06-05']);
    expect((await retention.compact('2026-06-10', 3)).rowsDeleted).toBe(20);
  });

  it('stores predictions through the driver as mongoose would read them; a retried write adds nothing', async () => {
    const docs = [prediction(at('2026-07-01'), 21, 4, 0.3, true), prediction(at('2026-07-01'), 22, 4, 0.7)];
    await predictions.insertMany(docs);
    await predictions.insertMany([...docs, prediction(at('2026-07-01'), 23, 4, 0.9)]);
    const stored = await predictions.findById(docs[0]._id);
    expect(stored).toMatchObject({ requestId: 'r21', modelVersion: 4, probability: 0.3, default: false, features: { AGE: 30 }, shadow: { version: 9, agree: true } });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(await predictions.findById(docs[1]._id)).not.toHaveProperty('shadow');
    expect(await predictions.findById(idAt(at('2026-07-01'), 23))).not.toBeNull();
  });

  it('stores a prediction\'s features as one packed binary field and reads them back as the row; older documents read as stored', async () => {
    const collection = app.get<Model<PredictionDoc>>(getModelToken(PredictionDoc.name)).collection;
    const full = { ...prediction(at('2026-07-02'), 31, 4, 0.2), features: { ...sampleFeatures(), EDUCATION: null, LIMIT_BAL: 123_456.5 } };
    await predictions.insertMany([full]);
    const raw = await collection.findOne({ _id: full._id as never });
    expect(raw?.features).toBeInstanceOf(Binary);
    expect((raw?.features as Binary).length()).toBe(PACKED_FEATURES_BYTES);
    expect((await predictions.findById(full._id))?.features).toEqual(full.features);

    const legacy = { ...prediction(at('2026-07-02'), 32, 4, 0.2), features: { AGE: 41, SEX: 2 }, createdAt: new Date() };
    await collection.insertOne(legacy as never);
    expect((await predictions.findById(legacy._id))?.features).toEqual({ AGE: 41, SEX: 2 });

    await expect(predictions.insertMany([{ ...prediction(at('2026-07-02'), 33, 4, 0.2), features: { INCOME: 5 } }])).rejects.toThrow(/"INCOME" is not a feature column/);
    expect(await predictions.findById(idAt(at('2026-07-02'), 33))).toBeNull();
  });

  it('refuses a horizon that is not a positive whole number of days', async () => {
    await expect(retention.compact('2026-06-10', 0)).rejects.toThrow(/horizon/);
    await expect(retention.compact('2026-06-10', 1.5)).rejects.toThrow(/horizon/);
  });
});
