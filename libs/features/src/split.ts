// Deterministic split of a day's rows into an evaluation half (the champion is scored on it) and a tuning
// half (a challenger is fine-tuned on it). A hash of date + row index decides, so re-processing a day gives
// the same split without storing it, and no row can be in both halves.

export type SplitName = 'evaluation' | 'tuning';

export const DEFAULT_EVALUATION_SHARE = 0.5;

/** 32-bit FNV-1a of the UTF-16 code units, then murmur3's finaliser so near-identical keys spread evenly. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 'evaluation' with probability evalShare (over keys), else 'tuning'. */
export function assignSplit(key: string, evalShare = DEFAULT_EVALUATION_SHARE): SplitName {
  if (!(evalShare >= 0 && evalShare <= 1)) throw new RangeError(`evalShare must be in [0, 1], got ${evalShare}`);
  return hash32(key) / 2 ** 32 < evalShare ? 'evaluation' : 'tuning';
}

/** The split of row rowIndex of day date (YYYY-MM-DD). */
export function splitForDay(date: string, rowIndex: number, evalShare = DEFAULT_EVALUATION_SHARE): SplitName {
  if (!Number.isInteger(rowIndex) || rowIndex < 0) {
    throw new RangeError(`rowIndex must be an integer ≥ 0, got ${rowIndex}`);
  }
  return assignSplit(`${date}#${rowIndex}`, evalShare);
}
