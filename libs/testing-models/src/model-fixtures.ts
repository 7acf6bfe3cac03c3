import { INestApplicationContext } from '@nestjs/common';
import { dayRowId, ModelAliasesRepository, PreprocessingVersionsRepository, ProcessedDataRepository } from '@loan/data-access';
import { EncodedRow, LABEL_COLUMN, PreprocessingFit, preprocessBatch, splitForDay } from '@loan/features';
import { aucWithError, calibrationOffset, LoanModel, TabTransformer, TabTransformerConfig, trainClassifier } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { AppConfig, PreprocessingFitService, ReferenceDataService } from '@loan/platform';

/** Small enough to train in seconds, real enough to beat chance on the real rows. */
export const TINY_MODEL = { dModel: 8, numLayers: 1, numHeads: 2, headHidden: [16], seed: 5 };

export interface RealRowsModel {
  fit: PreprocessingFit;
  /** The first 3,600 real rows, encoded; 0–2,399 trained on, 2,400–2,999 validated on, 3,000+ unseen. */
  encoded: EncodedRow[];
  labels: number[];
  model: LoanModel;
  validationF1: number;
}

/**
 * Fits (and stores) the reference preprocessing in the app's database and trains a model on real rows:
 * by default the tiny one; benchmarks pass a recipe's architecture (and fewer epochs: its speed, not its
 * quality, is what they measure).
 */
export async function trainTinyModelOnRealRows(
  app: INestApplicationContext,
  architecture: Partial<TabTransformerConfig> = TINY_MODEL,
  maxEpochs = 4,
): Promise<RealRowsModel> {
  const reference = new ReferenceDataService(app.get(AppConfig));
  const fit = await new PreprocessingFitService(reference, app.get(PreprocessingVersionsRepository)).ensureCurrent();
  const { rows } = await reference.load();
  const encoded = preprocessBatch(rows.slice(0, 3600), fit);
  const labels = rows.slice(0, 3600).map((r) => r[LABEL_COLUMN]);
  const trained = await trainClassifier(
    { rows: encoded.slice(0, 2400), labels: labels.slice(0, 2400) },
    { rows: encoded.slice(2400, 3000), labels: labels.slice(2400, 3000) },
    { model: new TabTransformer(architecture), maxEpochs, seed: 1 },
  );
  const model = new LoanModel(trained.model, { threshold: trained.threshold, preprocessingVersion: fit.fingerprint });
  return { fit, encoded, labels, model, validationF1: trained.validation.f1 };
}

/**
 * A small champion trained on real rows, registered as the trainer registers versions: with the
 * expected AUC (and its DeLong SE) and calibration offset measured on rows it never trained on, which the
 * evaluator's decay and calibration tests read.
 */
export async function seedTinyChampion(app: INestApplicationContext, architecture?: Partial<TabTransformerConfig>, maxEpochs?: number): Promise<RealRowsModel> {
  const data = await trainTinyModelOnRealRows(app, architecture, maxEpochs);
  const unseen = await data.model.predictProba(data.encoded.slice(2400, 3000));
  const expected = aucWithError(data.labels.slice(2400, 3000), unseen);
  const calibration = calibrationOffset(data.labels.slice(2400, 3000), unseen);
  const doc = await app.get(ModelRegistryService).register({
    model: data.model,
    trainingKey: 'test.champion',
    kind: 'fine-tuned',
    parentVersion: null,
    trainingDays: [],
    attempt: null,
    metrics: { f1: data.validationF1, expectedRocAuc: expected.auc, expectedRocAucSe: expected.se, expectedCalibrationOffset: calibration.offset, expectedCalibrationOffsetSe: calibration.se },
    durationMs: 0,
  });
  data.model.dispose();
  await app.get(ModelAliasesRepository).compareAndSet('champion', null, doc.version, 'test');
  return data;
}

/** Stores the 600 unseen rows as one processed day, split as the processor splits them. */
export async function seedProcessedDay(app: INestApplicationContext, day: string, data: RealRowsModel): Promise<void> {
  await app.get(ProcessedDataRepository).replaceDay(
    day,
    data.encoded.slice(3000).map((e, i) => ({
      _id: dayRowId(day, i),
      day,
      row: i,
      ...e,
      label: data.labels[3000 + i],
      split: splitForDay(day, i),
      preprocessingVersion: data.fit.fingerprint,
    })),
  );
}
