// Multi-head self-attention over the column tokens of each row.
// Layout notes (wasm speed): Q, K and V come from three separate projections rather than one
// [d, 3d] product split afterwards, because slicing/splitting along a non-leading axis is slow on
// wasm (a strided copy costing more than the matMul it saves). Heads are separated with rank-4
// transposes, which wasm does quickly (rank-5 ones hit a generic path ~20× slower per element).
import * as tf from '@tensorflow/tfjs';
import { Prng } from '../prng';
import { dense } from './dense';
import { dropout } from './dropout';

export interface AttentionWeights {
  wQ: tf.Tensor2D;
  bQ: tf.Tensor1D;
  wK: tf.Tensor2D;
  bK: tf.Tensor1D;
  wV: tf.Tensor2D;
  bV: tf.Tensor1D;
  wOut: tf.Tensor2D;
  bOut: tf.Tensor1D;
}

/** x: [batch·tokens, d] → [batch·tokens, d]. `rng` present means training (attention dropout on). */
export function multiHeadSelfAttention(
  x: tf.Tensor2D,
  w: AttentionWeights,
  batch: number,
  tokens: number,
  heads: number,
  attentionDropout: number,
  rng: Prng | undefined,
): tf.Tensor2D {
  const d = x.shape[1];
  const dh = d / heads;
  // [B·T, d] → [B, T, H, dh] → [B, H, T, dh] → [B·H, T, dh]
  const splitHeads = (t: tf.Tensor2D) =>
    tf.reshape(tf.transpose(tf.reshape(t, [batch, tokens, heads, dh]), [0, 2, 1, 3]), [batch * heads, tokens, dh]) as tf.Tensor3D;
  // Scaling q (T·dh values per head) is cheaper than scaling the scores.
  const q = splitHeads(tf.mul(dense(x, w.wQ, w.bQ), 1 / Math.sqrt(dh)));
  const k = splitHeads(dense(x, w.wK, w.bK));
  const v = splitHeads(dense(x, w.wV, w.bV));
  const probs = dropout(tf.softmax(tf.matMul(q, k, false, true)), attentionDropout, rng); // [B·H, T, T]
  const context = tf.matMul(probs, v); // [B·H, T, dh]
  const merged = tf.reshape(tf.transpose(tf.reshape(context, [batch, heads, tokens, dh]), [0, 2, 1, 3]), [
    batch * tokens,
    d,
  ]) as tf.Tensor2D;
  return dense(merged, w.wOut, w.bOut);
}
