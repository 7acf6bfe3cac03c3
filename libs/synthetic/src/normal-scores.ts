// Rank-based normal scores and the latent (Gaussian) correlation behind them.
//
// Each value v is mapped to Φ⁻¹ of its mid-CDF, F(v−) + P(v)/2 — equivalently the mid-rank
// (r − ½)/n — which handles ties and discrete columns deterministically, without jitter.
//
// For discrete columns (PAY_*, the label) the Pearson correlation of these step-shaped scores is
// attenuated relative to the latent normal correlation; sampling would attenuate it again, so
// corr(PAY_0, label) in samples would come out far too low. We therefore invert the attenuation
// exactly: with latent correlation ρ, Cov(g₁(Z₁), g₂(Z₂)) = Σₖ aₖ·bₖ·ρᵏ (Mehler / Hermite
// expansion), where aₖ = E[g₁(Z)·Heₖ(Z)]/√k! has a closed form for step functions, and we solve for
// ρ per pair by bisection (the series is monotone in ρ for non-decreasing g).
import { normalPdf, normalQuantile } from '@loan/stats';
import type { EmpiricalSteps } from './marginals';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { max, min, sqrt } = Math;

/**
 * A step function g of the latent normal z: z falls in the band of distinct value i with
 * probability P(vᵢ), and g(z) = levels[i]. With normal scores as levels this is the score
 * transform; with the values themselves it is the raw column (used to match Pearson correlation).
 */
export interface LatentStepFunction {
  /** Level per distinct value (same order as the steps' values). */
  levels: number[];
  /** Value → its level. */
  levelOf: Map<number, number>;
  mean: number;
  sd: number;
  /** Normalised Hermite coefficients a₁..a_K of g. */
  hermite: Float64Array;
}

/** Normal score Φ⁻¹(mid-CDF) of each distinct value. */
export function midCdfNormalScores(steps: EmpiricalSteps): number[] {
  let cumulative = 0;
  return steps.probs.map((p) => {
    const s = normalQuantile(min(1, cumulative + p / 2));
    cumulative += p;
    return s;
  });
}

/** Builds a latent step function from a column's distinct values, their frequencies and levels. */
export function buildLatentStepFunction(steps: EmpiricalSteps, levels: readonly number[], hermiteTerms: number): LatentStepFunction {
  const { values, probs } = steps;
  const levelOf = new Map<number, number>();
  let mean = 0;
  let second = 0;
  for (let i = 0; i < values.length; i++) {
    levelOf.set(values[i], levels[i]);
    mean += probs[i] * levels[i];
    second += probs[i] * levels[i] * levels[i];
  }
  const sd = sqrt(max(0, second - mean * mean));

  // g(z) = level₁ + Σᵢ jumpᵢ·1{z > tᵢ}, with tᵢ = Φ⁻¹(F(vᵢ)); E[1{Z>t}·Heₖ(Z)] = φ(t)·Heₖ₋₁(t), so
  // aₖ = Σᵢ jumpᵢ·φ(tᵢ)·hₖ₋₁(tᵢ)/√k with hⱼ = Heⱼ/√j! from the stable normalised recurrence.
  const hermite = new Float64Array(hermiteTerms);
  const root = Float64Array.from({ length: hermiteTerms + 1 }, (_, k) => sqrt(k));
  let cumulative = 0;
  for (let i = 0; i < values.length - 1; i++) {
    cumulative += probs[i];
    const t = normalQuantile(min(1, cumulative));
    if (t === Infinity || t === -Infinity) continue;
    const weight = (levels[i + 1] - levels[i]) * normalPdf(t);
    let hPrev = 0;
    let h = 1; // h₀
    for (let k = 1; k <= hermiteTerms; k++) {
      hermite[k - 1] += (weight * h) / root[k];
      const hNext = (t * h - root[k - 1] * hPrev) / root[k];
      hPrev = h;
      h = hNext;
    }
  }
  return { levels: [...levels], levelOf, mean, sd, hermite };
}

/** Pearson correlation of g₁(Z₁) and g₂(Z₂) implied by latent correlation rho (truncated series). */
export function impliedCorrelation(a: LatentStepFunction, b: LatentStepFunction, rho: number): number {
  if (a.sd === 0 || b.sd === 0) return 0;
  let sum = 0;
  let power = 1;
  const terms = min(a.hermite.length, b.hermite.length);
  for (let k = 0; k < terms; k++) {
    power *= rho;
    sum += a.hermite[k] * b.hermite[k] * power;
  }
  return sum / (a.sd * b.sd);
}

/**
 * The latent correlation ρ whose implied correlation equals the observed one, by bisection
 * on [−maxAbs, maxAbs]; clamps to the end of the range when the target is out of reach.
 */
export function latentCorrelation(a: LatentStepFunction, b: LatentStepFunction, observed: number, maxAbs = 0.999): number {
  if (a.sd === 0 || b.sd === 0) return 0;
  let lo = -maxAbs;
  let hi = maxAbs;
  if (observed <= impliedCorrelation(a, b, lo)) return lo;
  if (observed >= impliedCorrelation(a, b, hi)) return hi;
  for (let iter = 0; iter < 60; iter++) {
    const mid = (lo + hi) / 2;
    if (impliedCorrelation(a, b, mid) < observed) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
