import { balancedClassWeights, weightedBceFromLogits } from './loss';

describe('loss helpers', () => {
  it('balanced weights give each class half the total weight', () => {
    // 2 positives, 8 negatives: w+ = 10/(2·2) = 2.5, w− = 10/(2·8) = 0.625 → 2·2.5 = 8·0.625 = 5.
    expect(balancedClassWeights([1, 1, 0, 0, 0, 0, 0, 0, 0, 0])).toEqual({ positive: 2.5, negative: 0.625 });
  });

  it('weighted BCE on logits matches the textbook formula', () => {
    // z = 0 → BCE = ln 2 for either label; z = 2, y = 1 → ln(1 + e^−2).
    const w = { positive: 2, negative: 1 };
    expect(weightedBceFromLogits([0, 0], [1, 0], w)).toBeCloseTo((2 * Math.LN2 + Math.LN2) / 2, 12);
    expect(weightedBceFromLogits([2], [1], w)).toBeCloseTo(2 * Math.log1p(Math.exp(-2)), 12);
  });
});
