// Shared plumbing for the training loops: progress records, ETA, cooperative yielding.
import type * as tf from '@tensorflow/tfjs';

export interface EpochProgress {
  /** 1-based. */
  epoch: number;
  maxEpochs: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Validation loss (same weighting as training); NaN where there is no validation set. */
  valLoss: number;
  /** Extra per-loop figures (validation ROC-AUC for supervised training, detection accuracy for pre-training). */
  metrics: Record<string, number>;
  /** Best epoch so far (by validation loss, or training loss without validation). */
  bestEpoch: number;
  elapsedMs: number;
  /** Upper bound: the remaining epochs at the mean epoch time so far (early stopping may end sooner). */
  etaMs: number;
  rowsPerSecond: number;
}

export type EpochCallback = (progress: EpochProgress) => void | Promise<void>;
/** Polled between batches; returning true ends training early, keeping the best weights so far. */
export type StopCheck = () => boolean | Promise<boolean>;

/**
 * Lets the event loop run (timers, sockets, queue lock renewals) between batches. Training is
 * synchronous CPU work on the main thread; without this a worker process looks hung.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function etaMs(elapsedMs: number, epochsDone: number, maxEpochs: number): number {
  return epochsDone > 0 ? (elapsedMs / epochsDone) * (maxEpochs - epochsDone) : NaN;
}

/** variableGrads' map in the list form Optimizer.applyGradients is typed to take. */
export function namedGradients(grads: tf.NamedTensorMap): { name: string; tensor: tf.Tensor }[] {
  return Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
}
