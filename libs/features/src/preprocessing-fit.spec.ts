// Fit statistics on the five-row hand reference (testing/hand-fit.ts). Type-7 quantiles of five sorted
// values v0..v4: Q(p) = v[⌊4p⌋] + frac(4p)·(v[⌊4p⌋+1] − v[⌊4p⌋]), so Q1 = v1, median = v2, Q3 = v3.
import { CATEGORY_CODES } from './columns';
import { L, handFit, handReferenceRows } from './testing/hand-fit';
import { assertPreprocessingFit, binIndex, fingerprintOfFit, fitPreprocessing } from './preprocessing-fit';
import { sampleRow } from './testing/rows';

describe('fitPreprocessing on a hand-checkable reference', () => {
  const fit = handFit();

  it('AGE (raw scale): median, quartiles, fences Q1 − 1.5·IQR / Q3 + 1.5·IQR, scaler', () => {
    const age = fit.numeric.AGE;
    expect(age.scale).toBe('raw');
    expect(age.median).toBe(40);
    expect([age.q1, age.q3]).toEqual([30, 50]);
    expect(age.tukeyFences).toEqual({ lower: 0, upper: 80 });
    expect(age.fences).toEqual({ lower: 0, upper: 80 });
    expect(age.scaler.mean).toBeCloseTo(40, 12);
    expect(age.scaler.std).toBeCloseTo(Math.sqrt((400 + 100 + 0 + 100 + 400) / 5), 12);
  });

  it('AGE reference sketch and decile bins for drift', () => {
    const ref = fit.numeric.AGE.reference;
    expect(ref.quantiles).toHaveLength(101);
    expect(ref.quantiles[0]).toBe(20);
    expect(ref.quantiles[10]).toBeCloseTo(24, 12); // h = 0.4 → 20 + 0.4·10
    expect(ref.quantiles[50]).toBe(40);
    expect(ref.quantiles[100]).toBe(60);
    // Deciles: 20 + 4·10·p → 24, 28, …, 56.
    ref.binEdges.forEach((e, i) => expect(e).toBeCloseTo(24 + 4 * i, 10));
    expect(ref.binEdges).toHaveLength(9);
    // 20 ≤ 24 → bin 0; 30 ∈ (28, 32] → 2; 40 ∈ (36, 40] → 4; 50 ∈ (48, 52] → 7; 60 > 56 → 9.
    expect(ref.binShares).toEqual([0.2, 0, 0.2, 0, 0.2, 0, 0, 0.2, 0, 0.2]);
  });

  it('money columns are fitted on the signed-log1p scale, medians stay raw', () => {
    const limit = fit.numeric.LIMIT_BAL; // log1p values 3L … 7L
    expect(limit.scale).toBe('signed-log1p');
    expect(limit.median).toBe(99_999);
    expect(limit.q1).toBeCloseTo(4 * L, 10);
    expect(limit.q3).toBeCloseTo(6 * L, 10);
    expect(limit.fences.lower).toBeCloseTo(4 * L - 1.5 * 2 * L, 10);
    expect(limit.fences.upper).toBeCloseTo(6 * L + 1.5 * 2 * L, 10);
    expect(limit.scaler.mean).toBeCloseTo(5 * L, 10);
    expect(limit.scaler.std).toBeCloseTo(Math.sqrt(2) * L, 10);

    const bill = fit.numeric.BILL_AMT1; // signed log1p values −2L, 0, 2L, 3L, 4L
    expect(bill.median).toBe(99);
    expect(bill.q1).toBe(0);
    expect(bill.q3).toBeCloseTo(3 * L, 10);
    expect(bill.tukeyFences.lower).toBeCloseTo(-4.5 * L, 10);
    expect(bill.tukeyFences.upper).toBeCloseTo(7.5 * L, 10);
    expect(bill.scaler.mean).toBeCloseTo(1.4 * L, 10);
    // deviations −3.4, −1.4, 0.6, 1.6, 2.6 (in L): mean square 23.2 / 5 = 4.64
    expect(bill.scaler.std).toBeCloseTo(Math.sqrt(4.64) * L, 10);
  });

  it('categorical modes (smallest code on ties) and frequencies over CATEGORY_CODES', () => {
    expect(fit.categorical.SEX).toEqual({ mode: 2, codes: [1, 2], frequencies: [0.4, 0.6] });
    expect(fit.categorical.EDUCATION.mode).toBe(2);
    expect(fit.categorical.EDUCATION.codes).toEqual([...CATEGORY_CODES.EDUCATION]);
    expect(fit.categorical.EDUCATION.frequencies).toEqual([0, 0.2, 0.4, 0.4, 0, 0, 0]);
    expect(fit.categorical.PAY_0.mode).toBe(0);
    expect(fit.labelRate).toBe(0.4);
    expect(fit.rowCount).toBe(5);
  });

  it('iqrK is configurable', () => {
    expect(handFit({ iqrK: 3 }).numeric.AGE.fences).toEqual({ lower: -30, upper: 110 });
  });

  it('a zero mass: plain Tukey collapses the fences, the tail floor keeps the top 0.5% only', () => {
    const rows = handReferenceRows().map((r, i) => ({ ...r, PAY_AMT1: i < 4 ? 0 : 999 })); // log1p: 0,0,0,0,3L
    const tukey = fitPreprocessing(rows, { tailQuantile: null }).numeric.PAY_AMT1;
    expect(tukey.fences).toEqual({ lower: 0, upper: 0 });
    const floored = fitPreprocessing(rows).numeric.PAY_AMT1;
    expect(floored.fences.lower).toBe(0);
    expect(floored.fences.upper).toBeCloseTo(0.98 * 3 * L, 10); // Q(0.995): h = 3.98 → 0 + 0.98·3L
    // Deciles 0 ×7, 0.6L (p = 0.8), 1.8L (p = 0.9): the tied zeros give one edge, so 4 bins.
    expect(floored.reference.binEdges[0]).toBe(0);
    expect(floored.reference.binEdges.slice(1).map((e) => e / L)).toEqual([
      expect.closeTo(0.6, 10),
      expect.closeTo(1.8, 10),
    ]);
    expect(floored.reference.binShares).toEqual([0.8, 0, 0, 0.2]);
  });

  it('rejects an empty, incomplete or off-schema reference', () => {
    expect(() => fitPreprocessing([])).toThrow(/no rows/);
    const incomplete = { ...sampleRow(), AGE: null } as unknown as ReturnType<typeof sampleRow>;
    expect(() => fitPreprocessing([incomplete])).toThrow(/AGE/);
    expect(() => fitPreprocessing([sampleRow({ SEX: 9 })])).toThrow(/SEX/);
    expect(() => fitPreprocessing([sampleRow()], { tailQuantile: 0.7 })).toThrow(/tailQuantile/);
  });
});

describe('binIndex', () => {
  it('puts a value in the first bin whose upper edge is ≥ it', () => {
    const edges = [0, 10, 20];
    expect([-5, 0, 0.1, 10, 15, 20, 25].map((v) => binIndex(edges, v))).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(binIndex([], 3)).toBe(0);
  });
});

describe('fit fingerprint', () => {
  const fit = handFit();

  it('is a sha-256 hex string, reproducible from the same data and sensitive to the options', () => {
    expect(fit.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(handFit().fingerprint).toBe(fit.fingerprint);
    expect(handFit({ iqrK: 2 }).fingerprint).not.toBe(fit.fingerprint);
  });

  it('survives a JSON round trip with keys in another order', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]))
          : v;
    const reloaded = reverseKeys(JSON.parse(JSON.stringify(fit)));
    expect(Object.keys(reloaded as object)[0]).toBe('fingerprint');
    expect(fingerprintOfFit(reloaded as typeof fit)).toBe(fit.fingerprint);
    expect(assertPreprocessingFit(reloaded)).toBe(reloaded);
  });

  it('assertPreprocessingFit rejects a tampered, foreign-version or incomplete fit', () => {
    const copy = () => JSON.parse(JSON.stringify(fit));
    const tampered = copy();
    tampered.numeric.AGE.median = 41;
    expect(() => assertPreprocessingFit(tampered)).toThrow(/fingerprint/);
    const future = copy();
    future.schemaVersion = 2;
    expect(() => assertPreprocessingFit(future)).toThrow(/schemaVersion/);
    const partial = copy();
    delete partial.categorical.PAY_6;
    expect(() => assertPreprocessingFit(partial)).toThrow(/PAY_6/);
    expect(() => assertPreprocessingFit(null)).toThrow(/not an object/);
  });
});
