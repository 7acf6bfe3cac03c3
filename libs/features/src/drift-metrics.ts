// Distribution distances used by the drift check, as plain functions of numbers so each can be checked
// against a hand computation.
import { sortedCopy } from './statistics';

/**
 * Exact Wasserstein-1 (earth mover's) distance between two empirical samples: ∫ |F_a(x) − F_b(x)| dx,
 * summed over the gaps between consecutive pooled values. In the samples' own units.
 */
export function wasserstein1(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) throw new RangeError('wasserstein1 of an empty sample');
  const xs = sortedCopy(a);
  const ys = sortedCopy(b);
  const pooled = sortedCopy([...a, ...b]);
  let i = 0;
  let j = 0;
  let w = 0;
  for (let k = 0; k < pooled.length - 1; k++) {
    const t = pooled[k];
    while (i < xs.length && xs[i] <= t) i++;
    while (j < ys.length && ys[j] <= t) j++;
    w += Math.abs(i / xs.length - j / ys.length) * (pooled[k + 1] - t);
  }
  return w;
}

/**
 * Wasserstein-1 distance between two distributions given as quantile sketches of the same size m
 * (quantiles at probabilities k/(m − 1)): ∫₀¹ |Q_a(u) − Q_b(u)| du with both quantile functions linear
 * between sketch points, integrated exactly (a sign change inside a segment is handled). Sketching both
 * sides the same way means identical data gives exactly 0.
 */
export function wasserstein1FromQuantiles(qa: readonly number[], qb: readonly number[]): number {
  if (qa.length !== qb.length || qa.length < 2) throw new RangeError('quantile sketches must have the same size ≥ 2');
  const h = 1 / (qa.length - 1);
  let w = 0;
  for (let k = 0; k < qa.length - 1; k++) {
    const d0 = qa[k] - qb[k];
    const d1 = qa[k + 1] - qb[k + 1];
    const a0 = Math.abs(d0);
    const a1 = Math.abs(d1);
    // Same sign: trapezoid. Opposite signs: two triangles meeting where the difference crosses zero.
    w += d0 * d1 >= 0 ? ((a0 + a1) / 2) * h : ((d0 * d0 + d1 * d1) / (2 * (a0 + a1))) * h;
  }
  return w;
}

function normalise(weights: readonly number[], name: string): number[] {
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`${name}: weights must be finite and ≥ 0`);
    total += w;
  }
  if (total === 0) throw new RangeError(`${name}: weights sum to 0`);
  return weights.map((w) => w / total);
}

/**
 * Jensen–Shannon distance (square root of the JS divergence, base 2) between two discrete distributions
 * over the same categories (counts or shares; each is normalised). In [0, 1]: 0 identical, 1 disjoint.
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new RangeError('jensenShannonDistance: distributions differ in length');
  const pn = normalise(p, 'jensenShannonDistance');
  const qn = normalise(q, 'jensenShannonDistance');
  let divergence = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i] + qn[i]) / 2;
    if (pn[i] > 0) divergence += 0.5 * pn[i] * Math.log2(pn[i] / m);
    if (qn[i] > 0) divergence += 0.5 * qn[i] * Math.log2(qn[i] / m);
  }
  // sqrt magnifies rounding (a 1e-17 divergence between equal distributions would read as 3e-9): floor it.
  return divergence < 1e-14 ? 0 : Math.sqrt(Math.min(1, divergence));
}

export const DEFAULT_PSI_EPSILON = 1e-4;

/**
 * Population stability index Σ (a − e)·ln(a / e) between expected (reference) and actual bin shares
 * (counts or shares; each is normalised). A share of 0 is replaced by epsilon so an empty bin gives a
 * large but finite term; a bin empty on both sides contributes 0.
 */
export function populationStabilityIndex(
  expected: readonly number[],
  actual: readonly number[],
  epsilon = DEFAULT_PSI_EPSILON,
): number {
  if (expected.length !== actual.length) throw new RangeError('populationStabilityIndex: bins differ in length');
  const e = normalise(expected, 'populationStabilityIndex');
  const a = normalise(actual, 'populationStabilityIndex');
  let psi = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i], epsilon);
    const ai = Math.max(a[i], epsilon);
    psi += (ai - ei) * Math.log(ai / ei);
  }
  return psi;
}
