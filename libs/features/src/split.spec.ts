import { assignSplit, hash32, splitForDay } from './split';

const shareOfEvaluation = (date: string, n: number, share?: number) => {
  let evaluation = 0;
  for (let i = 0; i < n; i++) if (splitForDay(date, i, share) === 'evaluation') evaluation++;
  return evaluation / n;
};

describe('split', () => {
  it('is deterministic', () => {
    const a = Array.from({ length: 200 }, (_, i) => splitForDay('2024-03-01', i));
    const b = Array.from({ length: 200 }, (_, i) => splitForDay('2024-03-01', i));
    expect(a).toEqual(b);
    expect(assignSplit('2024-03-01#5')).toBe(splitForDay('2024-03-01', 5));
  });

  it('gives about the requested share (binomial sd at n = 20 000 is ≈ 0.0035)', () => {
    expect(shareOfEvaluation('2024-03-01', 20_000)).toBeCloseTo(0.5, 1);
    expect(Math.abs(shareOfEvaluation('2024-03-01', 20_000) - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(shareOfEvaluation('2024-03-02', 20_000, 0.2) - 0.2)).toBeLessThan(0.015);
    expect(shareOfEvaluation('2024-03-03', 1_000, 0)).toBe(0);
    expect(shareOfEvaluation('2024-03-03', 1_000, 1)).toBe(1);
  });

  it('is balanced within small blocks of consecutive rows too', () => {
    // 100 blocks of 100 rows: each block's share stays within 5 sd (0.25) of 0.5
    for (let block = 0; block < 100; block++) {
      let evaluation = 0;
      for (let i = block * 100; i < (block + 1) * 100; i++) if (splitForDay('2024-05-05', i) === 'evaluation') evaluation++;
      expect(Math.abs(evaluation / 100 - 0.5)).toBeLessThan(0.25);
    }
  });

  it('differs between days (about half the rows agree) and nests as the share grows', () => {
    let agree = 0;
    for (let i = 0; i < 10_000; i++) if (splitForDay('2024-03-01', i) === splitForDay('2024-03-02', i)) agree++;
    expect(Math.abs(agree / 10_000 - 0.5)).toBeLessThan(0.03);
    for (let i = 0; i < 2_000; i++) {
      if (splitForDay('2024-03-01', i, 0.3) === 'evaluation') expect(splitForDay('2024-03-01', i, 0.5)).toBe('evaluation');
    }
  });

  it('hash32 is FNV-1a then the murmur3 finaliser (known FNV-1a("a") = 0xe40c292c)', () => {
    // Undo the finaliser on the hash of "a" to recover the FNV-1a value from its published test vector.
    const fmix = (h: number) => {
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      return h >>> 0;
    };
    expect(hash32('a')).toBe(fmix(0xe40c292c));
  });

  it('rejects a bad share or row index', () => {
    expect(() => assignSplit('x', 1.5)).toThrow();
    expect(() => splitForDay('2024-03-01', -1)).toThrow();
    expect(() => splitForDay('2024-03-01', 1.5)).toThrow();
  });
});
