// Layer normalisation over the last axis, with learned gain and bias.
import * as tf from '@tensorflow/tfjs';

export const LAYER_NORM_EPSILON = 1e-5;

/** (x − mean) / sqrt(var + ε) · gamma + beta, statistics taken per row over the last axis. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)));
  return tf.add(tf.mul(normalised, gamma), beta);
}
