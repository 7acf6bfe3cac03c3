import { canonicalJson } from './canonical-json';
import { contentFingerprint } from './fingerprint';

describe('contentFingerprint', () => {
  it('ignores key order at every level, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(contentFingerprint({ x: 1, y: [1, 2] })).toBe(contentFingerprint({ y: [1, 2], x: 1 }));
    expect(contentFingerprint({ y: [2, 1], x: 1 })).not.toBe(contentFingerprint({ y: [1, 2], x: 1 }));
  });

  it('is the SHA-256 of that JSON (known digest of "{}" )', () => {
    // sha256("{}"), a published test vector independent of this code
    expect(contentFingerprint({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/cannot hold NaN/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});
