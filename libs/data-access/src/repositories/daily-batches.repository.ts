import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DailyBatchDoc } from '../schemas/daily-batch.schema';
import { findByDayId, rekeyLegacyDays, upsertByDay } from './day-keyed';

@Injectable()
export class DailyBatchesRepository implements OnModuleInit {
  constructor(@InjectModel(DailyBatchDoc.name) private readonly model: Model<DailyBatchDoc>) {}

  async onModuleInit(): Promise<void> {
    await rekeyLegacyDays(this.model as never);
  }

  /** One batch per day: a re-run overwrites with the same seeded content. */
  async upsert(doc: DailyBatchDoc): Promise<void> {
    await upsertByDay(this.model, doc);
  }

  findByDay(day: string): Promise<DailyBatchDoc | null> {
    return findByDayId(this.model, day);
  }

  count(filter: Partial<DailyBatchDoc> = {}): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }
}
