// Supervised training of the TabTransformer classifier: class-weighted BCE, Adam, shuffled
// mini-batches, early stopping on validation loss with best-weight restore, then an F1-tuned
// decision threshold on the validation data.
import type { EncodedRow } from '@loan/features';
import { EncodedMatrix, takeRows } from './encoded-matrix';
import { FusedStepEngine } from './fused-step-engine';
import { kernelChoice, KernelChoice } from './fused/kernel-choice';
import { GradientWorkerPool } from './gradient-workers';
import { balancedClassWeights, ClassWeights, sigmoid, weightedBceFromLogits } from './loss';
import { ClassificationReport, classificationReport, rocAuc, tuneThreshold } from './metrics';
import { Prng } from './prng';
import { StepEngine, StepEngineOptions } from './step-engine';
import { isHeadParam, TabTransformer } from './tab-transformer';
import { TabTransformerConfig } from './tab-transformer-config';
import { TfjsStepEngine } from './tfjs-step-engine';
import { EpochCallback, EpochProgress, etaMs, StopCheck, yieldToEventLoop } from './training-progress';
import { WeightMap } from './weight-map';

export interface LabelledData {
  rows: readonly EncodedRow[] | EncodedMatrix;
  /** 1 = default, 0 = repaid; one per row. */
  labels: ArrayLike<number>;
  /** Optional per-row weight in the training loss (e.g. recent days count more), scaled to mean 1; ignored for validation. */
  weights?: ArrayLike<number>;
}

export interface TrainOptions {
  /** Continue training / fine-tune this model in place. Without it a new model is built from `config`. */
  model?: TabTransformer;
  config?: Partial<TabTransformerConfig>;
  /** Encoder weights to start from, e.g. pretrainEncoder().encoderWeights. */
  initialEncoder?: WeightMap;
  /** Train only the head (numeric norm + MLP); embeddings and transformer stay as they are. */
  freezeEncoder?: boolean;
  /** Adam step size. Default 1e-3; use ~1e-4 when fine-tuning a trained model. */
  learningRate?: number;
  batchSize?: number;
  maxEpochs?: number;
  /** Epochs without a validation-loss improvement before stopping. */
  patience?: number;
  /** Smallest decrease of validation loss that counts as an improvement. */
  minDelta?: number;
  /** Halve the learning rate after this many epochs without improvement (0 = never). */
  reduceLrAfter?: number;
  /** 'balanced' (default) weights classes by n / (2·n_class); 'none' = plain BCE. */
  classWeights?: 'balanced' | 'none' | ClassWeights;
  /** Decoupled weight decay (AdamW-style) applied to weight matrices; 0 = off. */
  weightDecay?: number;
  /**
   * Exponential moving average of the weights (Polyak averaging), updated every step with this decay
   * (0 = off). Validation, early stopping and the returned model use the averaged weights, which are
   * smoother than any single step's on small, noisy tabular data. ~0.99 suits ~60 steps per epoch.
   */
  emaDecay?: number;
  /** Quantity early stopping watches. */
  monitor?: 'valLoss' | 'valRocAuc';
  /** Seed for shuffling and dropout (initialisation uses the model config's seed). */
  seed?: number;
  onEpoch?: EpochCallback;
  shouldStop?: StopCheck;
  /** Yield to the event loop every this many batches (default 1; 0 = never). */
  yieldEveryBatches?: number;
  /**
   * Worker threads that compute a share of every batch's gradients (data parallelism across cores).
   * The result equals single-threaded training but for dropout masks, which each thread draws from
   * its own seeded stream. Batches smaller than MIN_SHARE_ROWS per thread run on the main thread alone.
   */
  workers?: GradientWorkerPool;
  /**
   * What computes the steps: the fused WebAssembly kernel, or tfjs ops (the reference). Default:
   * ML_KERNEL, else fused where it loads. The model's predictions follow the same choice.
   */
  kernel?: KernelChoice;
}

export { MIN_SHARE_ROWS } from './step-engine';

export interface TrainResult {
  /** The trained model (the one passed in, or a new one the caller now owns and must dispose). */
  model: TabTransformer;
  /** F1-optimal threshold on the validation data (predict default when p >= threshold). */
  threshold: number;
  /** Validation metrics at `threshold`. */
  validation: ClassificationReport;
  /** Validation metrics at 0.5, for comparison. */
  validationAtHalf: ClassificationReport;
  history: EpochProgress[];
  bestEpoch: number;
  stopReason: 'early-stopping' | 'max-epochs' | 'caller';
  elapsedMs: number;
  trainRowsPerSecond: number;
}

const DEFAULTS = {
  learningRate: 1e-3,
  batchSize: 256,
  maxEpochs: 30,
  patience: 4,
  minDelta: 1e-4,
  reduceLrAfter: 0,
  weightDecay: 0,
  emaDecay: 0,
  monitor: 'valLoss' as 'valLoss' | 'valRocAuc',
  yieldEveryBatches: 1,
};

export async function trainClassifier(train: LabelledData, validation: LabelledData, options: TrainOptions = {}): Promise<TrainResult> {
  const o = { ...DEFAULTS, ...options };
  const model = options.model ?? new TabTransformer(options.config);
  const ownsModel = !options.model;
  let engine: StepEngine | undefined;
  try {
    if (options.initialEncoder) model.importWeights(options.initialEncoder);
    const trainM = asMatrix(model, train);
    const valM = asMatrix(model, validation);
    checkLabels(train.labels, trainM.size, 'training');
    checkLabels(validation.labels, valM.size, 'validation');
    if (trainM.size === 0 || valM.size === 0) throw new Error('training and validation data must both be non-empty');

    const weights = resolveClassWeights(o.classWeights ?? 'balanced', train.labels);
    const rowWeights = normalisedRowWeights(train.weights, trainM.size);
    const snapshotFilter = options.freezeEncoder ? isHeadParam : undefined;
    const seed = options.seed ?? model.config.seed + 1;
    const shuffleRng = new Prng(seed);
    const kernel = kernelChoice(options.kernel);
    model.usePredictKernel(kernel);
    const engineOptions: StepEngineOptions = { freezeEncoder: !!options.freezeEncoder, weightDecay: o.weightDecay, emaDecay: o.emaDecay, seed: seed ^ 0x5bd1e995, workers: options.workers };
    engine = kernel === 'fused' ? await FusedStepEngine.create(model, engineOptions) : await TfjsStepEngine.create(model, o.learningRate, engineOptions);

    const history: EpochProgress[] = [];
    const started = Date.now();
    let trainingMs = 0;
    let rowsSeen = 0;
    let best = { loss: Infinity, epoch: 0, weights: undefined as WeightMap | undefined };
    let sinceImprovement = 0;
    let learningRate = o.learningRate;
    let stopReason: TrainResult['stopReason'] = 'max-epochs';

    for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
      const epochStart = Date.now();
      const order = shuffleRng.permutation(trainM.size);
      let lossSum = 0;
      let batches = 0;
      let stopped = false;
      for (let start = 0; start < trainM.size; start += o.batchSize) {
        const end = Math.min(start + o.batchSize, trainM.size);
        const batch = takeRows(trainM, order, start, end);
        const y = new Float32Array(end - start);
        const w = new Float32Array(end - start);
        for (let i = start; i < end; i++) {
          y[i - start] = train.labels[order[i]] === 1 ? 1 : 0;
          w[i - start] = (y[i - start] === 1 ? weights.positive : weights.negative) * (rowWeights ? rowWeights[order[i]] : 1);
        }
        const loss = await engine.step(batch, y, w, learningRate);
        lossSum += (loss * (end - start)) / trainM.size;
        rowsSeen += end - start;
        batches++;
        if (o.yieldEveryBatches > 0 && batches % o.yieldEveryBatches === 0) await yieldToEventLoop();
        if (options.shouldStop && (await options.shouldStop())) {
          stopped = true;
          break;
        }
      }
      trainingMs += Date.now() - epochStart;
      if (stopped) {
        stopReason = 'caller';
        // A partial epoch is not evaluated; the best complete epoch (or the current weights if none) stands.
        if (!best.weights) {
          await engine.showEvaluationWeights();
          best = { loss: NaN, epoch, weights: await model.exportWeights(snapshotFilter) };
        }
        break;
      }

      // With EMA, evaluate (and snapshot) the averaged weights, then train on from the raw ones.
      await engine.showEvaluationWeights();
      const valLogits = await model.predictLogits(valM);
      const valLoss = weightedBceFromLogits(valLogits, validation.labels, weights);
      const valAuc = rocAuc(validation.labels, valLogits);
      // Both monitors as "lower is better".
      const score = o.monitor === 'valRocAuc' ? -valAuc : valLoss;
      if (score < best.loss - o.minDelta) {
        best = { loss: score, epoch, weights: await model.exportWeights(snapshotFilter) };
        sinceImprovement = 0;
      } else {
        sinceImprovement++;
      }
      engine.resumeTraining();
      const elapsedMs = Date.now() - started;
      const progress: EpochProgress = {
        epoch,
        maxEpochs: o.maxEpochs,
        loss: lossSum,
        valLoss,
        metrics: { valRocAuc: valAuc, learningRate },
        bestEpoch: best.epoch,
        elapsedMs,
        etaMs: etaMs(elapsedMs, epoch, o.maxEpochs),
        rowsPerSecond: rowsSeen / (trainingMs / 1000),
      };
      history.push(progress);
      await options.onEpoch?.(progress);
      if (sinceImprovement >= o.patience) {
        stopReason = 'early-stopping';
        break;
      }
      if (o.reduceLrAfter > 0 && sinceImprovement > 0 && sinceImprovement % o.reduceLrAfter === 0) learningRate /= 2;
      if (options.shouldStop && (await options.shouldStop())) {
        stopReason = 'caller';
        break;
      }
    }

    engine.finish();
    if (best.weights) model.importWeights(best.weights);
    const valProbs = (await model.predictLogits(valM)).map(sigmoid);
    const tuned = tuneThreshold(validation.labels, valProbs);
    return {
      model,
      threshold: tuned.threshold,
      validation: classificationReport(validation.labels, valProbs, tuned.threshold),
      validationAtHalf: classificationReport(validation.labels, valProbs, 0.5),
      history,
      bestEpoch: best.epoch,
      stopReason,
      elapsedMs: Date.now() - started,
      trainRowsPerSecond: trainingMs > 0 ? rowsSeen / (trainingMs / 1000) : 0,
    };
  } catch (err) {
    if (ownsModel) model.dispose();
    throw err;
  } finally {
    engine?.dispose();
  }
}

function asMatrix(model: TabTransformer, data: LabelledData): EncodedMatrix {
  return Array.isArray(data.rows) ? model.toMatrix(data.rows as readonly EncodedRow[]) : (data.rows as EncodedMatrix);
}

function checkLabels(labels: ArrayLike<number>, size: number, what: string): void {
  if (labels.length !== size) throw new Error(`${what}: ${labels.length} labels for ${size} rows`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`${what}: label ${i} is ${labels[i]}, expected 0 or 1`);
  }
}

/** Row weights scaled to mean 1, so they change each row's share of the loss, not the step size. */
function normalisedRowWeights(weights: ArrayLike<number> | undefined, size: number): Float32Array | undefined {
  if (!weights) return undefined;
  if (weights.length !== size) throw new Error(`training: ${weights.length} row weights for ${size} rows`);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) throw new Error(`training: row weight ${i} is ${weights[i]}, expected a finite number ≥ 0`);
    sum += weights[i];
  }
  if (!(sum > 0)) throw new Error('training: row weights sum to 0');
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (weights[i] * size) / sum;
  return out;
}

function resolveClassWeights(spec: 'balanced' | 'none' | ClassWeights, labels: ArrayLike<number>): ClassWeights {
  if (spec === 'balanced') return balancedClassWeights(labels);
  if (spec === 'none') return { negative: 1, positive: 1 };
  return spec;
}
