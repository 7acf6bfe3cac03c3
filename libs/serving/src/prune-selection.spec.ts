import { versionsToPrune } from './prune-selection';

describe('versionsToPrune', () => {
  it('keeps the newest versions and prunes the rest, both newest first', () => {
    expect(versionsToPrune({ versions: [1, 2, 3, 4, 5, 6], keep: 3, protectedVersions: [] })).toEqual({
      keep: [6, 5, 4],
      prune: [3, 2, 1],
    });
  });

  it('keeps old versions that aliases still point at', () => {
    // champion 2 (a new candidate failed to beat it), challenger 6, previous champion 1
    const result = versionsToPrune({ versions: [7, 3, 1, 6, 2, 5, 4], keep: 2, protectedVersions: [2, 6, 1] });
    expect(result).toEqual({ keep: [7, 6, 2, 1], prune: [5, 4, 3] });
  });

  it('ignores unset aliases and aliases to versions that are not listed', () => {
    const result = versionsToPrune({ versions: [4, 3, 2, 1], keep: 1, protectedVersions: [null, undefined, 3, 99] });
    expect(result).toEqual({ keep: [4, 3], prune: [2, 1] });
  });

  it('prunes nothing when there are no more versions than keep', () => {
    expect(versionsToPrune({ versions: [2, 1], keep: 5, protectedVersions: [1] })).toEqual({ keep: [2, 1], prune: [] });
    expect(versionsToPrune({ versions: [], keep: 1, protectedVersions: [3] })).toEqual({ keep: [], prune: [] });
  });

  it('sorts numerically (10 is newer than 9) and lists a duplicated version once', () => {
    expect(versionsToPrune({ versions: [9, 10, 2, 10, 1], keep: 2, protectedVersions: [] })).toEqual({
      keep: [10, 9],
      prune: [2, 1],
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects keep = %p', (keep) => {
    expect(() => versionsToPrune({ versions: [1], keep, protectedVersions: [] })).toThrow(RangeError);
  });
});
