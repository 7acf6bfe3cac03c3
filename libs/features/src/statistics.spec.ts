import { median, populationStd, quantileSketch, quantileSorted, sortedCopy } from './statistics';
import { fromFitScale, inverseSignedLog1p, numericScaleOf, signedLog1p, toFitScale } from './value-scale';

describe('statistics', () => {
  it('sorts numerically without mutating', () => {
    const xs = [10, -2, 9, 100];
    expect(sortedCopy(xs)).toEqual([-2, 9, 10, 100]);
    expect(xs).toEqual([10, -2, 9, 100]);
  });

  it('type-7 quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1 / 3)).toBeCloseTo(2, 12);
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(median([7, 1, 3])).toBe(3);
    expect(quantileSketch([0, 10], 3)).toEqual([0, 5, 10]);
    expect(() => quantileSorted([], 0.5)).toThrow();
  });

  it('population std divides by n', () => {
    expect(populationStd([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
  });
});

describe('value scales', () => {
  it('money is signed log1p, AGE raw', () => {
    expect(numericScaleOf('BILL_AMT3')).toBe('signed-log1p');
    expect(numericScaleOf('AGE')).toBe('raw');
    expect(signedLog1p(0)).toBe(0);
    expect(signedLog1p(Math.E - 1)).toBeCloseTo(1, 12);
    expect(signedLog1p(-(Math.E - 1))).toBeCloseTo(-1, 12);
    expect(toFitScale('AGE', 33)).toBe(33);
    for (const x of [-123_456, -1, 0, 0.5, 999, 2e7]) {
      expect(inverseSignedLog1p(signedLog1p(x))).toBeCloseTo(x, 6);
      expect(fromFitScale('PAY_AMT1', toFitScale('PAY_AMT1', x))).toBeCloseTo(x, 6);
    }
  });
});
