import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { Prng } from '../prng';
import { constantTimesWeights, dense, matMulFast } from './dense';
import { dropout } from './dropout';
import { layerNorm } from './layer-norm';

type F = (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor;

// The hand-written gradients must agree with tfjs' own on the same maths.
function compareGrads(ours: F, reference: F, argCount = 3) {
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
  const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
  const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
  const probe = tf.randomNormal([5, 4], 0, 1, 'float32', 4);
  const grads = (f: F) =>
    tf.grads((...args: tf.Tensor[]) => {
      const [xx, ww, bb] = argCount === 3 ? args : [x, ...args];
      return tf.sum(tf.mul(f(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), probe));
    })(argCount === 3 ? [x, w, b] : [w, b]);
  const g1 = grads(ours);
  const g2 = grads(reference);
  g1.forEach((g, i) => expect(tf.max(tf.abs(tf.sub(g, g2[i]))).dataSync()[0]).toBeLessThan(1e-5));
  expect(tf.max(tf.abs(tf.sub(ours(x, w, b), reference(x, w, b)))).dataSync()[0]).toBeLessThan(1e-5);
}

describe('ops', () => {
  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  it('dense (linear and relu) matches tfjs values and gradients', () => {
    compareGrads(
      (x, w, b) => dense(x, w, b),
      (x, w, b) => tf.add(tf.matMul(x, w), b),
    );
    compareGrads(
      (x, w, b) => dense(x, w, b, 'relu'),
      (x, w, b) => tf.relu(tf.add(tf.matMul(x, w), b)),
    );
    compareGrads(
      (x, w, b) => tf.add(matMulFast(x, w), b),
      (x, w, b) => tf.add(tf.matMul(x, w), b),
    );
  });

  it('constantTimesWeights matches matMul gradients for the weights', () => {
    compareGrads(
      (x, w, b) => tf.add(constantTimesWeights(x, w), b),
      (x, w, b) => tf.add(tf.matMul(x, w), b),
      2,
    );
  });

  it('layerNorm gradients match autograd of the plain formula', () => {
    const x = tf.randomNormal([6, 5], 1, 2, 'float32', 5) as tf.Tensor2D;
    const g = tf.randomNormal([5], 1, 0.5, 'float32', 6) as tf.Tensor1D;
    const b = tf.randomNormal([5], 0, 1, 'float32', 7) as tf.Tensor1D;
    const probe = tf.randomNormal([6, 5], 0, 1, 'float32', 8);
    const plain = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const mean = tf.mean(xx, -1, true);
      const c = tf.sub(xx, mean);
      return tf.add(tf.mul(tf.mul(c, tf.rsqrt(tf.add(tf.mean(tf.square(c), -1, true), 1e-5))), gg), bb);
    };
    const ours = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => layerNorm(xx as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D);
    const grads = (f: typeof plain) => tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, gg, bb), probe)))([x, g, b]);
    const expected = grads(plain);
    grads(ours).forEach((t, i) => expect(tf.max(tf.abs(tf.sub(t, expected[i]))).dataSync()[0]).toBeLessThan(1e-4));
  });

  it('layerNorm normalises each row', () => {
    const y = layerNorm(tf.tensor2d([[1, 2, 3, 4]]), tf.ones([4]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D);
    const v = Array.from(y.dataSync());
    // mean 2.5, population variance 1.25 → (x − 2.5)/√1.25
    v.forEach((got, i) => expect(got).toBeCloseTo((i + 1 - 2.5) / Math.sqrt(1.25 + 1e-5), 5));
  });

  it('dropout is seeded, inverted, and off without an rng', () => {
    const x = tf.ones([1000]);
    const a = dropout(x, 0.25, new Prng(3)).dataSync();
    const b = dropout(x, 0.25, new Prng(3)).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    const kept = Array.from(a).filter((v) => v > 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length / 1000).toBeGreaterThan(0.7);
    expect(kept.length / 1000).toBeLessThan(0.8);
    expect(dropout(x, 0.25, undefined)).toBe(x);
  });
});
