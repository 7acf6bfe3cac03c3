// A stable content hash for fitted artefacts: the same content gives the same fingerprint whatever the
// key order (a fit that went through MongoDB or JSON comes back with keys reordered), so a stored model
// can name exactly which preprocessing it was trained with. node:crypto is computation, not I/O.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** Hex SHA-256 of the value's canonical JSON (RFC 8785). */
export function contentFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
