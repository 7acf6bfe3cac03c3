// Test-only helpers (not exported from the library). The real rows come from the features library's
// one cached reader of data/credit-default-taiwan.csv.
export { loadReferenceRows as loadRealRows, REFERENCE_CSV_PATH as REAL_DATA_PATH } from '@loan/features/testing';

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
