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
