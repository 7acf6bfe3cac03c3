// Inverted dropout with masks drawn from our seeded PRNG.
// Why not tf.dropout: it draws its mask with tfjs' JS `alea` generator on every call, which cost
// about as much as the layer itself on wasm; a Float32Array filled by Mulberry32 is several times
// cheaper and reproducible from the training seed.
import * as tf from '@tensorflow/tfjs';
import { Prng } from '../prng';

export function dropout<T extends tf.Tensor>(x: T, rate: number, rng: Prng | undefined): T {
  if (!rng || rate <= 0) return x;
  if (rate >= 1) throw new Error(`dropout rate must be < 1, got ${rate}`);
  const keep = 1 - rate;
  const scale = 1 / keep;
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < keep ? scale : 0;
  return tf.mul(x, tf.tensor(mask, x.shape, 'float32')) as T;
}
