import { INestApplicationContext } from '@nestjs/common';
import { ModelRegistryService } from '@loan/model-registry';
import { seedTinyChampion, trainTinyModelOnRealRows } from '@loan/testing-models';

/**
 * Two small versions trained on real rows in seconds: v1 champion, v2 registered beside it, so that a
 * run can promote and roll back without training the full starting models.
 */
export async function seedTwoVersions(context: INestApplicationContext): Promise<void> {
  await seedTinyChampion(context);
  const second = await trainTinyModelOnRealRows(context);
  await context.get(ModelRegistryService).register({
    model: second.model,
    trainingKey: 'chaos.second',
    kind: 'fine-tuned',
    parentVersion: 1,
    trainingDays: [],
    attempt: null,
    metrics: { f1: second.validationF1 },
    durationMs: 0,
  });
  second.model.dispose();
}

/**
 * Resolves once the inference-api on `port` serves a champion (GET /api/v1/model answers 200): /health
 * answers before the models are loaded, and a load started earlier would meet 503s that are not faults.
 */
export async function waitServing(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}/api/v1/model`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the inference-api on :${port} serves no champion after ${timeoutMs / 1000} s`);
}
