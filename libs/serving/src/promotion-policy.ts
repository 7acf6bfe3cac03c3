// The deployer's promotion rule, pure so it can be tested as a table. A candidate replaces the champion
// only when it is clearly better on F1, no worse on precision (fewer false alarms on good customers),
// and was judged on enough rows for the comparison to mean something; otherwise it is kept as challenger.

export interface PolicyMetrics {
  f1: number;
  precision: number;
}

export interface PromotionInput {
  candidate: PolicyMetrics;
  champion: PolicyMetrics | null;
  rows: number;
  minEvalRows: number;
  /** The F1 margin the candidate must beat the champion by; default DEFAULT_MIN_F1_GAIN. */
  minF1Gain?: number;
}

export interface PromotionDecision {
  action: 'promote' | 'challenger';
  /** One human-readable line per rule checked, e.g. 'precision 0.480 < champion 0.500'. */
  reasons: string[];
}

export const DEFAULT_MIN_F1_GAIN = 0.01;

// 0.53 + 0.01 is 0.5399999999999999 in floating point: without this slack a candidate exactly one
// margin above the champion would sometimes pass and sometimes not, depending on the digits.
const EPSILON = 1e-9;

const fmt = (x: number): string => x.toFixed(3);

function checkUnit(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`${name} must be a finite number in [0, 1], got ${value}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
}

function validate(input: PromotionInput, minF1Gain: number): void {
  checkUnit('candidate.f1', input.candidate.f1);
  checkUnit('candidate.precision', input.candidate.precision);
  if (input.champion) {
    checkUnit('champion.f1', input.champion.f1);
    checkUnit('champion.precision', input.champion.precision);
  }
  checkUnit('minF1Gain', minF1Gain);
  checkCount('rows', input.rows);
  checkCount('minEvalRows', input.minEvalRows);
}

export function decidePromotion(input: PromotionInput): PromotionDecision {
  const minF1Gain = input.minF1Gain ?? DEFAULT_MIN_F1_GAIN;
  validate(input, minF1Gain);
  const { candidate, champion, rows, minEvalRows } = input;
  if (!champion) return { action: 'promote', reasons: ['no champion yet: the first model is promoted'] };

  const f1Ok = candidate.f1 - champion.f1 > minF1Gain + EPSILON;
  const precisionOk = candidate.precision >= champion.precision;
  const rowsOk = rows >= minEvalRows;
  const reasons = [
    `F1 ${fmt(candidate.f1)} ${f1Ok ? '>' : '<='} champion ${fmt(champion.f1)} + ${minF1Gain}`,
    `precision ${fmt(candidate.precision)} ${precisionOk ? '>=' : '<'} champion ${fmt(champion.precision)}`,
    `rows ${rows} ${rowsOk ? '>=' : '<'} MIN_EVAL_ROWS ${minEvalRows}`,
  ];
  return { action: f1Ok && precisionOk && rowsOk ? 'promote' : 'challenger', reasons };
}
