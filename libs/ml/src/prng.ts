// Seeded pseudo-random numbers. Math.random cannot be seeded, and tfjs' own seeded ops use a slow
// JS generator per call; one small fast generator in JS keeps initialisation, shuffling, dropout
// masks and corruption reproducible from a single seed on every backend.
import { SeededRandom } from '@loan/stats';

/**
 * The ML code's view of the project's one seeded generator (@loan/stats SeededRandom, sfc32): the same
 * stream with the draws training needs (integers, child seeds, shuffles, permutations).
 */
export class Prng {
  private readonly stream: SeededRandom;

  constructor(seed: number) {
    this.stream = new SeededRandom(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.stream.next();
  }

  /** Integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh seed for a child generator, so sub-streams stay independent of call order elsewhere. */
  nextSeed(): number {
    return Math.floor(this.next() * 2147483647);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    return this.stream.normal();
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}
