// What the supervised training loop (training.ts) asks of the implementation that runs it: one
// optimiser step per batch, and the model holding the weights to evaluate at each epoch's end. Two
// implementations: tfjs ops with tfjs' Adam (tfjs-step-engine.ts, the reference) and the fused kernel
// (fused-step-engine.ts); both apply Adam, decoupled weight decay and the weights' moving average
// the same way, on one thread or split over a GradientWorkerPool.
import { EncodedMatrix } from './encoded-matrix';
import { GradientWorkerPool } from './gradient-workers';

export interface StepEngine {
  /**
   * One optimiser step on the batch: labels 0/1 and each row's loss weight (class × row weight).
   * Returns the batch's mean weighted loss.
   */
  step(batch: EncodedMatrix, labels: Float32Array, weights: Float32Array, learningRate: number): Promise<number>;
  /** Puts into the model the weights to evaluate and snapshot: the moving average with EMA, else the current ones. */
  showEvaluationWeights(): Promise<void>;
  /** After an evaluation: training goes on from the current (not averaged) weights. */
  resumeTraining(): void;
  /** Puts the current training weights into the model (before a best snapshot, if any, replaces them). */
  finish(): void;
  dispose(): void;
}

export interface StepEngineOptions {
  /** Train only the head (numeric norm + MLP). */
  freezeEncoder: boolean;
  /** Decoupled weight decay on weight matrices (0 = off). */
  weightDecay: number;
  /** Decay of the weights' moving average (0 = off). */
  emaDecay: number;
  /** Seed of the dropout masks. */
  seed: number;
  /** Split each batch over these threads (the calling thread is one). */
  workers?: GradientWorkerPool;
}

/** Below this many rows per thread a share costs more to ship than to compute. */
export const MIN_SHARE_ROWS = 32;

/** Splits rows [0, size) into `parts` contiguous ranges whose sizes differ by at most one. */
export function splitRange(size: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < parts; k++) out.push([Math.floor((k * size) / parts), Math.floor(((k + 1) * size) / parts)]);
  return out;
}

/** The threads a batch of `rows` is split over: all of the pool's when every share gets MIN_SHARE_ROWS, else one. */
export function sharesFor(rows: number, workers: GradientWorkerPool | undefined): [number, number][] {
  const parallel = workers && workers.threads > 1 && rows >= workers.threads * MIN_SHARE_ROWS;
  return splitRange(rows, parallel ? workers.threads : 1);
}

/** Row weights scaled by the share's fraction of the batch, so shares' mean losses (and gradients) add up to the batch's. */
export function shareWeights(weights: Float32Array, from: number, to: number, batchRows: number): Float32Array {
  const part = weights.subarray(from, to);
  const factor = (to - from) / batchRows;
  return factor === 1 ? part : part.map((v) => v * factor);
}
