import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';

/** Rows per chunk document: a processed row is about 0.4 kB, so a chunk stays far below 16 MB. */
const CHUNK_ROWS = 500;

export function dayRowId(day: string, row: number): string {
  return `${day}:${String(row).padStart(6, '0')}`;
}

/** The day's head: which generation of chunks is the day. Its `_id` is the day itself. */
interface DayHead {
  _id: string;
  kind: 'day';
  day: string;
  generation: string;
  chunks: number;
  rows: number;
  writtenAt: Date;
}

interface DayChunk<T> {
  _id: string;
  kind: 'chunk';
  day: string;
  generation: string;
  index: number;
  rows: T[];
}

const chunkId = (day: string, generation: string, index: number) => `${day}|${generation}|${index}`;

/**
 * A day's rows in one collection, addressed only by `_id`, so reading, replacing or counting a day costs
 * the same however many days are stored: FerretDB's SQLite backend pushes down `{ _id: <string> }` and
 * nothing else (any other filter reads the whole collection into FerretDB), and on MongoDB `_id` is the
 * primary index. A replacement writes the new rows as chunks under a new generation, then switches the
 * head document in one write, then deletes the old generation's chunks: a reader sees the old day or the
 * new one, never a mix, without transactions. (A crash between the steps leaves unreferenced chunks,
 * never a broken day.)
 */
export class DayRowStore<T extends { _id: string; day: string; row: number }> {
  constructor(private readonly model: Model<T>) {}

  private get collection() {
    return this.model.collection;
  }

  private head(day: string): Promise<DayHead | null> {
    return this.collection.findOne({ _id: day as never }) as unknown as Promise<DayHead | null>;
  }

  async replaceDay(day: string, rows: readonly T[]): Promise<void> {
    const foreign = rows.find((r) => r.day !== day);
    if (foreign) throw new Error(`row ${foreign._id} does not belong to day ${day}`);
    const previous = await this.head(day);
    const generation = randomUUID();
    const chunks: DayChunk<T>[] = [];
    for (let i = 0; i * CHUNK_ROWS < rows.length; i++) {
      chunks.push({ _id: chunkId(day, generation, i), kind: 'chunk', day, generation, index: i, rows: rows.slice(i * CHUNK_ROWS, (i + 1) * CHUNK_ROWS) });
    }
    if (chunks.length) await this.collection.insertMany(chunks as never[], { ordered: true });
    const head: DayHead = { _id: day, kind: 'day', day, generation, chunks: chunks.length, rows: rows.length, writtenAt: new Date() };
    await this.collection.replaceOne({ _id: day as never }, head as never, { upsert: true });
    if (previous) {
      for (let i = 0; i < previous.chunks; i++) await this.collection.deleteOne({ _id: chunkId(day, previous.generation, i) as never });
    }
  }

  /** The day's rows in row order; [] for a day never written. */
  async findByDay(day: string, tries = 3): Promise<T[]> {
    const head = await this.head(day);
    if (!head) return [];
    const chunks = (await Promise.all(
      Array.from({ length: head.chunks }, (_, i) => this.collection.findOne({ _id: chunkId(day, head.generation, i) as never })),
    )) as unknown as (DayChunk<T> | null)[];
    if (chunks.every((c) => c !== null)) return (chunks as DayChunk<T>[]).flatMap((c) => c.rows).sort((a, b) => a.row - b.row);
    // The head was switched after we read it and this generation deleted: read the new one. A chunk the
    // live head names that stays missing is damage, not a race: say so instead of retrying for ever.
    if (tries > 1) return this.findByDay(day, tries - 1);
    throw new Error(`day ${day} in ${this.collection.collectionName}: generation ${head.generation} lacks chunks its head names`);
  }

  async countByDay(day: string): Promise<number> {
    return (await this.head(day))?.rows ?? 0;
  }

  /**
   * Removes the day: the head first (readers then see no day, never a partial one), then its chunks.
   * Returns the rows it held; 0 for a day not stored.
   */
  async deleteDay(day: string): Promise<number> {
    const head = await this.head(day);
    if (!head) return 0;
    await this.collection.deleteOne({ _id: day as never, generation: head.generation } as never);
    for (let i = 0; i < head.chunks; i++) await this.collection.deleteOne({ _id: chunkId(day, head.generation, i) as never });
    return head.rows;
  }
}
