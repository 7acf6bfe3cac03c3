/** MongoDB's duplicate-key error (E11000), also what FerretDB answers for a unique-index violation. */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(e: unknown): boolean {
  return (e as { code?: number } | null)?.code === DUPLICATE_KEY;
}
