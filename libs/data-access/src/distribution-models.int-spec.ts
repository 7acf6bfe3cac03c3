import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createTestEnv } from '@loan/testing';
import { DataAccessModule } from './data-access.module';
import { DistributionModelsRepository } from './repositories/distribution-models.repository';
import { DistributionModelDoc } from './schemas/distribution-model.schema';

describe('distribution model versions on the MongoDB-wire server', () => {
  const env = createTestEnv('distmodels');
  let app: INestApplicationContext;

  beforeAll(async () => {
    @Module({ imports: [MongooseModule.forRoot(env.vars.MONGODB_URI), DataAccessModule] })
    class DistTestModule {}
    app = await NestFactory.createApplicationContext(DistTestModule, { logger: ['error'] });
    // The unique index on version must exist before the race, as it does in a running stack.
    await app.get<Model<DistributionModelDoc>>(getModelToken(DistributionModelDoc.name)).init();
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  const doc = (sourceSha256: string, fidelityScore: number) => ({ sourceSha256, sourceRows: 10, modelJson: '{}', fidelity: {}, fidelityScore });

  it('generators starting together store one model for the same data, and all of them use it', async () => {
    const repo = app.get(DistributionModelsRepository);
    const results = await Promise.all([1, 2, 3, 4].map((i) => repo.createForSource(doc('sha-a', i / 10))));
    expect(new Set(results.map((r) => r.model.version)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)?.model;
    expect(results.every((r) => r.model.fidelityScore === winner?.fidelityScore)).toBe(true);
    // A later start finds it too, and new data still gets the next version.
    expect(await repo.createForSource(doc('sha-a', 0.9))).toMatchObject({ created: false, model: { version: winner?.version } });
    expect(await repo.createForSource(doc('sha-b', 0.5))).toMatchObject({ created: true, model: { version: (winner?.version ?? 0) + 1 } });
    // A refit of the same data (the stored model is of an older kind) stores a version above it.
    const refit = await repo.createForSource(doc('sha-a', 0.7), winner?.version);
    expect(refit).toMatchObject({ created: true, model: { fidelityScore: 0.7, version: (winner?.version ?? 0) + 2 } });
  });
});
