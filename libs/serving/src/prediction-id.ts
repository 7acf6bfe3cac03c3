// Prediction ids are UUIDv7 (RFC 9562): the first 48 bits are the Unix time in ms when it was served. So
// an instance that gets feedback for an id it cannot find yet can tell "still in the write buffer of the
// instance that served it" (young) from "never served" (old) without asking the other instances.
import { v7 } from 'uuid';

export function newPredictionId(): string {
  return v7();
}

const V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** When a v7 id was made (ms since the epoch); null for any other id. */
export function predictionIdTime(id: string): number | null {
  const m = V7.exec(id);
  return m ? parseInt(m[1] + m[2], 16) : null;
}

/**
 * How long to wait before a missing prediction can be called unknown: until `maxDelayMs` (the longest a
 * served prediction waits in a write buffer) has passed since it was served; 0 when that is over, or the
 * id carries no time. Clock skew between instances is what `maxDelayMs` must also cover.
 */
export function msUntilStored(id: string, now: number, maxDelayMs: number): number {
  const served = predictionIdTime(id);
  if (served === null) return 0;
  return Math.max(0, Math.min(maxDelayMs, served + maxDelayMs - now));
}

/**
 * The smallest v7 id of the millisecond `ms`: every id served at or after `ms` sorts after it, every id
 * served before sorts before it (ids are lower-case hex, and the version nibble 7 sorts after 0). So
 * "served before a time" is an `_id` range, which an index answers.
 */
export function predictionIdBound(ms: number): string {
  const hex = Math.floor(ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
