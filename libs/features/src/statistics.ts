// Small descriptive statistics used by the fit and the drift metrics. All of them take plain arrays and
// never mutate their input; quantiles use linear interpolation between order statistics (R type 7,
// numpy's default) so values can be checked by hand.

/** Sorted copy, ascending. */
export function sortedCopy(values: readonly number[]): number[] {
  // A typed array sorts numerically (and fast); a plain Array#sort would compare as strings.
  return Array.from(Float64Array.from(values).sort());
}

/** Quantile p ∈ [0, 1] of an ascending-sorted, non-empty array (type 7: h = (n − 1)·p, interpolate). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty array');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(sortedCopy(values), 0.5);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty array');
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation (divides by n): the scaler then maps the reference to exactly std 1. */
export function populationStd(values: readonly number[], mu = mean(values)): number {
  let ss = 0;
  for (const v of values) ss += (v - mu) * (v - mu);
  return Math.sqrt(ss / values.length);
}

/** `size` equally spaced quantiles (probabilities 0, 1/(size−1), …, 1) of a sorted array. */
export function quantileSketchSorted(sorted: readonly number[], size: number): number[] {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`sketch size must be an integer ≥ 2, got ${size}`);
  return Array.from({ length: size }, (_, k) => quantileSorted(sorted, k / (size - 1)));
}

export function quantileSketch(values: readonly number[], size = 101): number[] {
  return quantileSketchSorted(sortedCopy(values), size);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
