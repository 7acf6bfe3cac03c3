// Feature encodings for the fidelity report's logistic baselines, fitted on reference (real) rows:
// - default encoding: one-hot categoricals (SEX, EDUCATION, MARRIAGE, PAY_*) and standardised numerics,
//   money amounts first mapped by sign·log1p(|x|) so a few huge bills do not dominate;
// - detection encoding: every column one-hot binned (numerics by the reference deciles), the label
//   one-hot, and the label times each standardised default-encoding feature, so a linear detector can
//   see both marginal and label–feature (P(default | x)) differences between real and synthetic rows.
import { CATEGORICAL_COLUMNS, CATEGORY_CODES, type CompleteRow, LABEL_COLUMN, MONEY_COLUMNS, NUMERIC_COLUMNS } from '@loan/features';
import { sparseRows, type SparseRows } from './logistic-regression';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { abs, log1p, sign, sqrt } = Math;

const MONEY = new Set<string>(MONEY_COLUMNS);
const transform = (column: string, v: number): number => (MONEY.has(column) ? sign(v) * log1p(abs(v)) : v);

export interface RowEncoder {
  width: number;
  encode(rows: readonly CompleteRow[]): SparseRows;
}

interface NumericScale {
  column: (typeof NUMERIC_COLUMNS)[number];
  mean: number;
  sd: number;
}

function numericScales(reference: readonly CompleteRow[]): NumericScale[] {
  return NUMERIC_COLUMNS.map((column) => {
    let s = 0;
    let ss = 0;
    for (const r of reference) {
      const v = transform(column, r[column]);
      s += v;
      ss += v * v;
    }
    const mean = s / reference.length;
    const sd = sqrt(Math.max(0, ss / reference.length - mean * mean));
    return { column, mean, sd: sd > 0 ? sd : 1 };
  });
}

/** One-hot offsets per categorical column over CATEGORY_CODES (an unknown code gets no indicator). */
function categoricalOffsets(start: number): { offsets: Map<number, number>[]; width: number } {
  let width = start;
  const offsets = CATEGORICAL_COLUMNS.map((c) => {
    const m = new Map<number, number>();
    for (const code of CATEGORY_CODES[c]) m.set(code, width++);
    return m;
  });
  return { offsets, width };
}

/** Per-row (index, value) entries of the default encoding. */
function defaultEntries(row: CompleteRow, scales: NumericScale[], cats: Map<number, number>[]): [number, number][] {
  const out: [number, number][] = [];
  scales.forEach((s, j) => out.push([j, (transform(s.column, row[s.column]) - s.mean) / s.sd]));
  CATEGORICAL_COLUMNS.forEach((c, j) => {
    const at = cats[j].get(row[c]);
    if (at !== undefined) out.push([at, 1]);
  });
  return out;
}

/** The encoding a default-prediction baseline uses, standardised on the reference rows. */
export function defaultFeatureEncoder(reference: readonly CompleteRow[]): RowEncoder {
  if (reference.length === 0) throw new Error('defaultFeatureEncoder needs reference rows');
  const scales = numericScales(reference);
  const { offsets, width } = categoricalOffsets(scales.length);
  return { width, encode: (rows) => sparseRows(width, rows.map((r) => defaultEntries(r, scales, offsets))) };
}

/** Upper edges of up to `bins` quantile bins (distinct values only). */
function binEdges(reference: readonly CompleteRow[], column: string, bins: number): number[] {
  const sorted = Float64Array.from(reference.map((r) => (r as unknown as Record<string, number>)[column])).sort();
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const e = sorted[Math.floor((b * sorted.length) / bins)];
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** The real-vs-synthetic detector's encoding (see the file comment), fitted on the reference rows. */
export function detectionFeatureEncoder(reference: readonly CompleteRow[], bins = 10): RowEncoder {
  if (reference.length === 0) throw new Error('detectionFeatureEncoder needs reference rows');
  const scales = numericScales(reference);
  const cats = categoricalOffsets(scales.length);
  const base = cats.width;
  let width = base;
  const numericBins = NUMERIC_COLUMNS.map((column) => {
    const edges = binEdges(reference, column, bins);
    const start = width;
    width += edges.length + 1;
    return { column, edges, start };
  });
  const catStart = width;
  width += base; // categorical one-hots (reuse the default layout's categorical part) + unused numeric slots
  const labelAt = width++;
  const interactionStart = width;
  width += base;
  const encode = (rows: readonly CompleteRow[]) =>
    sparseRows(
      width,
      rows.map((row) => {
        const out: [number, number][] = [];
        for (const { column, edges, start } of numericBins) {
          const v = row[column];
          let b = 0;
          while (b < edges.length && v > edges[b]) b++;
          out.push([start + b, 1]);
        }
        const entries = defaultEntries(row, scales, cats.offsets);
        for (const [j, v] of entries) if (j >= scales.length) out.push([catStart + j, v]);
        if (row[LABEL_COLUMN] === 1) {
          out.push([labelAt, 1]);
          for (const [j, v] of entries) out.push([interactionStart + j, v]);
        }
        return out;
      }),
    );
  return { width, encode };
}
