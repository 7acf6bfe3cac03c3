import { stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  it('keeps the class ratio in both parts, covers every row once, and is seeded', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 1 : 0)); // 20% positive
    const s = stratifiedSplit(labels, 0.2, 9);
    expect(s.test.length).toBe(200);
    expect(Array.from(s.test).filter((i) => labels[i] === 1).length).toBe(40);
    expect(new Set([...s.train, ...s.test]).size).toBe(1000);
    expect(Array.from(stratifiedSplit(labels, 0.2, 9).test)).toEqual(Array.from(s.test));
    expect(Array.from(stratifiedSplit(labels, 0.2, 10).test)).not.toEqual(Array.from(s.test));
    expect(() => stratifiedSplit(labels, 1, 9)).toThrow(/testFraction/);
  });
});
