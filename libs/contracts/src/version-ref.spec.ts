import { parseVersionNumber, parseVersionRef, VERSION_TAG_PATTERN } from './version-ref';

describe('version references', () => {
  it('takes whole numbers 1 … 2^53−1 only', () => {
    expect(parseVersionNumber('1')).toBe(1);
    expect(parseVersionNumber(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['0', '07', '-1', '1.0', '1e3', '', ' 1', String(Number.MAX_SAFE_INTEGER + 1), '99999999999999999']) {
      expect({ bad, parsed: parseVersionNumber(bad) }).toEqual({ bad, parsed: null });
    }
  });

  it('reads a number as a version and a word as a tag; refuses the rest', () => {
    expect(parseVersionRef('12')).toEqual({ version: 12 });
    expect(parseVersionRef('before-recession.2024')).toEqual({ tag: 'before-recession.2024' });
    for (const bad of ['', '1abc', '-x', 'a b', 'x'.repeat(65), '../etc']) expect({ bad, ref: parseVersionRef(bad) }).toEqual({ bad, ref: null });
    expect(VERSION_TAG_PATTERN.test('a'.repeat(64))).toBe(true);
  });
});
