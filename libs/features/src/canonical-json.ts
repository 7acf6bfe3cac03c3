// The project's one canonical JSON: RFC 8785 (JSON Canonicalization Scheme) from the `canonicalize`
// package: object keys sorted at every level, no whitespace, ECMAScript number text. Equal values give
// equal text whatever their key order (which a round trip through MongoDB changes), so checksums and
// fingerprints over it are stable. Refused first: what JSON would silently change (NaN, ±Infinity
// become null) or drop (functions, symbols), and bigints, which it cannot write.
import canonicalize from 'canonicalize';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function assertJsonable(value: unknown, path: string): void {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value} (at ${path})`);
      return;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(`canonical JSON cannot hold a ${typeof value} (at ${path})`);
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) value.forEach((v, i) => assertJsonable(v, `${path}[${i}]`));
      else for (const [k, v] of Object.entries(value)) if (v !== undefined) assertJsonable(v, `${path}.${k}`);
  }
}

export function canonicalJson(value: unknown): string {
  assertJsonable(value, '$');
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonical JSON cannot hold undefined');
  return text;
}
