import { compareShadow, sampleIndices } from './shadow-agreement';

describe('compareShadow', () => {
  it('counts agreement on thresholded decisions, each model with its own threshold', () => {
    const result = compareShadow(
      { probabilities: [0.9, 0.2, 0.5, 0.45], threshold: 0.5 },
      { probabilities: new Float32Array([0.75, 0.35, 0.25, 0.5]), threshold: 0.3 },
    );
    // primary: yes, no, yes (0.5 >= 0.5), no; shadow: yes, yes, no, yes
    expect(result.perRecord.map((r) => r.agree)).toEqual([true, false, false, false]);
    expect(result.perRecord.map((r) => r.shadowDefault)).toEqual([true, true, false, true]);
    expect(result.perRecord[2].shadowProbability).toBe(0.25);
    expect(result.compared).toBe(4);
    expect(result.agreed).toBe(1);
    expect(result.agreementRate).toBe(0.25);
    expect(result.meanAbsProbabilityDiff).toBeCloseTo((0.15 + 0.15 + 0.25 + 0.05) / 4, 6);
  });

  it('treats probability equal to the threshold as a default on both sides', () => {
    const result = compareShadow({ probabilities: [0.4], threshold: 0.4 }, { probabilities: [0.6], threshold: 0.6 });
    expect(result.perRecord).toEqual([{ agree: true, shadowProbability: 0.6, shadowDefault: true }]);
  });

  it('reports full agreement and no difference for identical models', () => {
    const probabilities = [0.1, 0.6, 0.3];
    const result = compareShadow({ probabilities, threshold: 0.5 }, { probabilities, threshold: 0.5 });
    expect(result.agreementRate).toBe(1);
    expect(result.meanAbsProbabilityDiff).toBe(0);
  });

  it('handles an empty sample without dividing by zero', () => {
    const result = compareShadow({ probabilities: [], threshold: 0.5 }, { probabilities: [], threshold: 0.5 });
    expect(result).toEqual({ compared: 0, agreed: 0, agreementRate: 1, meanAbsProbabilityDiff: 0, perRecord: [] });
  });

  it('throws when the lengths differ', () => {
    expect(() => compareShadow({ probabilities: [0.1, 0.2], threshold: 0.5 }, { probabilities: [0.1], threshold: 0.5 })).toThrow(
      /differ in length/,
    );
  });

  it('throws on a non-finite probability or threshold', () => {
    expect(() => compareShadow({ probabilities: [Number.NaN], threshold: 0.5 }, { probabilities: [0.1], threshold: 0.5 })).toThrow(
      RangeError,
    );
    expect(() => compareShadow({ probabilities: [0.1], threshold: 0.5 }, { probabilities: [0.1], threshold: Number.NaN })).toThrow(
      RangeError,
    );
  });
});

describe('sampleIndices', () => {
  it('keeps all indices at rate 1 and none at rate 0', () => {
    expect(sampleIndices(5, 1, 'seed')).toEqual([0, 1, 2, 3, 4]);
    expect(sampleIndices(1000, 0, 'seed')).toEqual([]);
    expect(sampleIndices(0, 0.5, 'seed')).toEqual([]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = sampleIndices(200, 0.3, 'req-1');
    expect(sampleIndices(200, 0.3, 'req-1')).toEqual(a);
    expect(sampleIndices(200, 0.3, 'req-2')).not.toEqual(a);
  });

  it('returns sorted, distinct indices within range', () => {
    const sample = sampleIndices(500, 0.5, 'x');
    expect(sample).toEqual([...new Set(sample)].sort((p, q) => p - q));
    expect(sample.every((i) => i >= 0 && i < 500)).toBe(true);
  });

  it('keeps each index independently: a lower rate keeps a subset of a higher one', () => {
    const low = sampleIndices(1000, 0.1, 's');
    const high = new Set(sampleIndices(1000, 0.4, 's'));
    expect(low.every((i) => high.has(i))).toBe(true);
  });

  it('keeps about rate × n, spread across the range rather than clustered', () => {
    const sample = sampleIndices(10_000, 0.1, 'day-2024-01-01');
    expect(sample.length).toBeGreaterThan(900);
    expect(sample.length).toBeLessThan(1100);
    // Every block of 200 neighbouring indices gets its share (expected 20): plain FNV-1a would fail this.
    for (let start = 0; start < 10_000; start += 200) {
      const inBlock = sample.filter((i) => i >= start && i < start + 200).length;
      expect(inBlock).toBeGreaterThanOrEqual(5);
      expect(inBlock).toBeLessThanOrEqual(40);
    }
  });

  it.each([
    [-1, 0.5],
    [1.5, 0.5],
    [10, -0.1],
    [10, 1.1],
    [10, Number.NaN],
  ])('rejects n=%p rate=%p', (n, rate) => {
    expect(() => sampleIndices(n, rate, 's')).toThrow(RangeError);
  });
});
