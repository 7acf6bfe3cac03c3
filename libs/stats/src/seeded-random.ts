// Deterministic pseudo-random numbers: the daily generator must produce identical rows for the
// same date and scenario, so nothing here touches Math.random.

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { cos, floor, imul, log, sin, sqrt, PI } = Math;

/** A seeded source of randomness. All draws advance one shared stream. */
export interface Rng {
  /** The 32-bit seed this stream started from. */
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min?: number, max?: number): number;
  /** Normal draw (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Integer uniform in [min, max], both inclusive. */
  int(min: number, max: number): number;
}

/**
 * Hashes a string to an unsigned 32-bit seed (cyrb53-style mixing, low 32 bits kept).
 * Example: seedFromString('2026-11-23|none').
 */
export function seedFromString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = imul(h1 ^ ch, 2654435761);
    h2 = imul(h2 ^ ch, 1597334677);
  }
  h1 = imul(h1 ^ (h1 >>> 16), 2246822507) ^ imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = imul(h2 ^ (h2 >>> 16), 2246822507) ^ imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A seed for an independent sub-stream, so e.g. corruption draws never shift the clean rows. */
export function deriveSeed(seed: number, label: string): number {
  return seedFromString(`${seed >>> 0}/${label}`);
}

/** splitmix32 step, used only to spread a 32-bit seed over sfc32's 128-bit state. */
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = imul(z ^ (z >>> 16), 0x85ebca6b);
  z = imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): fast, 128-bit state, passes PractRand. */
export class SeededRandom implements Rng {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number | string) {
    this.seed = typeof seed === 'string' ? seedFromString(seed) : seed >>> 0;
    const state = { x: this.seed };
    this.a = splitmix32(state);
    this.b = splitmix32(state);
    this.c = splitmix32(state);
    this.d = splitmix32(state);
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm-up: decorrelate nearby seeds
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log stays finite
    const u2 = this.next();
    const r = sqrt(-2 * log(u1));
    this.spareNormal = r * sin(2 * PI * u2);
    return mean + sd * r * cos(2 * PI * u2);
  }

  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(min, max) needs integers with min <= max, got ${min}, ${max}`);
    }
    return min + floor(this.next() * (max - min + 1));
  }
}

/** Creates a seeded stream; a string seed is hashed with seedFromString. */
export function createRng(seed: number | string): Rng {
  return new SeededRandom(seed);
}
