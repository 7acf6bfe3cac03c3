// How operators name a model version, on the admin API's paths and the CLI's arguments alike.

/** A version number: a whole number 1 … 2^53−1; null for anything else ("07", "1.0", "", "-1"). */
export function parseVersionNumber(value: string): number | null {
  const n = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export const VERSION_NUMBER_MESSAGE = `version must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`;

/** A tag an operator saves a version under: starts with a letter, so it never reads as a version number. */
export const VERSION_TAG_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
export const VERSION_TAG_MESSAGE = 'tag must start with a letter and hold at most 64 letters, digits, ".", "_" or "-"';

/** A version by number or by tag. */
export type VersionRef = { version: number } | { tag: string };

export function parseVersionRef(value: string): VersionRef | null {
  const version = parseVersionNumber(value);
  if (version !== null) return { version };
  return VERSION_TAG_PATTERN.test(value) ? { tag: value } : null;
}
