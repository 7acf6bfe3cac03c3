// A hand-made day against the hand reference (fences: AGE [0, 80]; LIMIT_BAL/PAY_AMT* log1p [L, 9L], i.e.
// raw [9, 10⁹ − 1]; BILL_AMT1 signed log1p [−4.5L, 7.5L], i.e. raw [−31 622, …]).
import { LABEL_COLUMN, NUMERIC_COLUMNS } from './columns';
import { assessBatch, buildQualityReport } from './quality-report';
import { handFit } from './testing/hand-fit';
import { sampleRow } from './testing/rows';

const fit = handFit();

function base(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const r: Record<string, unknown> = { ...sampleRow() };
  for (const c of NUMERIC_COLUMNS) r[c] = 99_999;
  return { ...r, AGE: 40, BILL_AMT1: 99, [LABEL_COLUMN]: 0, ...overrides };
}

const withoutSex = (r: Record<string, unknown>) => {
  const { SEX: _sex, ...rest } = r;
  return rest;
};

const batch: unknown[] = [
  /* 0 */ base(),
  /* 1 */ base({ AGE: 95, PAY_AMT1: 5, [LABEL_COLUMN]: 1 }), // two outliers
  /* 2 */ withoutSex(base({ AGE: null, [LABEL_COLUMN]: 1 })), // two gaps
  /* 3 */ base({ SEX: 3, LIMIT_BAL: '5000', EDUCATION: null }), // invalid ×2, one gap
  /* 4 */ base({ [LABEL_COLUMN]: 1 }), // same features as 0 (label differs): duplicate
  /* 5 */ withoutSex(base({ AGE: null, [LABEL_COLUMN]: 1 })), // duplicate of 2, gaps included
  /* 6 */ 'not a row',
  /* 7 */ base({ BILL_AMT1: -99_999 }), // signed log −5L < −4.5L: outlier
  /* 8 */ base({ SEX: 3, LIMIT_BAL: '5000', EDUCATION: null }), // repeats invalid 3: quarantined, not a duplicate
];

describe('buildQualityReport', () => {
  const report = buildQualityReport(batch, fit, { requireLabel: true });

  it('counts rows, valid and quarantined rows', () => {
    expect(report.rows).toBe(9);
    expect(report.validRows).toBe(6);
    expect(report.quarantinedRows).toBe(3);
    expect(report.referenceFingerprint).toBe(fit.fingerprint);
  });

  it('lists quarantined rows with every reason', () => {
    expect(report.invalid.map((i) => i.index)).toEqual([3, 6, 8]);
    expect(report.invalid[0].reasons.map((r) => [r.column, r.kind])).toEqual([
      ['LIMIT_BAL', 'numeric_string'],
      ['SEX', 'unknown_code'],
    ]);
    expect(report.invalid[1].reasons.map((r) => r.kind)).toEqual(['not_an_object']);
  });

  it('counts missing values over all rows', () => {
    expect(report.missingByColumn.AGE).toBe(2);
    expect(report.missingByColumn.SEX).toBe(2);
    expect(report.missingByColumn.EDUCATION).toBe(2); // rows 3 and 8, quarantined but still gaps
    const total = Object.values(report.missingByColumn).reduce((a, b) => a + b, 0);
    expect(total).toBe(6);
    expect(report.missingRate).toBeCloseTo(6 / (9 * 23), 12);
  });

  it('counts outliers against the reference fences among valid rows', () => {
    expect(report.outliersByColumn.AGE).toBe(1);
    expect(report.outliersByColumn.PAY_AMT1).toBe(1);
    expect(report.outliersByColumn.BILL_AMT1).toBe(1);
    expect(Object.values(report.outliersByColumn).reduce((a, b) => a + b, 0)).toBe(3);
    // present numeric cells of the 6 valid rows: 6 × 14 − 2 missing AGE
    expect(report.outlierRate).toBeCloseTo(3 / 82, 12);
  });

  it('finds exact duplicate feature rows, keeping the first occurrence', () => {
    expect(report.duplicates).toEqual({ count: 2, indices: [4, 5] });
  });

  it('reports the default rate among valid labelled rows', () => {
    expect(report.labelRate).toBeCloseTo(4 / 6, 12); // rows 1, 2, 4, 5 of 0, 1, 2, 4, 5, 7
  });

  it('handles an empty day and unlabelled data', () => {
    const empty = buildQualityReport([], fit);
    expect(empty).toMatchObject({ rows: 0, validRows: 0, missingRate: 0, outlierRate: 0, labelRate: null });
    const { [LABEL_COLUMN]: _l, ...unlabelled } = base();
    expect(buildQualityReport([unlabelled], fit).labelRate).toBeNull();
    expect(buildQualityReport([unlabelled], fit, { requireLabel: true }).quarantinedRows).toBe(1);
  });

  it('assessBatch hands back the validations it summarised', () => {
    const { report: again, validations } = assessBatch(batch, fit, { requireLabel: true });
    expect(again).toEqual(report);
    expect(validations.map((v) => v.valid)).toEqual([true, true, true, false, true, true, false, true, false]);
  });
});
