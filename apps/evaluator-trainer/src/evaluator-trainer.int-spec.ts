import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import { Queue } from 'bullmq';
import { Model } from 'mongoose';
import { JOBS, jobIds, QUEUES } from '@loan/contracts';
import {
  AlertsRepository,
  dayRowId,
  EvaluationEventsRepository,
  ModelAliasesRepository,
  ModelVersionsRepository,
  ModelWeightChunkDoc,
  ProcessedDataRepository,
  ProcessingMetadataRepository,
  TrainingEventsRepository,
} from '@loan/data-access';
import { EncodedRow, LABEL_COLUMN, preprocessBatch, splitForDay } from '@loan/features';
import { ChecksumMismatchError, pairedAucDifference } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { AppConfig, JobsProducer, ReferenceDataService } from '@loan/platform';
import { createTestEnv, waitFor } from '@loan/testing';
import { RealRowsModel, seedTinyChampion } from '@loan/testing-models';
import { EvaluatorTrainerModule } from './evaluator-trainer.module';

const DAY = '2026-11-23';
/** Three shifted days ending on DAY, newest first: the window a fine-tune of DAY trains on. */
const SHIFTED_DAYS = ['2026-11-23', '2026-11-22', '2026-11-21'];
const SHIFTED_ROWS_PER_DAY = 400;

interface Seeded {
  app: INestApplicationContext;
  champion: RealRowsModel;
  /** Real rows (3,600+) encoded with the champion's fit, for days beyond the fixture's 600. */
  more: { encoded: EncodedRow[]; labels: number[] };
}

/**
 * One trainer app per describe block, on its own database and queue prefix, seeded with a small champion;
 * `seedDays` then stores that block's processed days. Returns a getter: the app exists once beforeAll ran.
 */
function seededTrainerApp(name: string, vars: Record<string, string>, seedDays: (s: Seeded) => Promise<void>): () => Seeded {
  const env = createTestEnv(name, vars);
  let seeded: Seeded;
  beforeAll(async () => {
    env.apply();
    const app = await NestFactory.createApplicationContext(EvaluatorTrainerModule, { logger: ['error'] });
    await app.init();
    const champion = await seedTinyChampion(app);
    const { rows } = await new ReferenceDataService(app.get(AppConfig)).load();
    const extra = rows.slice(3600, 3600 + SHIFTED_DAYS.length * SHIFTED_ROWS_PER_DAY + 600);
    seeded = { app, champion, more: { encoded: preprocessBatch(extra, champion.fit), labels: extra.map((r) => r[LABEL_COLUMN]) } };
    await seedDays(seeded);
  }, 180_000);
  afterAll(async () => {
    await seeded?.app.close();
    await env.cleanup();
  });
  return () => seeded;
}

/** Stores rows as one processed day, split as the processor splits them, with the metadata that lists it as processed. */
async function storeDay(app: INestApplicationContext, day: string, fingerprint: string, encoded: EncodedRow[], labels: number[]): Promise<void> {
  const docs = encoded.map((e, i) => ({ _id: dayRowId(day, i), day, row: i, ...e, label: labels[i], split: splitForDay(day, i), preprocessingVersion: fingerprint }));
  await app.get(ProcessedDataRepository).replaceDay(day, docs);
  const evaluationRows = docs.filter((d) => d.split === 'evaluation').length;
  await app.get(ProcessingMetadataRepository).upsert({
    day,
    preprocessingVersion: fingerprint,
    rows: docs.length,
    processedRows: docs.length,
    quarantinedRows: 0,
    evaluationRows,
    tuningRows: docs.length - evaluationRows,
    quality: {},
  });
}

/** The shifted concept: the same borrowers, but the relation between features and default reversed. */
const shifted = (labels: number[]): number[] => labels.map((l) => 1 - l);

describe('evaluator-trainer when no attempt can beat the champion', () => {
  // The F1 override forces the retrain; an unreachable significance level makes every attempt fail.
  const trainer = seededTrainerApp('trainer_fail', { F1_THRESHOLD: '0.99', MAX_RETRAIN_ATTEMPTS: '3', ATTEMPT_ALPHA: '0.000000001' }, async ({ app, champion }) => {
    // The day: 600 real rows the champion never saw, same concept.
    await storeDay(app, DAY, champion.fit.fingerprint, champion.encoded.slice(3000), champion.labels.slice(3000));
  });

  it('evaluates, climbs 3 rungs, raises one CRITICAL alert and leaves the champion alone', async () => {
    const { app } = trainer();
    await app.get(JobsProducer).enqueue(JOBS.EVALUATE_DAY, { date: DAY }, jobIds.evaluate(DAY));
    const alerts = app.get(AlertsRepository);
    const [alert] = await waitFor(async () => {
      const list = await alerts.list({ day: DAY });
      return list.length ? list : undefined;
    }, 150_000, 'a CRITICAL alert');
    expect(alert.severity).toBe('CRITICAL');

    const [evaluation] = await app.get(EvaluationEventsRepository).findByDay(DAY);
    expect(evaluation).toMatchObject({ version: 1, decision: 'retrain', f1Threshold: 0.99, f1ThresholdSource: 'configured' });
    expect(evaluation.rows).toBeGreaterThan(200);
    // Same concept: the calibration test ran against the version's expected offset and stayed quiet.
    const champion = await app.get(ModelVersionsRepository).findByVersion(1);
    expect(evaluation.calibration).toMatchObject({ expected: champion?.metrics['expectedCalibrationOffset'], margin: 0.15, shifted: false });
    expect(evaluation.triggers).not.toContain('calibration');

    const attempts = await app.get(TrainingEventsRepository).findByDay(DAY);
    const rungs = attempts.map((a) => a.rung);
    expect(alert.details).toMatchObject({ attempts: 3, rungs, alpha: 1e-9 });
    expect(attempts.map((a) => [a.attempt, a.success, a.newVersion])).toEqual([
      [1, false, null],
      [2, false, null],
      [3, false, null],
    ]);
    // The ladder: recalibration first unless the day's AUC decayed (then head, full, scratch).
    expect([['recalibrate', 'head', 'full'], ['head', 'full', 'scratch']]).toContainEqual(rungs);
    for (const a of attempts) {
      expect(a).toMatchObject({ windowDays: [DAY], dayWeights: [1], baseVersion: 1 });
      // FINE_TUNE_REPLAY_SHARE 0.25 of the ~300 evaluation rows, on top of the ~240 trained on.
      expect(a.replayRows).toBeGreaterThan(50);
      expect(a.trainRows - a.replayRows).toBeGreaterThan(3 * a.replayRows);
      expect(a.judgeRows).toBeGreaterThan(200);
      expect(a.statistic).toBe(a.rung === 'recalibrate' ? 'bootstrap-f1' : 'delong-auc');
      expect(a.se).toBeGreaterThanOrEqual(0);
      expect(a.championMetrics['count']).toBe(a.judgeRows);
    }
    expect((await alerts.list()).length).toBe(1);
    expect(await app.get(ModelAliasesRepository).get('champion')).toMatchObject({ version: 1 });
    expect((await app.get(ModelVersionsRepository).list()).map((v) => v.version)).toEqual([1]);
    const deploy: Queue = app.get(getQueueToken(QUEUES.DEPLOY));
    expect(await deploy.count()).toBe(0);
  });
});

describe('evaluator-trainer on a shifted-concept window', () => {
  // The whole window is shifted; FINE_TUNE_FROM_EPISODE_START (unit-tested in libs/ml) would otherwise
  // cut it to the days whose own evaluation ran, and only DAY's does here.
  const trainer = seededTrainerApp('trainer_shift', { FINE_TUNE_FROM_EPISODE_START: 'false', ATTEMPT_ALPHA: '0.05', F1_THRESHOLD: '' }, async ({ app, champion, more }) => {
    for (const [k, day] of SHIFTED_DAYS.entries()) {
      const from = k * SHIFTED_ROWS_PER_DAY;
      const to = from + SHIFTED_ROWS_PER_DAY;
      await storeDay(app, day, champion.fit.fingerprint, more.encoded.slice(from, to), shifted(more.labels.slice(from, to)));
    }
  });

  it('detects the decay, heals with a version that beats the champion on unseen rows, registers its lineage and queues its deploy', async () => {
    const { app, more } = trainer();
    await app.get(JobsProducer).enqueue(JOBS.EVALUATE_DAY, { date: DAY }, jobIds.evaluate(DAY));
    const versions = app.get(ModelVersionsRepository);
    const v2 = await waitFor(() => versions.findByVersion(2), 150_000, 'version 2');
    const [evaluation] = await app.get(EvaluationEventsRepository).findByDay(DAY);
    expect(evaluation.decision).toBe('retrain');
    expect(evaluation.triggers).toContain('decay');
    // Reversed labels move the level of the relation too: the calibration test fires as well.
    expect(evaluation.calibration).toMatchObject({ shifted: true });
    expect(evaluation.triggers).toContain('calibration');
    expect(v2).toMatchObject({ kind: 'fine-tuned', parentVersion: 1, trainingDays: SHIFTED_DAYS, trainingKey: `train.${DAY}.a${v2.attempt}` });

    const attempts = await app.get(TrainingEventsRepository).findByDay(DAY);
    const winner = attempts[attempts.length - 1];
    expect(winner).toMatchObject({ success: true, newVersion: 2, windowDays: SHIFTED_DAYS, statistic: 'delong-auc', alpha: 0.05 });
    // The day's AUC decayed, so the ladder skipped recalibration.
    expect(attempts[0].rung).toBe('head');
    expect(winner.dayWeights[0]).toBe(1);
    expect(winner.dayWeights[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(winner.dayWeights[2]).toBeCloseTo(0.5, 6);
    expect(winner.replayRows).toBeGreaterThan(0);
    expect(winner.judgeRows).toBeGreaterThan(400);
    expect(winner.pValue).toBeLessThan(0.05);
    expect(winner.difference).toBeGreaterThan(0);
    // What the evaluator compares later days against, and the evidence for the promotion.
    expect(v2.metrics).toMatchObject({ judgeRows: winner.judgeRows, aucDifference: winner.difference, aucDifferenceSe: winner.se, aucDifferenceP: winner.pValue });
    expect(v2.metrics['expectedRocAuc']).toBeCloseTo(winner.metrics['rocAuc'], 9);
    expect(v2.metrics['expectedRocAuc']).toBeGreaterThan(winner.championMetrics['rocAuc']);
    expect(v2.metrics['expectedRocAucSe']).toBeGreaterThan(0);
    expect(v2.metrics['expectedCalibrationOffsetSe']).toBeGreaterThan(0);

    const deploy: Queue = app.get(getQueueToken(QUEUES.DEPLOY));
    const jobs = await deploy.getJobs(['waiting']);
    expect(jobs.map((j) => [j.id, j.data.candidateVersion])).toEqual([[`deploy.${DAY}.v2`, 2]]);
    expect(await app.get(ModelAliasesRepository).get('champion')).toMatchObject({ version: 1 });

    // On 600 shifted rows no model saw (neither trained nor judged on), the new version beats the champion.
    const registry = app.get(ModelRegistryService);
    const [loaded, champion] = [await registry.load(2), await registry.load(1)];
    expect(loaded.model.threshold).toBe(v2.threshold);
    const unseen = more.encoded.slice(SHIFTED_DAYS.length * SHIFTED_ROWS_PER_DAY);
    const unseenLabels = shifted(more.labels.slice(SHIFTED_DAYS.length * SHIFTED_ROWS_PER_DAY));
    const diff = pairedAucDifference(unseenLabels, await loaded.model.predictProba(unseen), await champion.model.predictProba(unseen));
    expect(diff.difference).toBeGreaterThan(0);
    expect(diff.pValue).toBeLessThan(0.05);
    loaded.model.dispose();
    champion.model.dispose();

    // Flipping one weight byte makes the stored artifact refuse to load.
    const chunks = app.get<Model<ModelWeightChunkDoc>>(getModelToken(ModelWeightChunkDoc.name));
    const chunk = await chunks.findOne({ checksum: v2.checksum }).exec();
    if (!chunk) throw new Error(`no weight chunk stored for checksum ${v2.checksum}`);
    const data = Buffer.from(chunk.data);
    data[10] ^= 0xff;
    await chunks.updateOne({ _id: chunk._id }, { $set: { data } }).exec();
    await expect(registry.load(2)).rejects.toBeInstanceOf(ChecksumMismatchError);
  });
});
