// Impute → cap → encode against the hand reference (testing/hand-fit.ts), whose statistics are derived in
// preprocessing-fit.spec.ts: AGE median 40, fences [0, 80], mean 40, std √200; LIMIT_BAL (log1p 3L…7L)
// median 99 999, fences [L, 9L], mean 5L, std √2·L; BILL_AMT1 (−2L, 0, 2L, 3L, 4L) median 99, fences
// [−4.5L, 7.5L], mean 1.4L, std √4.64·L; SEX mode 2; EDUCATION mode 2.
import { CATEGORICAL_COLUMNS, CATEGORY_CODES, CATEGORY_VOCAB_SIZES, LABEL_COLUMN, LoanFeatures, NUMERIC_COLUMNS } from './columns';
import { UNKNOWN_CATEGORY_ID, decodeCategory, encodeCategory } from './category-encoder';
import { capRow, capValue, isOutlier } from './iqr-capper';
import { imputeRow } from './imputer';
import { preprocessBatch, preprocessRow } from './preprocessing';
import { encodeRow } from './row-encoder';
import { scaleValue } from './scaler';
import { MONEY_PATTERN, handFit } from './testing/hand-fit';
import { sampleRow } from './testing/rows';

const fit = handFit();
const SQRT200 = Math.sqrt(200);
const AGE_I = NUMERIC_COLUMNS.indexOf('AGE');
const LIMIT_I = NUMERIC_COLUMNS.indexOf('LIMIT_BAL');
const BILL1_I = NUMERIC_COLUMNS.indexOf('BILL_AMT1');

/** A row inside every fence of the hand fit. */
function inFenceRow(overrides: Partial<LoanFeatures> = {}): LoanFeatures {
  const r: Record<string, number | null> = { ...sampleRow() };
  for (const c of NUMERIC_COLUMNS) r[c] = 99_999;
  return { ...r, AGE: 40, BILL_AMT1: 99, ...overrides } as LoanFeatures;
}

describe('imputeRow', () => {
  it('fills numeric gaps with the reference median and categorical gaps with the mode', () => {
    const row = { ...inFenceRow({ AGE: null, LIMIT_BAL: null, BILL_AMT1: null, SEX: null, EDUCATION: null }), [LABEL_COLUMN]: 1 };
    const before = JSON.stringify(row);
    const out = imputeRow(row, fit);
    expect(out).toMatchObject({ AGE: 40, LIMIT_BAL: 99_999, BILL_AMT1: 99, SEX: 2, EDUCATION: 2, [LABEL_COLUMN]: 1 });
    expect(out.PAY_AMT1).toBe(99_999); // present values untouched
    expect(JSON.stringify(row)).toBe(before); // input not mutated
  });
});

describe('capping at the fences, on the fitted scale', () => {
  it('clips AGE on the raw scale', () => {
    expect(capValue('AGE', 95, fit)).toBe(80);
    expect(capValue('AGE', 50, fit)).toBe(50);
    expect(isOutlier('AGE', 95, fit)).toBe(true);
    expect(isOutlier('AGE', 80, fit)).toBe(false);
  });

  it('clips money on the signed-log scale and maps back to raw units', () => {
    // lower fence L = ln 10 → expm1(L) = 9
    expect(capValue('LIMIT_BAL', 5, fit)).toBeCloseTo(9, 9);
    expect(isOutlier('LIMIT_BAL', 5, fit)).toBe(true);
    expect(capValue('LIMIT_BAL', 10, fit)).toBe(10);
    // BILL_AMT1 lower fence −4.5L → −(10^4.5 − 1)
    expect(capValue('BILL_AMT1', -9_999_999, fit)).toBeCloseTo(-(10 ** 4.5 - 1), 6);
    expect(capValue('BILL_AMT1', -30_000, fit)).toBe(-30_000);
  });

  it('capRow caps every numeric column, keeps nulls and other fields', () => {
    const out = capRow({ ...inFenceRow({ AGE: 99, LIMIT_BAL: null, PAY_AMT3: 2 }), [LABEL_COLUMN]: 0 }, fit);
    expect(out.AGE).toBe(80);
    expect(out.LIMIT_BAL).toBeNull();
    expect(out.PAY_AMT3).toBeCloseTo(9, 9);
    expect(out.BILL_AMT1).toBe(99);
    expect(out[LABEL_COLUMN]).toBe(0);
  });
});

describe('encoding', () => {
  it('maps codes to CATEGORY_CODES index + 1, unknown codes to 0', () => {
    expect(encodeCategory('SEX', 1)).toBe(1);
    expect(encodeCategory('SEX', 2)).toBe(2);
    expect(encodeCategory('EDUCATION', 0)).toBe(1);
    expect(encodeCategory('PAY_0', -2)).toBe(1);
    expect(encodeCategory('PAY_0', 8)).toBe(11);
    expect(encodeCategory('PAY_0', 9)).toBe(UNKNOWN_CATEGORY_ID);
    for (const c of CATEGORICAL_COLUMNS) {
      for (const code of CATEGORY_CODES[c]) {
        const id = encodeCategory(c, code);
        expect(id).toBeLessThan(CATEGORY_VOCAB_SIZES[CATEGORICAL_COLUMNS.indexOf(c)]);
        expect(decodeCategory(c, id)).toBe(code);
      }
    }
    expect(decodeCategory('SEX', 0)).toBeNull();
  });

  it('standardises with the fit: (t(x) − mean) / std', () => {
    expect(scaleValue('AGE', 50, fit)).toBeCloseTo(10 / SQRT200, 12);
    expect(scaleValue('LIMIT_BAL', MONEY_PATTERN[4], fit)).toBeCloseTo(Math.SQRT2, 10); // (7L − 5L)/(√2·L)
    expect(scaleValue('BILL_AMT1', -99, fit)).toBeCloseTo(-3.4 / Math.sqrt(4.64), 10); // (−2L − 1.4L)/(√4.64·L)
  });

  it('encodeRow orders ids by CATEGORICAL_COLUMNS and numerics by NUMERIC_COLUMNS', () => {
    const row = { ...inFenceRow({ AGE: 50, LIMIT_BAL: 9_999_999, BILL_AMT1: -99, EDUCATION: 0, PAY_0: -2, PAY_2: 8 }) };
    const encoded = encodeRow(row as Record<keyof LoanFeatures, number>, fit);
    // SEX 2 → 2, EDUCATION 0 → 1, MARRIAGE 1 → 2, PAY_0 −2 → 1, PAY_2 8 → 11, PAY_3 −1 → 2, PAY_4 −1 → 2, PAY_5/6 −2 → 1
    expect(encoded.categorical).toEqual([2, 1, 2, 1, 11, 2, 2, 1, 1]);
    expect(encoded.numeric).toHaveLength(14);
    expect(encoded.numeric[AGE_I]).toBeCloseTo(10 / SQRT200, 12);
    expect(encoded.numeric[LIMIT_I]).toBeCloseTo(Math.SQRT2, 10);
    expect(encoded.numeric[BILL1_I]).toBeCloseTo(-3.4 / Math.sqrt(4.64), 10);
    // every other money column is 99 999 = the median on the log scale: 0
    expect(encoded.numeric[NUMERIC_COLUMNS.indexOf('PAY_AMT6')]).toBeCloseTo(0, 10);
  });

  it('refuses to encode a gap (impute first)', () => {
    expect(() => encodeRow(inFenceRow({ AGE: null }) as Record<keyof LoanFeatures, number>, fit)).toThrow(/AGE/);
  });
});

describe('preprocessRow / preprocessBatch', () => {
  it('imputes, then caps, then encodes', () => {
    const encoded = preprocessRow(inFenceRow({ AGE: 95, LIMIT_BAL: 5, SEX: null }), fit);
    expect(encoded.numeric[AGE_I]).toBeCloseTo(40 / SQRT200, 10); // capped to 80
    expect(encoded.numeric[LIMIT_I]).toBeCloseTo(-4 / Math.SQRT2, 8); // capped to 9: (L − 5L)/(√2·L)
    expect(encoded.categorical[0]).toBe(2); // SEX imputed with mode 2
    const imputedAge = preprocessRow(inFenceRow({ AGE: null }), fit);
    expect(imputedAge.numeric[AGE_I]).toBeCloseTo(0, 12); // median 40 = mean 40
  });

  it("uses the fit's statistics, never the batch's", () => {
    const row = inFenceRow({ AGE: 60, LIMIT_BAL: 999, PAY_0: 3 });
    const alone = preprocessBatch([row], fit)[0];
    const others = Array.from({ length: 50 }, (_, i) => inFenceRow({ AGE: 20 + i, LIMIT_BAL: 1000 * (i + 1), SEX: null }));
    const inCrowd = preprocessBatch([...others, row, ...others], fit)[50];
    expect(inCrowd).toEqual(alone);
    // A batch where every AGE is 60 still maps 60 to (60 − 40)/√200, not to 0 as its own mean would.
    const uniform = preprocessBatch([row, row, row], fit);
    for (const e of uniform) expect(e.numeric[AGE_I]).toBeCloseTo(20 / SQRT200, 12);
  });
});
