// A stable content hash for fitted artefacts: the same content gives the same fingerprint whatever the
// key order (a fit that went through MongoDB or JSON comes back with keys reordered), so a stored model
// can name exactly which preprocessing it was trained with. node:crypto is computation, not I/O.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; rejects what JSON cannot carry faithfully. */
export function stableStringify(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot fingerprint a non-finite number (${value})`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
      }
      const entries = Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
      return `{${entries.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot fingerprint a value of type ${typeof value}`);
  }
}

/** Hex SHA-256 of the value's stable JSON. */
export function contentFingerprint(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}
