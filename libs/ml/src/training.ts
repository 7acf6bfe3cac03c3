// Supervised training of the TabTransformer classifier: class-weighted BCE, Adam, shuffled
// mini-batches, early stopping on validation loss with best-weight restore, then an F1-tuned
// decision threshold on the validation data.
import type { EncodedRow } from '@loan/features';
import * as tf from '@tensorflow/tfjs';
import { activeBackendChoice } from './backend';
import { EncodedMatrix, sliceRows, takeRows } from './encoded-matrix';
import { BatchShare, GradientWorkerPool, ShareGradients, shareGradients, splitRange } from './gradient-workers';
import { balancedClassWeights, ClassWeights, sigmoid, weightedBceFromLogits } from './loss';
import { ClassificationReport, classificationReport, rocAuc, tuneThreshold } from './metrics';
import { Prng } from './prng';
import { isHeadParam, TabTransformer } from './tab-transformer';
import { TabTransformerConfig } from './tab-transformer-config';
import { EpochCallback, EpochProgress, etaMs, namedGradients, StopCheck, yieldToEventLoop } from './training-progress';
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
}

/** Below this many rows per thread a share costs more to ship than to compute. */
export const MIN_SHARE_ROWS = 32;

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
  const optimizer = tf.train.adam(o.learningRate);
  const emaHolder: { current?: WeightAverage } = {};
  try {
    if (options.initialEncoder) model.importWeights(options.initialEncoder);
    const trainM = asMatrix(model, train);
    const valM = asMatrix(model, validation);
    checkLabels(train.labels, trainM.size, 'training');
    checkLabels(validation.labels, valM.size, 'validation');
    if (trainM.size === 0 || valM.size === 0) throw new Error('training and validation data must both be non-empty');

    const weights = resolveClassWeights(o.classWeights ?? 'balanced', train.labels);
    const rowWeights = normalisedRowWeights(train.weights, trainM.size);
    const trainableNames = model.params.names(options.freezeEncoder ? isHeadParam : undefined);
    const trainable = trainableNames.map((n) => model.params.get(n));
    const decayed = trainable.filter((v) => v.rank >= 2);
    const snapshotFilter = options.freezeEncoder ? isHeadParam : undefined;

    const ema = o.emaDecay > 0 ? new WeightAverage(model, snapshotFilter, o.emaDecay) : undefined;
    emaHolder.current = ema;
    const seed = options.seed ?? model.config.seed + 1;
    const shuffleRng = new Prng(seed);
    const dropoutRng = new Prng(seed ^ 0x5bd1e995);

    const pool = options.workers && options.workers.threads > 1 ? options.workers : undefined;
    if (pool) await pool.load(model, seed, await activeBackendChoice());

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
        const parallel = pool && end - start >= pool.threads * MIN_SHARE_ROWS;
        const ranges = splitRange(end - start, parallel ? pool.threads : 1);
        // Each share's row weights carry its fraction of the batch, so the shares' mean losses, and
        // their gradients, simply add up to the batch's (no rescaling op per variable afterwards).
        const shares: BatchShare[] = ranges.map(([a, b]) => ({ batch: sliceRows(batch, a, b), labels: y.subarray(a, b), weights: scaled(w.subarray(a, b), (b - a) / (end - start)) }));
        // The workers start on their shares while this thread computes the first one.
        const remote = parallel ? pool.gradients(model.exportWeights(snapshotFilter), trainableNames, shares.slice(1)) : undefined;
        const local = shareGradients(model, shares[0], trainable, dropoutRng);
        let others: ShareGradients[] = [];
        try {
          others = remote ? await remote : [];
        } catch (e) {
          tf.dispose([local.value, ...Object.values(local.grads)]);
          throw e;
        }
        const loss = tf.tidy(() => {
          let value: tf.Scalar = local.value;
          let grads: tf.NamedTensorMap = local.grads;
          if (others.length) {
            value = others.reduce<tf.Scalar>((sum, r) => tf.add(sum, r.loss), local.value);
            grads = {};
            trainableNames.forEach((name, i) => {
              const v = trainable[i];
              grads[v.name] = others.reduce<tf.Tensor>((sum, r) => tf.add(sum, tf.tensor(r.grads[name], v.shape)), local.grads[v.name]);
            });
          }
          optimizer.applyGradients(namedGradients(grads));
          if (o.weightDecay > 0) {
            for (const v of decayed) v.assign(tf.mul(v, 1 - learningRate * o.weightDecay));
          }
          ema?.update();
          return tf.keep(value.clone());
        });
        tf.dispose([local.value, ...Object.values(local.grads)]);
        lossSum += (loss.dataSync()[0] * (end - start)) / trainM.size;
        loss.dispose();
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
          ema?.swapIn();
          best = { loss: NaN, epoch, weights: model.exportWeights(snapshotFilter) };
        }
        break;
      }

      // With EMA, evaluate (and snapshot) the averaged weights, then put the raw ones back to train on.
      const raw = ema ? ema.swapIn() : undefined;
      const valLogits = await model.predictLogits(valM);
      const valLoss = weightedBceFromLogits(valLogits, validation.labels, weights);
      const valAuc = rocAuc(validation.labels, valLogits);
      // Both monitors as "lower is better".
      const score = o.monitor === 'valRocAuc' ? -valAuc : valLoss;
      if (score < best.loss - o.minDelta) {
        best = { loss: score, epoch, weights: model.exportWeights(snapshotFilter) };
        sinceImprovement = 0;
      } else {
        sinceImprovement++;
      }
      if (raw) model.importWeights(raw);
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
      if (o.reduceLrAfter > 0 && sinceImprovement > 0 && sinceImprovement % o.reduceLrAfter === 0) {
        learningRate /= 2;
        // tfjs' Adam reads this field on every step; there is no public setter.
        (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
      }
      if (options.shouldStop && (await options.shouldStop())) {
        stopReason = 'caller';
        break;
      }
    }

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
    optimizer.dispose();
    emaHolder.current?.dispose();
  }
}

function scaled(values: Float32Array, factor: number): Float32Array {
  return factor === 1 ? values : values.map((v) => v * factor);
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

/** Shadow copies of the trainable variables, averaged after every optimiser step. */
class WeightAverage {
  private readonly vars: tf.Variable[];
  private readonly shadows: tf.Variable[];

  constructor(
    private readonly model: TabTransformer,
    private readonly filter: ((name: string) => boolean) | undefined,
    private readonly decay: number,
  ) {
    if (!(decay > 0 && decay < 1)) throw new Error(`emaDecay must be in (0, 1), got ${decay}`);
    this.vars = model.variables(filter);
    this.shadows = this.vars.map((v) => tf.tidy(() => tf.variable(v.clone(), false)));
  }

  update(): void {
    tf.tidy(() => {
      this.vars.forEach((v, i) => {
        const s = this.shadows[i];
        s.assign(tf.add(tf.mul(s, this.decay), tf.mul(v, 1 - this.decay)));
      });
    });
  }

  /** Loads the averaged values into the model; returns the raw values for importWeights(). */
  swapIn(): WeightMap {
    const raw = this.model.exportWeights(this.filter);
    tf.tidy(() => this.vars.forEach((v, i) => v.assign(this.shadows[i])));
    return raw;
  }

  dispose(): void {
    this.shadows.forEach((s) => s.dispose());
  }
}
