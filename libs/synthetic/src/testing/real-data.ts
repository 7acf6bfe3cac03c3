// Test-only helper (not exported from the library): reads data/credit-default-taiwan.csv.
import { readFileSync } from 'fs';
import { resolve } from 'path';
import type { CompleteRow } from '@loan/features';
import { parseCreditCsv } from '../csv';

export const REAL_DATA_PATH = resolve(__dirname, '../../../../data/credit-default-taiwan.csv');

let cached: CompleteRow[] | null = null;

export function loadRealRows(): CompleteRow[] {
  cached ??= parseCreditCsv(readFileSync(REAL_DATA_PATH, 'utf8'));
  return cached;
}

/** Values of one column. */
export function columnOf<T extends object>(rows: readonly T[], column: keyof T): number[] {
  return rows.map((r) => r[column] as unknown as number);
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Mid-ranks (ties share their average rank), for Spearman correlation. */
export function midRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Array<number>(xs.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && xs[order[j]] === xs[order[i]]) j++;
    for (let k = i; k < j; k++) ranks[order[k]] = (i + j - 1) / 2;
    i = j;
  }
  return ranks;
}
