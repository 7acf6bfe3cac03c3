// Injects the dirt a real feed has — missing cells and gross outliers — and records exactly what
// was injected, so tests can check the processor finds it.
import { FEATURE_COLUMNS, type FeatureColumn, type LabelledRow, NUMERIC_BOUNDS, NUMERIC_COLUMNS, type NumericColumn } from '@loan/features';
import { isNumericColumn } from './model-columns';
import type { Rng } from '@loan/stats';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { abs, floor, max, min, round } = Math;

export interface CorruptionOptions {
  /** Share of feature cells set to null (never the label). */
  missingRate: number;
  /** Share of numeric feature cells turned into outliers. */
  outlierRate: number;
  /** Outlier factor range applied to max(|value|, reference) (default [5, 20]). */
  outlierFactor?: readonly [number, number];
  /**
   * Per-column 99.9th percentile of |value| that outliers must clear by the factor; columns not
   * given use the rows' own. Pass the fitted model's (see copulaReferenceLevels) for stable scales.
   */
  reference?: Partial<Record<NumericColumn, number>>;
}

export interface InjectedCell {
  /** Index of the row in the returned array. */
  row: number;
  column: FeatureColumn;
  kind: 'missing' | 'outlier';
  original: number;
  /** null for missing cells. */
  value: number | null;
}

export interface InjectionRecord {
  missingRate: number;
  outlierRate: number;
  /** Feature cells that were present (non-null) before injection. */
  cellsConsidered: number;
  missing: { total: number; byColumn: Record<FeatureColumn, number> };
  outliers: { total: number; byColumn: Record<FeatureColumn, number> };
  cells: InjectedCell[];
}

function zeroCounts(): Record<FeatureColumn, number> {
  return Object.fromEntries(FEATURE_COLUMNS.map((c) => [c, 0])) as Record<FeatureColumn, number>;
}

function absQuantile999(rows: readonly LabelledRow[], column: NumericColumn): number {
  const values = rows.map((r) => r[column]).filter((v): v is number => v !== null).map(Math.abs).sort((a, b) => a - b);
  if (values.length === 0) return 1;
  return values[min(values.length - 1, floor(0.999 * values.length))];
}

/**
 * Returns corrupted copies of the rows (inputs untouched) and the record of injected cells.
 * Each present feature cell independently becomes missing with probability missingRate, else —
 * numeric cells only — an outlier with probability outlierRate. An outlier keeps the value's sign
 * (zero counts as positive) with magnitude max(|v|, p99.9 of |v|) × factor, factor ∈ [5, 20]; where
 * that would break the schema's hard bounds (an invalid value, not an outlier) it is drawn instead
 * between the midpoint of p99.9 and the bound, and the bound.
 */
export function injectCorruption(
  rows: readonly LabelledRow[],
  options: CorruptionOptions,
  rng: Rng,
): { rows: LabelledRow[]; injected: InjectionRecord } {
  const { missingRate, outlierRate } = options;
  const [fLo, fHi] = options.outlierFactor ?? [5, 20];
  if (!(missingRate >= 0 && outlierRate >= 0 && missingRate + outlierRate <= 1)) {
    throw new RangeError(`Rates must be ≥ 0 with missingRate + outlierRate ≤ 1, got ${missingRate}, ${outlierRate}`);
  }
  if (!(fLo >= 1 && fHi >= fLo)) throw new RangeError(`outlierFactor must satisfy 1 ≤ lo ≤ hi, got [${fLo}, ${fHi}]`);
  const reference = {} as Record<NumericColumn, number>;
  for (const c of NUMERIC_COLUMNS) reference[c] = max(1, options.reference?.[c] ?? absQuantile999(rows, c));

  const injected: InjectionRecord = {
    missingRate,
    outlierRate,
    cellsConsidered: 0,
    missing: { total: 0, byColumn: zeroCounts() },
    outliers: { total: 0, byColumn: zeroCounts() },
    cells: [],
  };
  const out = rows.map((row, r) => {
    const copy = { ...row };
    for (const column of FEATURE_COLUMNS) {
      const original = row[column];
      if (original === null) continue;
      injected.cellsConsidered++;
      const draw = rng.next();
      if (draw < missingRate) {
        copy[column] = null;
        injected.missing.total++;
        injected.missing.byColumn[column]++;
        injected.cells.push({ row: r, column, kind: 'missing', original, value: null });
      } else if (isNumericColumn(column) && draw < missingRate + outlierRate) {
        const value = outlierValue(column, original, reference[column], rng.uniform(fLo, fHi), rng);
        copy[column] = value;
        injected.outliers.total++;
        injected.outliers.byColumn[column]++;
        injected.cells.push({ row: r, column, kind: 'outlier', original, value });
      }
    }
    return copy;
  });
  return { rows: out, injected };
}

function outlierValue(column: NumericColumn, original: number, p999: number, factor: number, rng: Rng): number {
  const sign = original < 0 ? -1 : 1;
  const bound = sign > 0 ? NUMERIC_BOUNDS[column].max : -NUMERIC_BOUNDS[column].min;
  const magnitude = max(abs(original), p999) * factor;
  if (magnitude <= bound) return sign * round(magnitude);
  const low = min(bound, (p999 + bound) / 2);
  return sign * round(rng.uniform(low, bound));
}
