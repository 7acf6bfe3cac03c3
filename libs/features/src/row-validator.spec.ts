import { FEATURE_COLUMNS, LABEL_COLUMN } from './columns';
import { RowErrorKind, validateRow } from './row-validator';
import { sampleRow } from './testing/rows';

const kinds = (raw: unknown, options = {}): [string, RowErrorKind][] =>
  validateRow(raw, options).errors.map((e) => [e.column, e.kind]);

describe('validateRow', () => {
  it('accepts a complete real row unchanged, label included', () => {
    const raw = sampleRow();
    const v = validateRow(raw, { requireLabel: true });
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.missing).toEqual([]);
    expect(v.row).toEqual(raw);
  });

  it('treats null and absent features as missing, not as errors', () => {
    const raw: Record<string, unknown> = { ...sampleRow(), AGE: null, PAY_0: null };
    delete raw.BILL_AMT3;
    delete raw.SEX;
    const v = validateRow(raw, { requireLabel: true });
    expect(v.valid).toBe(true);
    expect(v.errors).toEqual([]);
    expect([...v.missing].sort()).toEqual(['AGE', 'BILL_AMT3', 'PAY_0', 'SEX']);
    expect(v.row.AGE).toBeNull();
    expect(v.row.SEX).toBeNull();
    expect(v.row.BILL_AMT3).toBeNull();
    expect(Object.keys(v.row).sort()).toEqual([...FEATURE_COLUMNS, LABEL_COLUMN].sort());
  });

  it('reports numeric strings instead of coercing them', () => {
    const v = validateRow({ ...sampleRow(), LIMIT_BAL: '20000', SEX: '2' });
    expect(v.errors.map((e) => [e.column, e.kind])).toEqual([
      ['LIMIT_BAL', 'numeric_string'],
      ['SEX', 'numeric_string'],
    ]);
    expect(v.valid).toBe(false);
    expect(v.row.LIMIT_BAL).toBeNull();
  });

  it.each([
    ['a word', 'abc'],
    ['an empty string', ''],
    ['a boolean', true],
    ['an object', { value: 1 }],
    ['an array', [1]],
  ])('rejects %s as wrong_type', (_what, value) => {
    expect(kinds({ ...sampleRow(), AGE: value })).toEqual([['AGE', 'wrong_type']]);
  });

  it.each([NaN, Infinity, -Infinity])('rejects %p as not finite', (value) => {
    expect(kinds({ ...sampleRow(), BILL_AMT1: value })).toEqual([['BILL_AMT1', 'not_finite']]);
  });

  it('rejects fractions, since every column of the data is whole-numbered', () => {
    expect(kinds({ ...sampleRow(), AGE: 30.5 })).toEqual([['AGE', 'not_integer']]);
    expect(kinds({ ...sampleRow(), PAY_AMT2: 100.25 })).toEqual([['PAY_AMT2', 'not_integer']]);
    expect(kinds({ ...sampleRow(), PAY_0: 1.5 })).toEqual([['PAY_0', 'not_integer']]);
  });

  it('rejects values outside NUMERIC_BOUNDS and accepts the bounds themselves', () => {
    expect(kinds({ ...sampleRow(), AGE: 17 })).toEqual([['AGE', 'out_of_bounds']]);
    expect(kinds({ ...sampleRow(), AGE: 101 })).toEqual([['AGE', 'out_of_bounds']]);
    expect(kinds({ ...sampleRow(), LIMIT_BAL: 0 })).toEqual([['LIMIT_BAL', 'out_of_bounds']]);
    expect(kinds({ ...sampleRow(), PAY_AMT1: -1 })).toEqual([['PAY_AMT1', 'out_of_bounds']]);
    expect(kinds({ ...sampleRow(), BILL_AMT6: -5_000_001 })).toEqual([['BILL_AMT6', 'out_of_bounds']]);
    expect(kinds({ ...sampleRow(), AGE: 18, LIMIT_BAL: 10_000_000, BILL_AMT6: -5_000_000, PAY_AMT1: 0 })).toEqual([]);
  });

  it('rejects category codes the schema does not know', () => {
    expect(kinds({ ...sampleRow(), SEX: 3 })).toEqual([['SEX', 'unknown_code']]);
    expect(kinds({ ...sampleRow(), EDUCATION: 7 })).toEqual([['EDUCATION', 'unknown_code']]);
    expect(kinds({ ...sampleRow(), PAY_0: 9 })).toEqual([['PAY_0', 'unknown_code']]);
    expect(kinds({ ...sampleRow(), PAY_6: -3 })).toEqual([['PAY_6', 'unknown_code']]);
  });

  it("accepts the data's undocumented codes (EDUCATION 0/5/6, MARRIAGE 0, PAY -2/0)", () => {
    for (const EDUCATION of [0, 5, 6]) expect(kinds({ ...sampleRow(), EDUCATION })).toEqual([]);
    expect(kinds({ ...sampleRow(), MARRIAGE: 0, PAY_0: -2, PAY_2: 0 })).toEqual([]);
  });

  it('checks the label: required for labelled data, 0 or 1 only', () => {
    const { [LABEL_COLUMN]: _label, ...unlabelled } = sampleRow();
    expect(kinds(unlabelled, { requireLabel: true })).toEqual([[LABEL_COLUMN, 'missing_label']]);
    expect(kinds({ ...unlabelled, [LABEL_COLUMN]: null }, { requireLabel: true })).toEqual([
      [LABEL_COLUMN, 'missing_label'],
    ]);
    expect(kinds(unlabelled)).toEqual([]);
    expect(validateRow(unlabelled).row).not.toHaveProperty(LABEL_COLUMN);
    expect(kinds({ ...unlabelled, [LABEL_COLUMN]: 2 })).toEqual([[LABEL_COLUMN, 'invalid_label']]);
    expect(kinds({ ...unlabelled, [LABEL_COLUMN]: 0.5 })).toEqual([[LABEL_COLUMN, 'invalid_label']]);
    expect(kinds({ ...unlabelled, [LABEL_COLUMN]: '1' })).toEqual([[LABEL_COLUMN, 'numeric_string']]);
    expect(validateRow({ ...unlabelled, [LABEL_COLUMN]: 0 }).row[LABEL_COLUMN]).toBe(0);
  });

  it('reports unexpected fields unless told to ignore them', () => {
    expect(kinds({ ...sampleRow(), ID: 7, extra: 'x' })).toEqual([
      ['ID', 'unknown_field'],
      ['extra', 'unknown_field'],
    ]);
    const v = validateRow({ ...sampleRow(), ID: 7 }, { ignoreFields: ['ID'] });
    expect(v.valid).toBe(true);
    expect(v.row).not.toHaveProperty('ID');
  });

  it.each([null, undefined, 'row', 42, [1, 2]])('rejects a non-object row (%p)', (raw) => {
    expect(kinds(raw)).toEqual([['*', 'not_an_object']]);
  });

  it('collects every error of a row, each with a readable reason', () => {
    const v = validateRow({ ...sampleRow(), AGE: 200, SEX: 0, PAY_AMT1: '5', foo: 1 }, { requireLabel: true });
    expect(v.errors.map((e) => e.kind)).toEqual(['unknown_code', 'out_of_bounds', 'numeric_string', 'unknown_field']);
    for (const e of v.errors) expect(e.reason.length).toBeGreaterThan(5);
  });
});
