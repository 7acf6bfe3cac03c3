// Shadow scoring: the challenger scores a sample of live requests next to the champion, and we measure
// how often the two would have made the same call. Sampling is by a hash of the seed and the index, so
// a given request is always in or out of the sample (reproducible in logs and tests, no RNG state).
import { hash32 } from '@loan/features';

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

/** Indices of 0..n-1 kept when each is kept with probability rate, decided by a hash of `${seed}:${i}`. */
export function sampleIndices(n: number, rate: number, seed: string): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer >= 0, got ${n}`);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    // A uniform fraction in [0, 1): rate 1 keeps every index and rate 0 none.
    if (hash32(`${seed}:${i}`) / 2 ** 32 < rate) kept.push(i);
  }
  return kept;
}
