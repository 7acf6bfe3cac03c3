import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys at every level, drops undefined properties, writes undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson([undefined, 2])).toBe('[null,2]');
  });

  it('gives the same text as before the library took over (stored checksums and fingerprints stay valid)', () => {
    // What the two hand-written writers produced: sorted keys, JSON.stringify for numbers and strings.
    const value = { w: [0.1, -0, 1e21, 1.5e-7, 123456789.123], s: 'é\u2028"\\', n: { b: false, a: [[]], c: {} } };
    const legacy = (v: unknown): string =>
      v === null || typeof v !== 'object'
        ? JSON.stringify(v)
        : Array.isArray(v)
          ? `[${v.map(legacy).join(',')}]`
          : `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${legacy((v as Record<string, unknown>)[k])}`)
              .join(',')}}`;
    expect(canonicalJson(value)).toBe(legacy(value));
  });

  it('refuses what JSON would change or drop, naming where', () => {
    expect(() => canonicalJson({ x: NaN })).toThrow('canonical JSON cannot hold NaN (at $.x)');
    expect(() => canonicalJson({ a: [1, Infinity] })).toThrow('cannot hold Infinity (at $.a[1])');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('cannot hold a function (at $.f)');
    expect(() => canonicalJson(10n)).toThrow('cannot hold a bigint');
    expect(() => canonicalJson(undefined)).toThrow('cannot hold undefined');
  });
});
