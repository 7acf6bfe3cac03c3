import { createRng, deriveSeed, seedFromString, SeededRandom } from './seeded-random';

describe('seeded random', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng('2026-11-23|none');
    const b = createRng('2026-11-23|none');
    const c = createRng('2026-11-24|none');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
  });

  it('hashes strings to stable unsigned 32-bit seeds', () => {
    const s = seedFromString('2026-11-23');
    expect(s).toBe(seedFromString('2026-11-23'));
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(seedFromString('2026-11-24')).not.toBe(s);
    expect(new SeededRandom('abc').seed).toBe(seedFromString('abc'));
    expect(deriveSeed(s, 'latent')).not.toBe(deriveSeed(s, 'size'));
  });

  it('draws uniforms in [0,1) with the right mean and spread', () => {
    const rng = createRng(42);
    const xs = Array.from({ length: 100_000 }, () => rng.next());
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(m - 0.5)).toBeLessThan(0.005);
    const u = createRng(1).uniform(10, 20);
    expect(u).toBeGreaterThanOrEqual(10);
    expect(u).toBeLessThan(20);
  });

  it('draws standard normals with mean 0, sd 1 and normal tails', () => {
    const rng = createRng('normal');
    const xs = Array.from({ length: 100_000 }, () => rng.normal());
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.015);
    expect(Math.abs(v - 1)).toBeLessThan(0.02);
    const beyond196 = xs.filter((x) => Math.abs(x) > 1.96).length / xs.length;
    expect(Math.abs(beyond196 - 0.05)).toBeLessThan(0.004);
    expect(createRng(3).normal(100, 0)).toBe(100);
  });

  it('draws integers covering an inclusive range uniformly', () => {
    const rng = createRng(7);
    const counts = new Map<number, number>();
    for (let i = 0; i < 30_000; i++) {
      const k = rng.int(-2, 3);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    for (const c of counts.values()) expect(Math.abs(c / 30_000 - 1 / 6)).toBeLessThan(0.015);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });
});
