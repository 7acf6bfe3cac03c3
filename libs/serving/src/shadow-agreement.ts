// Shadow scoring: the challenger scores a sample of live requests next to the champion, and we measure
// how often the two would have made the same call. Sampling is by a hash of the seed and the index, so
// a given request is always in or out of the sample (reproducible in logs and tests, no RNG state).

export interface ScoredBatch {
  probabilities: ArrayLike<number>;
  /** A record is predicted to default when probability >= threshold. */
  threshold: number;
}

export interface ShadowRecord {
  agree: boolean;
  shadowProbability: number;
  shadowDefault: boolean;
}

export interface ShadowComparison {
  compared: number;
  agreed: number;
  /** agreed / compared; 1 when nothing was compared (there was nothing to disagree about). */
  agreementRate: number;
  /** Mean |primary - shadow| probability; 0 when nothing was compared. */
  meanAbsProbabilityDiff: number;
  perRecord: ShadowRecord[];
}

function checkBatch(name: string, batch: ScoredBatch): void {
  if (!Number.isFinite(batch.threshold)) throw new RangeError(`${name} threshold must be finite, got ${batch.threshold}`);
  for (let i = 0; i < batch.probabilities.length; i++) {
    if (!Number.isFinite(batch.probabilities[i])) {
      throw new RangeError(`${name} probability ${i} is not finite: ${batch.probabilities[i]}`);
    }
  }
}

export function compareShadow(primary: ScoredBatch, shadow: ScoredBatch): ShadowComparison {
  const n = primary.probabilities.length;
  if (shadow.probabilities.length !== n) {
    throw new Error(`primary (${n}) and shadow (${shadow.probabilities.length}) probabilities differ in length`);
  }
  checkBatch('primary', primary);
  checkBatch('shadow', shadow);
  const perRecord: ShadowRecord[] = [];
  let agreed = 0;
  let absDiff = 0;
  for (let i = 0; i < n; i++) {
    const p = primary.probabilities[i];
    const s = shadow.probabilities[i];
    const shadowDefault = s >= shadow.threshold;
    const agree = p >= primary.threshold === shadowDefault;
    if (agree) agreed += 1;
    absDiff += Math.abs(p - s);
    perRecord.push({ agree, shadowProbability: s, shadowDefault });
  }
  return {
    compared: n,
    agreed,
    agreementRate: n === 0 ? 1 : agreed / n,
    meanAbsProbabilityDiff: n === 0 ? 0 : absDiff / n,
    perRecord,
  };
}

/** 32-bit FNV-1a over the string's UTF-16 code units. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * murmur3's finaliser. FNV-1a alone barely mixes the last characters into the high bits, so "s:10"
 * and "s:11" would hash to nearly the same fraction and neighbouring indices would be sampled together.
 */
function avalanche(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Indices of 0..n-1 kept when each is kept with probability rate, decided by a hash of `${seed}:${i}`. */
export function sampleIndices(n: number, rate: number, seed: string): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${n}`);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    // A uniform fraction in [0, 1): rate 1 keeps every index and rate 0 none.
    if (avalanche(fnv1a32(`${seed}:${i}`)) / 2 ** 32 < rate) kept.push(i);
  }
  return kept;
}
