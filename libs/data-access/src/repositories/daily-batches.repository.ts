import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DailyBatchDoc } from '../schemas/daily-batch.schema';

@Injectable()
export class DailyBatchesRepository {
  constructor(@InjectModel(DailyBatchDoc.name) private readonly model: Model<DailyBatchDoc>) {}

  /** One batch per day: a re-run overwrites with the same seeded content. */
  async upsert(doc: DailyBatchDoc): Promise<void> {
    await this.model.updateOne({ day: doc.day }, { $set: doc }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<DailyBatchDoc | null> {
    return this.model.findOne({ day }).lean<DailyBatchDoc>().exec();
  }

  count(filter: Partial<DailyBatchDoc> = {}): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }
}
