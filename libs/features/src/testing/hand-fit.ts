// A five-row reference whose statistics are easy to derive by hand (see the comments in the specs).
// Money values are 10^k − 1 so that log1p gives k·ln(10) exactly enough: L = ln 10.
import { CompleteRow } from '../columns';
import { FitOptions, PreprocessingFit, fitPreprocessing } from '../preprocessing-fit';
import { sampleRow } from './rows';

export const L = Math.log(10);
/** log1p → 3L, 4L, 5L, 6L, 7L. */
export const MONEY_PATTERN = [999, 9_999, 99_999, 999_999, 9_999_999];
/** signed log1p → −2L, 0, 2L, 3L, 4L. */
export const BILL1_PATTERN = [-99, 0, 99, 999, 9_999];
export const AGE_PATTERN = [20, 30, 40, 50, 60];
export const SEX_PATTERN = [1, 1, 2, 2, 2];
/** 2 and 3 tie: the mode is the smaller code, 2. */
export const EDUCATION_PATTERN = [1, 2, 2, 3, 3];

export function handReferenceRows(): CompleteRow[] {
  return AGE_PATTERN.map((AGE, i) => {
    const m = MONEY_PATTERN[i];
    return sampleRow({
      AGE,
      SEX: SEX_PATTERN[i],
      EDUCATION: EDUCATION_PATTERN[i],
      MARRIAGE: 1,
      PAY_0: 0,
      PAY_2: 0,
      PAY_3: 0,
      PAY_4: 0,
      PAY_5: 0,
      PAY_6: 0,
      LIMIT_BAL: m,
      BILL_AMT1: BILL1_PATTERN[i],
      BILL_AMT2: m,
      BILL_AMT3: m,
      BILL_AMT4: m,
      BILL_AMT5: m,
      BILL_AMT6: m,
      PAY_AMT1: m,
      PAY_AMT2: m,
      PAY_AMT3: m,
      PAY_AMT4: m,
      PAY_AMT5: m,
      PAY_AMT6: m,
      default_payment_next_month: i < 2 ? 1 : 0,
    });
  });
}

export function handFit(options: Partial<FitOptions> = {}): PreprocessingFit {
  return fitPreprocessing(handReferenceRows(), options);
}
