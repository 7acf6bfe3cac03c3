// Per-column marginal distributions of the copula: exact value tables for discrete columns,
// compact quantile tables for high-cardinality numeric ones. Plain JSON-serialisable data.

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { floor, max, min, round } = Math;

/** How a column is modelled: categorical codes, numeric amounts, or the binary label. */
export type ColumnRole = 'categorical' | 'numeric' | 'label';

/**
 * Exact value table: used for categorical columns, the label, and numeric columns with few
 * distinct values (AGE, LIMIT_BAL), so samples are always observed values — including the data's
 * undocumented codes (EDUCATION 0/5/6, MARRIAGE 0) and gaps (no PAY_5 = 1).
 */
export interface DiscreteMarginal {
  column: string;
  role: ColumnRole;
  kind: 'discrete';
  /** Distinct observed values, ascending. */
  values: number[];
  /** cdf[i] = P(X ≤ values[i]); the last entry is exactly 1. */
  cdf: number[];
}

/**
 * Quantile table at evenly spaced probabilities 0, 1/(m−1), …, 1 (min and max included), so
 * point masses wider than 1/(m−1) (e.g. zero bills) are kept and negative bills stay negative.
 */
export interface QuantileMarginal {
  column: string;
  role: ColumnRole;
  kind: 'quantile';
  /** Whether every fitted value was an integer: samples are then rounded. */
  integer: boolean;
  /** quantiles[k] = Q(k / (quantiles.length − 1)). */
  quantiles: number[];
}

export type Marginal = DiscreteMarginal | QuantileMarginal;

/** Distinct ascending values of a column with their relative frequencies. */
export interface EmpiricalSteps {
  values: number[];
  probs: number[];
}

/** Sorted copy of the values. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Distinct values and frequencies of an ascending-sorted array. */
export function empiricalSteps(sorted: ArrayLike<number>): EmpiricalSteps {
  const values: number[] = [];
  const probs: number[] = [];
  const n = sorted.length;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    values.push(sorted[i]);
    probs.push((j - i) / n);
    i = j;
  }
  return { values, probs };
}

export interface MarginalFitOptions {
  /** Points in a quantile table (default 1001: every 0.1 percentile). */
  quantilePoints: number;
  /** Numeric columns with at most this many distinct values get an exact value table. */
  maxDiscreteLevels: number;
}

/** Fits one column's marginal from its ascending-sorted values. */
export function fitMarginal(column: string, role: ColumnRole, sorted: Float64Array, options: MarginalFitOptions): Marginal {
  if (sorted.length === 0) throw new Error(`Cannot fit a marginal for ${column}: no values`);
  const steps = empiricalSteps(sorted);
  if (role !== 'numeric' || steps.values.length <= options.maxDiscreteLevels) {
    let cumulative = 0;
    const cdf = steps.probs.map((p) => (cumulative += p));
    cdf[cdf.length - 1] = 1;
    return { column, role, kind: 'discrete', values: steps.values, cdf };
  }
  const m = options.quantilePoints;
  if (!Number.isInteger(m) || m < 2) throw new Error(`quantilePoints must be an integer ≥ 2, got ${m}`);
  const n = sorted.length;
  const quantiles: number[] = [];
  for (let k = 0; k < m; k++) {
    // Hyndman–Fan type 7 (linear between order statistics), as in R and numpy defaults.
    const h = ((n - 1) * k) / (m - 1);
    const lo = floor(h);
    const hi = min(lo + 1, n - 1);
    quantiles.push(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
  }
  return { column, role, kind: 'quantile', integer: steps.values.every(Number.isInteger), quantiles };
}

/** Inverse CDF of a marginal at u ∈ [0, 1]: the value a copula uniform maps to. */
export function marginalQuantile(marginal: Marginal, u: number): number {
  const p = min(1, max(0, u));
  if (marginal.kind === 'discrete') {
    // First value whose cdf reaches p.
    const { cdf, values } = marginal;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] >= p) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  }
  const q = marginal.quantiles;
  const pos = p * (q.length - 1);
  const lo = min(floor(pos), q.length - 2);
  const value = q[lo] + (pos - lo) * (q[lo + 1] - q[lo]);
  return marginal.integer ? round(value) : value;
}
