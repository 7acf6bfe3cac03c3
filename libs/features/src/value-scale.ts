// The scale each numeric column is fitted and modelled on. Money columns are heavy-tailed and can be
// negative (bills with credit balances), so they live on the signed-log scale sign(x)·log1p(|x|): it is
// monotone, defined at 0 and below, and turns multiplicative spread into additive spread, so IQR fences,
// standardisation and drift distances behave. AGE is bounded and roughly symmetric: it stays raw.
import { MONEY_COLUMNS, NumericColumn } from './columns';

export type NumericScale = 'signed-log1p' | 'raw';

const MONEY = new Set<string>(MONEY_COLUMNS);

export function numericScaleOf(column: NumericColumn): NumericScale {
  return MONEY.has(column) ? 'signed-log1p' : 'raw';
}

/** sign(x)·log1p(|x|). */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** Inverse of signedLog1p: sign(y)·expm1(|y|). */
export function inverseSignedLog1p(y: number): number {
  return y < 0 ? -Math.expm1(-y) : Math.expm1(y);
}

/** Raw value → the column's fitted scale. */
export function toFitScale(column: NumericColumn, x: number): number {
  return MONEY.has(column) ? signedLog1p(x) : x;
}

/** The column's fitted scale → raw value. */
export function fromFitScale(column: NumericColumn, y: number): number {
  return MONEY.has(column) ? inverseSignedLog1p(y) : y;
}
