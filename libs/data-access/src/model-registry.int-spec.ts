import { Module } from '@nestjs/common';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { createTestEnv } from '@loan/testing';
import { DataAccessModule } from './data-access.module';
import { AlertsRepository } from './repositories/alerts.repository';
import { ModelAliasesRepository } from './repositories/model-aliases.repository';
import { ModelVersionsRepository, WEIGHT_CHUNK_BYTES } from './repositories/model-versions.repository';

describe('model registry collections on the MongoDB-wire server', () => {
  const env = createTestEnv('registry');
  let app: INestApplicationContext;

  beforeAll(async () => {
    @Module({ imports: [MongooseModule.forRoot(env.vars.MONGODB_URI), DataAccessModule] })
    class RegistryTestModule {}
    app = await NestFactory.createApplicationContext(RegistryTestModule, { logger: ['error'] });
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  const meta = (trainingKey: string, checksum: string) => ({
    trainingKey,
    kind: 'fine-tuned' as const,
    parentVersion: 1,
    trainingDays: ['2026-11-23'],
    attempt: 1,
    metrics: { f1: 0.5 },
    threshold: 0.3,
    preprocessingVersion: 'p1',
    backend: 'wasm',
    durationMs: 10,
    checksum,
    artifactJson: '{}',
  });

  it('stores weights larger than a chunk and reads them back byte for byte; a re-run keeps one version', async () => {
    const repo = app.get(ModelVersionsRepository);
    const weights = new Uint8Array(WEIGHT_CHUNK_BYTES * 2 + 1234).map((_, i) => (i * 31) % 251);
    const v = await repo.create(meta('train.2026-11-23.a1', 'abc'), weights);
    expect(v.version).toBe(1);
    expect(v.chunkCount).toBe(3);
    expect(Buffer.from(await repo.weightsOf(v)).equals(Buffer.from(weights))).toBe(true);

    const again = await repo.create(meta('train.2026-11-23.a1', 'abc'), weights);
    expect(again.version).toBe(1);
    const other = await repo.create(meta('train.2026-11-24.a1', 'def'), new Uint8Array([1, 2, 3]));
    expect(other.version).toBe(2);
    expect((await repo.list()).map((x) => x.version)).toEqual([2, 1]);
  });

  it('moves an alias only from the expected version', async () => {
    const aliases = app.get(ModelAliasesRepository);
    expect(await aliases.compareAndSet('champion', null, 1, 'bootstrap')).toBe(true);
    expect(await aliases.compareAndSet('champion', null, 2, 'racing bootstrap')).toBe(false);
    expect(await aliases.compareAndSet('champion', 5, 2, 'stale')).toBe(false);
    expect(await aliases.compareAndSet('champion', 1, 2, 'promotion')).toBe(true);
    expect(await aliases.get('champion')).toMatchObject({ version: 2, previousVersion: 1, reason: 'promotion' });
  });

  it('raises an alert once per id', async () => {
    const alerts = app.get(AlertsRepository);
    const alert = { _id: 'retrain-failed:2026-11-23', severity: 'CRITICAL' as const, kind: 'retrain-failed', day: '2026-11-23', message: 'x' };
    await alerts.raise(alert);
    expect(await alerts.acknowledge(alert._id)).toBe(true);
    await alerts.raise({ ...alert, message: 'again' });
    const all = await alerts.list();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ message: 'x', acknowledged: true });
  });
});
