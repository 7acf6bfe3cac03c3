import type { Model } from 'mongoose';

const CHUNK = 1000;

export function dayRowId(day: string, row: number): string {
  return `${day}:${String(row).padStart(6, '0')}`;
}

/**
 * Replaces all of a day's rows in one collection. Each stage's output for a day is deterministic, so
 * delete-then-insert makes a re-run leave exactly one copy; stages write their summary document last,
 * which is what marks the day done. (Bulk upserts would be the textbook way, but FerretDB's SQLite
 * backend scans the collection for each one: 1,200 rows took minutes, insertMany takes a fraction of a second.)
 */
export async function replaceDayRows<T extends { _id: string; day: string }>(
  model: Model<T>,
  day: string,
  rows: readonly T[],
): Promise<void> {
  const foreign = rows.find((r) => r.day !== day);
  if (foreign) throw new Error(`row ${foreign._id} does not belong to day ${day}`);
  await model.deleteMany({ day } as never).exec();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await model.insertMany(rows.slice(i, i + CHUNK) as T[], { ordered: false });
  }
}
