import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import { Queue } from 'bullmq';
import { Model } from 'mongoose';
import { JOBS, jobIds, QUEUES } from '@loan/contracts';
import {
  AlertsRepository,
  EvaluationEventsRepository,
  ModelAliasesRepository,
  ModelVersionsRepository,
  ModelWeightChunkDoc,
  TrainingEventsRepository,
} from '@loan/data-access';
import { ChecksumMismatchError } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { JobsProducer } from '@loan/platform';
import { createTestEnv, waitFor } from '@loan/testing';
import { seedProcessedDay, trainTinyModelOnRealRows } from '@loan/testing-models';
import { EvaluatorTrainerModule } from './evaluator-trainer.module';

const DAY = '2026-11-23';

/**
 * One trainer app per describe block, on its own database and queue prefix, seeded with a small champion
 * and a processed day; returns a getter because the app exists only once beforeAll has run.
 */
function seededTrainerApp(name: string, vars: Record<string, string>): () => INestApplicationContext {
  const env = createTestEnv(name, vars);
  let app: INestApplicationContext;
  beforeAll(async () => {
    env.apply();
    app = await NestFactory.createApplicationContext(EvaluatorTrainerModule, { logger: ['error'] });
    await app.init();
    await seedChampionAndDay(app);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });
  return () => app;
}

/** Seeds the app's database: a small champion trained on real rows, and one processed day of other real rows. */
async function seedChampionAndDay(app: INestApplicationContext): Promise<void> {
  const data = await trainTinyModelOnRealRows(app);
  const doc = await app.get(ModelRegistryService).register({
    model: data.model,
    trainingKey: 'test.champion',
    kind: 'fine-tuned',
    parentVersion: null,
    trainingDays: [],
    attempt: null,
    metrics: { f1: data.validationF1 },
    durationMs: 0,
  });
  data.model.dispose();
  await app.get(ModelAliasesRepository).compareAndSet('champion', null, doc.version, 'test');
  // The day: 600 real rows the champion never saw, split as the processor splits them.
  await seedProcessedDay(app, DAY, data);
}

describe('evaluator-trainer with an unreachable F1 threshold', () => {
  const trainer = seededTrainerApp('trainer_fail', { F1_THRESHOLD: '0.99', MAX_RETRAIN_ATTEMPTS: '3' });

  it('evaluates, tries exactly 3 fine-tunes, raises one CRITICAL alert and leaves the champion alone', async () => {
    const app = trainer();
    await app.get(JobsProducer).enqueue(JOBS.EVALUATE_DAY, { date: DAY }, jobIds.evaluate(DAY));
    const alerts = app.get(AlertsRepository);
    const [alert] = await waitFor(async () => {
      const list = await alerts.list({ day: DAY });
      return list.length ? list : undefined;
    }, 150_000, 'a CRITICAL alert');
    expect(alert.severity).toBe('CRITICAL');
    expect(alert.details).toMatchObject({ attempts: 3, f1Threshold: 0.99 });

    const [evaluation] = await app.get(EvaluationEventsRepository).findByDay(DAY);
    expect(evaluation).toMatchObject({ version: 1, decision: 'retrain', f1Threshold: 0.99, f1ThresholdSource: 'configured' });
    expect(evaluation.rows).toBeGreaterThan(200);
    expect(evaluation.metrics['f1']).toBeGreaterThan(0);

    const attempts = await app.get(TrainingEventsRepository).findByDay(DAY);
    expect(attempts.map((a) => [a.attempt, a.success, a.newVersion])).toEqual([
      [1, false, null],
      [2, false, null],
      [3, false, null],
    ]);
    expect((await alerts.list()).length).toBe(1);
    expect(await app.get(ModelAliasesRepository).get('champion')).toMatchObject({ version: 1 });
    expect((await app.get(ModelVersionsRepository).list()).map((v) => v.version)).toEqual([1]);
    const deploy: Queue = app.get(getQueueToken(QUEUES.DEPLOY));
    expect(await deploy.count()).toBe(0);
  });
});

describe('evaluator-trainer with a reachable F1 threshold', () => {
  const trainer = seededTrainerApp('trainer_ok', { F1_THRESHOLD: '0.05' });

  it('a fine-tune that reaches the bar registers a new version with its lineage and metrics, and queues its deploy job', async () => {
    const app = trainer();
    await app.get(JobsProducer).enqueue(JOBS.TRAIN_MODEL, { date: DAY, attempt: 1, reason: 'f1_below_threshold', baseVersion: 1 }, jobIds.train(DAY, 1));
    const versions = app.get(ModelVersionsRepository);
    const v2 = await waitFor(() => versions.findByVersion(2), 120_000, 'version 2');
    expect(v2).toMatchObject({ kind: 'fine-tuned', parentVersion: 1, trainingDays: [DAY], attempt: 1, trainingKey: `train.${DAY}.a1` });
    expect(v2.metrics['f1']).toBeGreaterThanOrEqual(0.05);
    expect(v2.metrics['count']).toBeGreaterThan(200);

    const deploy: Queue = app.get(getQueueToken(QUEUES.DEPLOY));
    const jobs = await deploy.getJobs(['waiting']);
    expect(jobs.map((j) => [j.id, j.data.candidateVersion])).toEqual([[`deploy.${DAY}.v2`, 2]]);
    expect(await app.get(ModelAliasesRepository).get('champion')).toMatchObject({ version: 1 });

    // The stored artifact loads and predicts; flipping one weight byte makes it refuse to load.
    const loaded = await app.get(ModelRegistryService).load(2);
    expect(loaded.model.threshold).toBe(v2.threshold);
    loaded.model.dispose();
    const chunks = app.get<Model<ModelWeightChunkDoc>>(getModelToken(ModelWeightChunkDoc.name));
    const chunk = await chunks.findOne({ checksum: v2.checksum }).exec();
    const data = Buffer.from(chunk!.data);
    data[10] ^= 0xff;
    await chunks.updateOne({ _id: chunk!._id }, { $set: { data } }).exec();
    await expect(app.get(ModelRegistryService).load(2)).rejects.toBeInstanceOf(ChecksumMismatchError);
  });
});
