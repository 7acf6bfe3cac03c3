import { FEATURE_COLUMNS, LABEL_COLUMN, LoanFeatures } from '@loan/features';
import { sampleRow } from '@loan/features/testing';
import { FieldError, MAX_PREDICT_RECORDS, parsePredictRequest } from './predict-request';

/** The first row of the real data (ID 1), without its label: a valid predict record. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { [LABEL_COLUMN]: _label, ...features } = sampleRow();
  return { ...features, ...overrides };
}

function errorsOf(body: unknown, options?: { maxRecords?: number }): FieldError[] {
  const result = parsePredictRequest(body, options);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.errors;
}

const fieldsAndKinds = (body: unknown) => errorsOf(body).map((e) => [e.field, e.kind]);

describe('parsePredictRequest', () => {
  it('accepts a single valid record and returns its 23 features in schema order', () => {
    const result = parsePredictRequest({ records: [record()] });
    expect(result).toEqual({ ok: true, records: [record()] });
    if (result.ok) expect(Object.keys(result.records[0])).toEqual([...FEATURE_COLUMNS]);
  });

  it('accepts a batch, keeping record order', () => {
    const records = [record({ AGE: 30 }), record({ AGE: 40 }), record({ AGE: 50 })];
    const result = parsePredictRequest({ records });
    expect(result.ok && result.records.map((r) => r.AGE)).toEqual([30, 40, 50]);
  });

  it('allows null and absent features, returning them as null for imputation', () => {
    const raw = record({ AGE: null, PAY_0: null });
    delete raw.BILL_AMT3;
    const result = parsePredictRequest({ records: [raw, {}] });
    expect(result.ok).toBe(true);
    const [first, empty] = (result as { records: LoanFeatures[] }).records;
    expect(first.AGE).toBeNull();
    expect(first.PAY_0).toBeNull();
    expect(first.BILL_AMT3).toBeNull();
    expect(first.LIMIT_BAL).toBe(20000);
    expect(Object.keys(empty)).toEqual([...FEATURE_COLUMNS]);
    expect(Object.values(empty).every((v) => v === null)).toBe(true);
  });

  it.each([
    ['an unknown record field', { ID: 7 }, 'ID', 'unknown_field'],
    ['a wrong type', { AGE: 'old' }, 'AGE', 'wrong_type'],
    ['a boolean', { SEX: true }, 'SEX', 'wrong_type'],
    ['a numeric string', { LIMIT_BAL: '20000' }, 'LIMIT_BAL', 'numeric_string'],
    ['NaN passed directly', { BILL_AMT1: Number.NaN }, 'BILL_AMT1', 'not_finite'],
    ['Infinity passed directly', { PAY_AMT1: Number.POSITIVE_INFINITY }, 'PAY_AMT1', 'not_finite'],
    ['a value out of range', { AGE: 150 }, 'AGE', 'out_of_bounds'],
    ['an unknown category code', { EDUCATION: 9 }, 'EDUCATION', 'unknown_code'],
    ['a fraction', { PAY_AMT2: 10.5 }, 'PAY_AMT2', 'not_integer'],
  ])('rejects %s, naming the record index and column', (_what, overrides, column, kind) => {
    const errors = errorsOf({ records: [record(), record(), record(overrides)] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: `records[2].${column}`, kind });
    expect(errors[0].message.length).toBeGreaterThan(5);
  });

  it.each([0, 1, null, '1'])('rejects the label (%p) as an unknown field: it is not an input', (label) => {
    expect(fieldsAndKinds({ records: [record({ [LABEL_COLUMN]: label })] })).toEqual([
      [`records[0].${LABEL_COLUMN}`, 'unknown_field'],
    ]);
  });

  it.each([null, 'x', 3, [1]])('rejects a non-object record (%p) at records[i]', (raw) => {
    expect(fieldsAndKinds({ records: [record(), raw] })).toEqual([['records[1]', 'not_an_object']]);
  });

  it('reports every error across records, in order', () => {
    const body = { records: [record({ AGE: 5, SEX: 3 }), record(), record({ foo: 1 })] };
    expect(fieldsAndKinds(body)).toEqual([
      ['records[0].SEX', 'unknown_code'],
      ['records[0].AGE', 'out_of_bounds'],
      ['records[2].foo', 'unknown_field'],
    ]);
  });

  it('rejects an empty records list', () => {
    expect(fieldsAndKinds({ records: [] })).toEqual([['records', 'empty']]);
  });

  it('rejects more records than the limit, saying the limit', () => {
    const records = Array.from({ length: 4 }, () => record());
    const errors = errorsOf({ records }, { maxRecords: 3 });
    expect(errors.map((e) => [e.field, e.kind])).toEqual([['records', 'too_many']]);
    expect(errors[0].message).toContain('3');
    expect(parsePredictRequest({ records: records.slice(0, 3) }, { maxRecords: 3 }).ok).toBe(true);
  });

  it('defaults the limit to MAX_PREDICT_RECORDS', () => {
    const records = Array.from({ length: MAX_PREDICT_RECORDS + 1 }, () => ({}));
    const errors = errorsOf({ records });
    expect(errors).toEqual([expect.objectContaining({ field: 'records', kind: 'too_many' })]);
    expect(errors[0].message).toContain(String(MAX_PREDICT_RECORDS));
    expect(parsePredictRequest({ records: records.slice(1) }).ok).toBe(true);
  });

  it.each([{ a: 1 }, 'records', 5, null])('rejects records that are not an array (%p)', (records) => {
    expect(fieldsAndKinds({ records })).toEqual([['records', 'wrong_type']]);
  });

  it('rejects a body without records', () => {
    expect(fieldsAndKinds({})).toEqual([['records', 'missing']]);
  });

  it.each([null, undefined, [record()], 'text', 42])('rejects a body that is not an object (%p)', (body) => {
    expect(fieldsAndKinds(body)).toEqual([['body', 'not_an_object']]);
  });

  it('rejects unknown top-level keys alongside record errors', () => {
    expect(fieldsAndKinds({ foo: 1, records: [record({ AGE: 'x' })], model: 'v2' })).toEqual([
      ['foo', 'unknown_field'],
      ['model', 'unknown_field'],
      ['records[0].AGE', 'wrong_type'],
    ]);
  });

  it('caps the list at 100 errors and says how many more there were', () => {
    // 60 records with 2 errors each = 120 errors
    const records = Array.from({ length: 60 }, () => record({ AGE: 1, SEX: 9 }));
    const errors = errorsOf({ records });
    expect(errors).toHaveLength(101);
    expect(errors[99]).toMatchObject({ field: 'records[49].AGE', kind: 'out_of_bounds' });
    expect(errors[100]).toEqual({ field: 'records', kind: 'truncated', message: '20 more errors not shown' });
  });

  it('does not add a truncation entry at exactly 100 errors', () => {
    const records = Array.from({ length: 50 }, () => record({ AGE: 1, SEX: 9 }));
    const errors = errorsOf({ records });
    expect(errors).toHaveLength(100);
    expect(errors.some((e) => e.kind === 'truncated')).toBe(false);
  });

  it.each([0, -1, 2.5])('rejects an invalid maxRecords option (%p)', (maxRecords) => {
    expect(() => parsePredictRequest({ records: [record()] }, { maxRecords })).toThrow(RangeError);
  });
});
