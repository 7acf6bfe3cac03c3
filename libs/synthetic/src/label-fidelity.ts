// Does a synthetic sample keep P(default | features)? Three checks with a logistic baseline
// (logistic-features.ts, logistic-regression.ts), each ROC-AUC with its DeLong SE:
// - TRTS (train real, test synthetic): a model trained on real rows scores the real holdout and the
//   synthetic sample; a generator that keeps the label structure gives the same AUC on both.
// - TSTR (train synthetic, test real): the same family trained on the synthetic sample, scored on the
//   real holdout, against the model trained on real rows.
// - Detection: a logistic model on binned features + label interactions tries to tell synthetic rows
//   from real ones (held-out AUC; 0.5 = indistinguishable to it).
import { type CompleteRow, LABEL_COLUMN } from '@loan/features';
import { defaultFeatureEncoder, detectionFeatureEncoder } from './logistic-features';
import { fitLogistic, predictLogistic } from './logistic-regression';
import { aucWithError, type AucEstimate } from '@loan/stats';
import { createRng } from '@loan/stats';

const { sqrt } = Math;

export interface AucComparison {
  /** The reference AUC (real-trained model on the real holdout). */
  reference: AucEstimate;
  compared: AucEstimate;
  /** compared − reference. */
  gap: number;
  /** √(se₁² + se₂²): treats the two estimates as independent (conservative when they share rows). */
  gapSe: number;
}

export interface LabelFidelity {
  baseline: 'logistic (L2, IRLS): one-hot categoricals + standardised numerics, money as sign·log1p';
  detector: 'logistic (L2, IRLS): decile-binned numerics, one-hot categoricals and label, label × standardised features';
  realTrainRows: number;
  realHoldoutRows: number;
  syntheticRows: number;
  /** reference: real-trained model on the real holdout; compared: the same model on the synthetic sample. */
  trts: AucComparison;
  /** reference: real-trained model on the real holdout; compared: synthetic-trained model on the real holdout. */
  tstr: AucComparison;
  /** Held-out AUC of real-vs-synthetic detection (0.5 is best). */
  detection: AucEstimate;
}

/** Seeded shuffle split of rows into train and holdout (holdoutShare of the rows, rounded). */
export function splitRows<T>(rows: readonly T[], holdoutShare: number, seed: string | number): { train: T[]; holdout: T[] } {
  if (!(holdoutShare > 0 && holdoutShare < 1)) throw new RangeError(`holdoutShare must be in (0, 1), got ${holdoutShare}`);
  const order = rows.map((_, i) => i);
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cut = Math.round(rows.length * holdoutShare);
  return { holdout: order.slice(0, cut).map((i) => rows[i]), train: order.slice(cut).map((i) => rows[i]) };
}

const labelsOf = (rows: readonly CompleteRow[]) => Float64Array.from(rows, (r) => r[LABEL_COLUMN]);

function compare(reference: AucEstimate, compared: AucEstimate): AucComparison {
  return { reference, compared, gap: compared.auc - reference.auc, gapSe: sqrt(reference.se ** 2 + compared.se ** 2) };
}

/**
 * The three label-structure checks. realTrain must not overlap realHoldout; for an honest TSTR the
 * generator behind `synthetic` should have been fitted on realTrain only.
 */
export function labelFidelity(
  realTrain: readonly CompleteRow[],
  realHoldout: readonly CompleteRow[],
  synthetic: readonly CompleteRow[],
  options: { seed?: string } = {},
): LabelFidelity {
  const encoder = defaultFeatureEncoder(realTrain);
  const xHoldout = encoder.encode(realHoldout);
  const yHoldout = labelsOf(realHoldout);
  const onReal = fitLogistic(encoder.encode(realTrain), labelsOf(realTrain));
  const reference = aucWithError(yHoldout, predictLogistic(onReal, xHoldout));
  const trts = compare(reference, aucWithError(labelsOf(synthetic), predictLogistic(onReal, encoder.encode(synthetic))));
  const onSynthetic = fitLogistic(encoder.encode(synthetic), labelsOf(synthetic));
  const tstr = compare(reference, aucWithError(yHoldout, predictLogistic(onSynthetic, xHoldout)));

  // Detection: real training rows vs synthetic rows to fit; the real holdout (never seen by the
  // generator) vs as many other synthetic rows to score, so memorised rows cannot look real.
  const nTest = Math.min(realHoldout.length, Math.floor(synthetic.length / 2));
  const nTrain = Math.min(realTrain.length, synthetic.length - nTest);
  const seed = options.seed ?? 'label-fidelity';
  const shuffled = splitRows(synthetic, 0.5, `${seed}|synthetic`);
  const fake = [...shuffled.holdout, ...shuffled.train];
  const detector = detectionFeatureEncoder(realTrain);
  const trainRows = [...realTrain.slice(0, nTrain), ...fake.slice(nTest, nTest + nTrain)];
  const trainY = Float64Array.from(trainRows, (_, i) => (i < nTrain ? 0 : 1));
  const testRows = [...realHoldout.slice(0, nTest), ...fake.slice(0, nTest)];
  const testY = Float64Array.from(testRows, (_, i) => (i < nTest ? 0 : 1));
  const detectorModel = fitLogistic(detector.encode(trainRows), trainY);
  const detection = aucWithError(testY, predictLogistic(detectorModel, detector.encode(testRows)));

  return {
    baseline: 'logistic (L2, IRLS): one-hot categoricals + standardised numerics, money as sign·log1p',
    detector: 'logistic (L2, IRLS): decile-binned numerics, one-hot categoricals and label, label × standardised features',
    realTrainRows: realTrain.length,
    realHoldoutRows: realHoldout.length,
    syntheticRows: synthetic.length,
    trts,
    tstr,
    detection,
  };
}
