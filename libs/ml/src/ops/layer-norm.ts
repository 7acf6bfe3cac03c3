// Layer normalisation over the last axis, with learned gain and bias, and a hand-written gradient.
// Why custom: autograd of the plain formula reduces gamma/beta gradients with tf.sum over axis 0,
// which wasm runs as transpose + sum; ones·g products (XNNPACK) and a closed-form dx use fewer,
// faster kernels. The maths is the standard one (see e.g. Ba et al. 2016):
//   x̂ = (x − μ)·r, r = 1/√(σ² + ε);  dγ = Σ_rows dy·x̂;  dβ = Σ_rows dy;
//   dx = r · (g − mean(g) − x̂·mean(g·x̂)),  g = dy·γ
import * as tf from '@tensorflow/tfjs';

export const LAYER_NORM_EPSILON = 1e-5;

const columnSums = (t: tf.Tensor2D): tf.Tensor1D => tf.reshape(tf.matMul(tf.ones([1, t.shape[0]]), t), [t.shape[1]]);

const layerNormOp = tf.customGrad((x, gamma, beta, save) => {
  const input = x as tf.Tensor2D;
  const mean = tf.mean(input, -1, true);
  const centred = tf.sub(input, mean);
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), LAYER_NORM_EPSILON));
  const xhat = tf.mul(centred, rstd) as tf.Tensor2D;
  (save as tf.GradSaveFunc)([xhat, rstd, gamma as tf.Tensor]);
  return {
    value: tf.add(tf.mul(xhat, gamma as tf.Tensor), beta as tf.Tensor),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xh, r, g] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const d = dy as tf.Tensor2D;
      const dxhat = tf.mul(d, g);
      const dx = tf.mul(
        r,
        tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xh, tf.mean(tf.mul(dxhat, xh), -1, true))),
      );
      return [dx, columnSums(tf.mul(d, xh) as tf.Tensor2D), columnSums(d)];
    },
  };
});

/** (x − mean) / sqrt(var + ε) · gamma + beta, statistics taken per row over the last axis. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  return layerNormOp(x, gamma, beta) as tf.Tensor2D;
}
