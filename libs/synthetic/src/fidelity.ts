// How closely a (synthetic) sample matches the real data: per-column marginal similarity and
// pairwise-correlation similarity, each in [0, 1] where 1 is identical. Whether the sample keeps
// P(default | features) is label-fidelity.ts (TRTS / TSTR / detection); the generator stores both.
import type { LabelFidelity } from './label-fidelity';
import { isNumericColumn, MODEL_COLUMNS, type ModelColumn } from './model-columns';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { abs, max, min, sqrt } = Math;
const isMissing = Number.isNaN;

export interface ColumnFidelity {
  column: ModelColumn;
  /** 'ks' for numeric columns (1 − Kolmogorov–Smirnov), 'tv' for categorical and the label (1 − total variation). */
  metric: 'ks' | 'tv';
  score: number;
}

export interface FidelityReport {
  columns: ColumnFidelity[];
  /** 1 − mean over column pairs of |Δ Pearson correlation| / 2. */
  correlationSimilarity: number;
  /** Means of the column scores by metric. */
  metricMeans: { ks: number; tv: number };
  /** Mean of metricMeans.ks, metricMeans.tv and correlationSimilarity: each aspect weighs the same. */
  overall: number;
}

/** What the generator stores and logs at every fit: column/pair scores plus the label-structure checks. */
export type GeneratorFidelity = FidelityReport & { labelStructure: LabelFidelity };

/** A row as fidelity reads it: complete or with null (missing) cells. */
export type FidelityRow = Readonly<Partial<Record<ModelColumn, number | null>>>;

function present(rows: readonly FidelityRow[], column: ModelColumn): Float64Array {
  const out: number[] = [];
  for (const r of rows) {
    const v = r[column];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

/** Two-sample Kolmogorov–Smirnov statistic of ascending-sorted arrays (1 when either is empty). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  if (a.length === 0 || b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = min(a[i], b[j]);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    d = max(d, abs(i / a.length - j / b.length));
  }
  return d;
}

/** Total variation distance between the value frequencies of two arrays (1 when either is empty). */
export function totalVariation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return 1;
  const diff = new Map<number, number>();
  for (let i = 0; i < a.length; i++) diff.set(a[i], (diff.get(a[i]) ?? 0) + 1 / a.length);
  for (let i = 0; i < b.length; i++) diff.set(b[i], (diff.get(b[i]) ?? 0) - 1 / b.length);
  let sum = 0;
  for (const v of diff.values()) sum += abs(v);
  return min(1, sum / 2);
}

/** Pearson correlation matrix over pairwise-complete cells; 0 where a column is constant or empty. */
export function correlationMatrix(rows: readonly FidelityRow[], columns: readonly ModelColumn[]): number[][] {
  const d = columns.length;
  const data = columns.map((c) => rows.map((r) => (typeof r[c] === 'number' ? (r[c] as number) : NaN)));
  const out: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const x = data[i];
      const y = data[j];
      let n = 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let k = 0; k < x.length; k++) {
        if (isMissing(x[k]) || isMissing(y[k])) continue;
        n++;
        sx += x[k];
        sy += y[k];
      }
      if (n < 2) continue;
      const mx = sx / n;
      const my = sy / n;
      for (let k = 0; k < x.length; k++) {
        if (isMissing(x[k]) || isMissing(y[k])) continue;
        const dx = x[k] - mx;
        const dy = y[k] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
      const r = sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
      out[i][j] = r;
      out[j][i] = r;
    }
  }
  return out;
}

/**
 * Fidelity of a sample against real rows over the 23 features and the label. Null cells are
 * ignored (marginals use present values; correlations use pairwise-complete rows).
 */
export function fidelityReport(sample: readonly FidelityRow[], real: readonly FidelityRow[]): FidelityReport {
  const columns: ColumnFidelity[] = MODEL_COLUMNS.map((column) => {
    const numeric = isNumericColumn(column);
    const a = present(sample, column);
    const b = present(real, column);
    return numeric
      ? { column, metric: 'ks' as const, score: 1 - ksStatistic(a, b) }
      : { column, metric: 'tv' as const, score: 1 - totalVariation(a, b) };
  });
  const cs = correlationMatrix(sample, MODEL_COLUMNS);
  const cr = correlationMatrix(real, MODEL_COLUMNS);
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < MODEL_COLUMNS.length; i++) {
    for (let j = 0; j < i; j++) {
      sum += abs(cs[i][j] - cr[i][j]);
      pairs++;
    }
  }
  const correlationSimilarity = 1 - sum / pairs / 2;
  const mean = (xs: number[]) => (xs.length === 0 ? 1 : xs.reduce((s, x) => s + x, 0) / xs.length);
  const metricMeans = {
    ks: mean(columns.filter((c) => c.metric === 'ks').map((c) => c.score)),
    tv: mean(columns.filter((c) => c.metric === 'tv').map((c) => c.score)),
  };
  return { columns, correlationSimilarity, metricMeans, overall: (metricMeans.ks + metricMeans.tv + correlationSimilarity) / 3 };
}
