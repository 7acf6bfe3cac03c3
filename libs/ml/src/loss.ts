// Class-weighted binary cross-entropy on logits, in tensors (training) and in plain JS (validation).
import * as tf from '@tensorflow/tfjs';

export interface ClassWeights {
  negative: number;
  positive: number;
}

/**
 * 'balanced' weights each class by n / (2 · n_class), so both classes contribute equally and the
 * mean weight over the training set is 1 (the loss keeps its usual scale).
 */
export function balancedClassWeights(labels: ArrayLike<number>): ClassWeights {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return { negative: 1, positive: 1 };
  return { negative: labels.length / (2 * negatives), positive: labels.length / (2 * positives) };
}

/** mean(w · BCE(sigmoid(z), y)), computed stably: max(z,0) − z·y + log(1 + e^−|z|). */
export function weightedBceWithLogits(logits: tf.Tensor1D, labels: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  const perRow = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.mean(tf.mul(perRow, weights));
}

/** The same loss over plain arrays (validation), so no tensors are needed after prediction. */
export function weightedBceFromLogits(logits: ArrayLike<number>, labels: ArrayLike<number>, w: ClassWeights): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i];
    const y = labels[i];
    const l = Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    sum += l * (y === 1 ? w.positive : w.negative);
  }
  return logits.length ? sum / logits.length : NaN;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
