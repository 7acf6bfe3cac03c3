import { FEATURE_COLUMNS, LABEL_COLUMN } from './columns';
import { PACKED_FEATURES_BYTES, packFeatures, unpackFeatures } from './packed-features';
import { sampleRow } from './testing';

describe('packed features', () => {
  const { [LABEL_COLUMN]: _label, ...features } = sampleRow();

  it('gives back every value exactly, in schema order', () => {
    const row = { ...features, LIMIT_BAL: 123_456.78, BILL_AMT1: -4_999_999.5, PAY_AMT6: 0 };
    const unpacked = unpackFeatures(packFeatures(row));
    expect(unpacked).toEqual(row);
    expect(Object.keys(unpacked)).toEqual([...FEATURE_COLUMNS]);
  });

  it('keeps missing values as null, whether null or absent', () => {
    const { AGE: _age, ...withoutAge } = features;
    const unpacked = unpackFeatures(packFeatures({ ...withoutAge, EDUCATION: null }));
    expect(unpacked.AGE).toBeNull();
    expect(unpacked.EDUCATION).toBeNull();
    expect(unpacked.SEX).toBe(features.SEX);
  });

  it('is one version byte and a float64 per column', () => {
    expect(packFeatures(features)).toHaveLength(1 + 8 * 23);
    expect(PACKED_FEATURES_BYTES).toBe(185);
  });

  it('refuses what it could not give back', () => {
    expect(() => packFeatures({ ...features, INCOME: 1 })).toThrow(/"INCOME" is not a feature column/);
    expect(() => packFeatures({ ...features, AGE: Number.POSITIVE_INFINITY })).toThrow(/AGE is Infinity/);
  });

  it('refuses bytes of another length or version', () => {
    const bytes = packFeatures(features);
    expect(() => unpackFeatures(bytes.subarray(0, 100))).toThrow(/expected 185 bytes of version 1, got 100/);
    const other = bytes.slice();
    other[0] = 2;
    expect(() => unpackFeatures(other)).toThrow(/got 185 bytes of version 2/);
  });

  it('reads a view into a larger buffer (as a BSON Binary hands it over)', () => {
    const bytes = packFeatures(features);
    const larger = new Uint8Array(bytes.length + 16);
    larger.set(bytes, 7);
    expect(unpackFeatures(larger.subarray(7, 7 + bytes.length))).toEqual(features);
  });
});
