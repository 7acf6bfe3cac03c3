import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DailyBatchDoc } from '../schemas/daily-batch.schema';
import { findByDayId, findDayRange, rekeyLegacyDays, upsertByDay } from './day-keyed';

@Injectable()
export class DailyBatchesRepository implements OnModuleInit {
  constructor(@InjectModel(DailyBatchDoc.name) private readonly model: Model<DailyBatchDoc>) {}

  async onModuleInit(): Promise<void> {
    await rekeyLegacyDays(this.model as never);
  }

  /** One batch per day: a re-run overwrites with the same seeded content (and rows to retire again). */
  async upsert(doc: DailyBatchDoc): Promise<void> {
    await upsertByDay(this.model, { ...doc, rowsRetiredAt: null });
  }

  /**
   * Days before `day` whose rows retention has not removed yet, oldest first. A range on `_id`; on
   * FerretDB's SQLite backend it reads daily_batches, one small document per day.
   */
  async daysWithRowsBefore(day: string): Promise<string[]> {
    const docs = await this.model
      .find({ _id: { $lt: day }, rowsRetiredAt: null } as never, { _id: 1 })
      .sort({ _id: 1 })
      .lean<{ _id: string }[]>()
      .exec();
    return docs.map((d) => d._id);
  }

  /** Retention removed the day's raw and processed rows; this summary is what remains of them. */
  async markRowsRetired(day: string): Promise<void> {
    await this.model.updateOne({ _id: day } as never, { $set: { rowsRetiredAt: new Date() } } as never).exec();
  }

  findByDay(day: string): Promise<DailyBatchDoc | null> {
    return findByDayId(this.model, day);
  }

  count(filter: Partial<DailyBatchDoc> = {}): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }

  /** Days `from` … `to` inclusive, oldest first. */
  between(from: string, to: string): Promise<DailyBatchDoc[]> {
    return findDayRange(this.model, from, to);
  }
}
