// Test/measurement helper only (reads a file, so it must stay out of the library's index):
// a minimal stand-in for the features library's preprocessing, enough to train and measure
// models on data/credit-default-taiwan.csv.
//   categorical id = index in CATEGORY_CODES + 1 (0 = unknown)
//   numeric = sign(x)·log1p(|x|) for money columns, raw AGE; then standardised with the mean/std
//   of the training part only (no peeking at the hold-out).
import { CATEGORICAL_COLUMNS, CATEGORY_CODES, EncodedRow, LABEL_COLUMN, MONEY_COLUMNS, NUMERIC_COLUMNS, parseCreditCsv } from '@loan/features';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stratifiedSplit } from '../split';

export const DEFAULT_CSV_PATH = resolve(process.cwd(), 'data/credit-default-taiwan.csv');

export type RawRow = Record<string, number>;

/** The real rows, read with the features library's one CSV reader. */
export function readCreditCsv(path = DEFAULT_CSV_PATH): RawRow[] {
  return parseCreditCsv(readFileSync(path, 'utf8'));
}

const money = new Set<string>(MONEY_COLUMNS);
const transform = (col: string, x: number) => (money.has(col) ? Math.sign(x) * Math.log1p(Math.abs(x)) : x);

export interface Standardiser {
  mean: number[];
  std: number[];
}

export function fitStandardiser(raw: readonly RawRow[], indices: ArrayLike<number>): Standardiser {
  const mean: number[] = [];
  const std: number[] = [];
  for (const col of NUMERIC_COLUMNS) {
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < indices.length; i++) {
      const v = transform(col, raw[indices[i]][col]);
      sum += v;
      sumSq += v * v;
    }
    const m = sum / indices.length;
    mean.push(m);
    std.push(Math.sqrt(Math.max(sumSq / indices.length - m * m, 1e-12)));
  }
  return { mean, std };
}

export function encodeRow(raw: RawRow, s: Standardiser): EncodedRow {
  return {
    categorical: CATEGORICAL_COLUMNS.map((col) => CATEGORY_CODES[col].indexOf(raw[col]) + 1),
    numeric: NUMERIC_COLUMNS.map((col, j) => (transform(col, raw[col]) - s.mean[j]) / s.std[j]),
  };
}

export interface LabelledRows {
  rows: EncodedRow[];
  labels: number[];
}

export interface RealDataSplit {
  train: LabelledRows;
  test: LabelledRows;
  standardiser: Standardiser;
}

/** Stratified split of the real data, standardised on the training part. */
export function loadRealDataSplit(testFraction = 0.2, seed = 2024, path = DEFAULT_CSV_PATH): RealDataSplit {
  const raw = readCreditCsv(path);
  const labels = raw.map((r) => r[LABEL_COLUMN]);
  const split = stratifiedSplit(labels, testFraction, seed);
  const standardiser = fitStandardiser(raw, split.train);
  const part = (idx: Int32Array): LabelledRows => ({
    rows: Array.from(idx, (i) => encodeRow(raw[i], standardiser)),
    labels: Array.from(idx, (i) => labels[i]),
  });
  return { train: part(split.train), test: part(split.test), standardiser };
}

/** Rows at the given positions of a labelled set. */
export function pick(data: LabelledRows, indices: ArrayLike<number>): LabelledRows {
  return { rows: Array.from(indices, (i) => data.rows[i]), labels: Array.from(indices, (i) => data.labels[i]) };
}
