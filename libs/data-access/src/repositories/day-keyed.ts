// One summary document per day (daily_batches, processing_metadata, drift_reports), keyed `_id` = day:
// FerretDB's SQLite backend uses an index only for `_id`, so a lookup by the `day` field parsed every
// stored day (bench:history: the processor 3.4x slower on day 365 than on day 1). The `day` field stays
// (and its unique index on MongoDB) for queries and for documents written before the re-keying.
import type { Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

interface DayDoc {
  _id?: unknown;
  day: string;
}

/** Stores the day's document under `_id` = day; a re-run overwrites it. */
export async function upsertByDay<T extends DayDoc>(model: Model<T>, doc: T): Promise<void> {
  const { _id: _ignored, ...fields } = doc;
  await model.updateOne({ _id: doc.day } as never, { $set: fields } as never, { upsert: true }).exec();
}

/** The day's document, by `_id`. */
export function findByDayId<T extends DayDoc>(model: Model<T>, day: string): Promise<T | null> {
  return model.findOne({ _id: day } as never).lean<T>().exec();
}

/**
 * Re-keys documents written before `_id` = day (an ObjectId `_id`), once, at start-up: delete, then insert
 * under the day (the unique `day` index allows no overlap). Instances starting together may both try; the
 * loser's insert is a duplicate and is dropped. Returns how many it moved.
 */
export async function rekeyLegacyDays(model: Model<DayDoc>): Promise<number> {
  const legacy = await model.collection.find({ _id: { $type: 'objectId' } }).toArray();
  let moved = 0;
  for (const doc of legacy) {
    const { _id, ...fields } = doc;
    if ((await model.collection.deleteOne({ _id })).deletedCount !== 1) continue;
    try {
      await model.collection.insertOne({ ...fields, _id: String(fields['day']) } as never);
      moved++;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  return moved;
}

/** Documents keyed by day (`_id` = day) from `from` to `to` inclusive, oldest first: a range on `_id`, indexed everywhere. */
export function findDayRange<T extends DayDoc>(model: Model<T>, from: string, to: string): Promise<T[]> {
  return model.find({ _id: { $gte: from, $lte: to } } as never).sort({ _id: 1 }).lean<T[]>().exec();
}

/**
 * Documents whose `_id` starts with a day and a colon (`<day>:v3`, `<day>:a1`) for days `from` … `to`:
 * ':' sorts just before ';', so the range [from, to + ';') holds exactly those days' ids.
 */
export function findDayPrefixedRange<T>(model: Model<T>, from: string, to: string): Promise<T[]> {
  return model.find({ _id: { $gte: from, $lt: `${to};` } } as never).sort({ _id: 1 }).lean<T[]>().exec();
}
