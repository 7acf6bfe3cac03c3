import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { JOBS, jobIds, modelReloadChannel } from '@loan/contracts';
import {
  DayDataService,
  DeploymentEventsRepository,
  ModelAliasesRepository,
  ProcessingMetadataRepository,
} from '@loan/data-access';
import { LoanModel, TabTransformer } from '@loan/ml';
import { DeploymentService, ModelRegistryService } from '@loan/model-registry';
import { JobsProducer } from '@loan/platform';
import { createTestEnv, waitFor } from '@loan/testing';
import { seedProcessedDay, TINY_MODEL, trainTinyModelOnRealRows } from '@loan/testing-models';
import { DeployerModule } from './deployer.module';

const DAY = '2026-11-23';

describe('deployer on the real services', () => {
  const env = createTestEnv('deployer', { MIN_EVAL_ROWS: '100' });
  let app: INestApplicationContext;
  let subscriber: Redis;
  const messages: string[] = [];
  let trained: LoanModel;
  let untrained: LoanModel;

  beforeAll(async () => {
    env.apply();
    app = await NestFactory.createApplicationContext(DeployerModule, { logger: ['error'] });
    await app.init();
    subscriber = new Redis(env.vars.REDIS_URL);
    subscriber.on('message', (_c, m) => messages.push(m));
    await subscriber.subscribe(modelReloadChannel(env.prefix));

    const data = await trainTinyModelOnRealRows(app);
    trained = data.model;
    // Predicts "no default" for everyone: F1 0, so any trained model beats it and it beats nothing.
    untrained = new LoanModel(new TabTransformer(TINY_MODEL), { threshold: 1, preprocessingVersion: data.fit.fingerprint });
    await seedProcessedDay(app, DAY, data);
    await app.get(ProcessingMetadataRepository).upsert({
      day: DAY,
      preprocessingVersion: data.fit.fingerprint,
      rows: 600,
      processedRows: 600,
      quarantinedRows: 0,
      evaluationRows: 300,
      tuningRows: 300,
      quality: {},
    });
  }, 180_000);

  afterAll(async () => {
    trained?.dispose();
    untrained?.dispose();
    await subscriber?.quit();
    await app?.close();
    await env.cleanup();
  });

  const register = (model: LoanModel, key: string, judgeDays?: string[]) =>
    app.get(ModelRegistryService).register({
      model,
      trainingKey: key,
      kind: 'fine-tuned',
      parentVersion: null,
      trainingDays: [DAY],
      judgeDays,
      attempt: 1,
      metrics: {},
      durationMs: 0,
    });

  it('promotes a better candidate, records why, tells serving, and a re-run of the job changes nothing', async () => {
    const weak = await register(untrained, 'test.weak');
    await app.get(ModelAliasesRepository).compareAndSet('champion', null, weak.version, 'test');
    const strong = await register(trained, 'test.strong');
    const jobId = jobIds.deploy(DAY, strong.version);
    await app.get(JobsProducer).enqueue(JOBS.DEPLOY_MODEL, { date: DAY, candidateVersion: strong.version }, jobId);

    const events = app.get(DeploymentEventsRepository);
    const event = await waitFor(() => events.findById(jobId), 60_000, 'deployment event');
    expect(event).toMatchObject({ action: 'promote', actor: 'policy', fromVersion: weak.version, toVersion: strong.version, championChanged: true });
    const metrics = event.metrics as { rows: number; candidate: { f1: number }; champion: { f1: number } };
    expect(metrics.rows).toBeGreaterThanOrEqual(100);
    expect(metrics.candidate.f1).toBeGreaterThan(metrics.champion.f1 + 0.01);
    const champion = await app.get(ModelAliasesRepository).get('champion');
    expect(champion).toMatchObject({ version: strong.version, previousVersion: weak.version });
    await waitFor(async () => messages.some((m) => JSON.parse(m).champion === strong.version), 10_000, 'reload message');

    const again = await app.get(DeploymentService).decide(jobId, DAY, strong.version);
    expect(again).toMatchObject({ recorded: false, action: 'promote' });
    const after = (await app.get(ModelAliasesRepository).get('champion')) as { updatedAt?: Date } | null;
    expect(after?.updatedAt).toEqual((champion as { updatedAt?: Date } | null)?.updatedAt);
    expect(await events.findByDay(DAY)).toHaveLength(1);
  });

  it('makes a worse candidate the challenger, naming the failed rule; rollback returns to the previous champion', async () => {
    const worse = await register(untrained, 'test.worse');
    const outcome = await app.get(DeploymentService).decide(jobIds.deploy(DAY, worse.version), DAY, worse.version);
    expect(outcome.action).toBe('challenger');
    expect(outcome.reasons.join(' ')).toMatch(/F1/);
    const aliases = app.get(ModelAliasesRepository);
    expect((await aliases.get('challenger'))?.version).toBe(worse.version);
    const champion = await aliases.get('champion');
    if (!champion) throw new Error('no champion');

    const rolledBack = await app.get(DeploymentService).rollback();
    expect(rolledBack).toMatchObject({ action: 'rollback', championChanged: true, champion: champion.previousVersion });
    expect((await aliases.get('champion'))?.version).toBe(champion.previousVersion);
  });

  it('fails a deploy job for a version that does not exist without retrying', async () => {
    const jobId = jobIds.deploy(DAY, 99);
    const job = await app.get(JobsProducer).enqueue(JOBS.DEPLOY_MODEL, { date: DAY, candidateVersion: 99 }, jobId);
    await waitFor(async () => (await job.getState()) === 'failed', 30_000, 'failed job');
    const failed = await app.get(JobsProducer).queueFor(JOBS.DEPLOY_MODEL).getJob(jobId);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/does not exist/);
    expect(await app.get(DeploymentEventsRepository).findById(jobId)).toBeNull();
  });

  it("judges a fine-tune on the days it was judged on (its episode), not on whatever days came before", async () => {
    const deployer = app.get(DeploymentService);
    // A day of the episode that was never processed adds no rows; the processed one gives its tuning part.
    const episode = await register(trained, 'test.episode', [DAY, '2026-11-01']);
    const decided = await deployer.decide(jobIds.deploy(DAY, episode.version), DAY, episode.version);
    const event = await app.get(DeploymentEventsRepository).findById(decided.eventId);
    expect((event?.metrics as { days: string[]; rows: number }).days).toEqual([DAY]);
    expect((event?.metrics as { rows: number }).rows).toBe((await app.get(DayDataService).part(DAY, 'tuning')).rows.length);

    const elsewhere = await register(trained, 'test.elsewhere', ['2026-11-01']);
    await expect(deployer.decide(jobIds.deploy(DAY, elsewhere.version), DAY, elsewhere.version)).rejects.toThrow(/no processed tuning rows/);
  });
});
