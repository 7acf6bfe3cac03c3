import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { findDayPrefixedRange } from './day-keyed';
import { TrainingEventDoc } from '../schemas/training-event.schema';

@Injectable()
export class TrainingEventsRepository {
  constructor(@InjectModel(TrainingEventDoc.name) private readonly model: Model<TrainingEventDoc>) {}

  async upsert(doc: TrainingEventDoc): Promise<void> {
    await this.model.updateOne({ _id: doc._id }, { $set: doc }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<TrainingEventDoc[]> {
    return this.model.find({ day }).sort({ attempt: 1 }).lean<TrainingEventDoc[]>().exec();
  }

  /** Attempts that did not yield a version good enough to register. */
  countFailed(): Promise<number> {
    return this.model.countDocuments({ success: false }).exec();
  }

  count(): Promise<number> {
    return this.model.countDocuments().exec();
  }

  /** Days `from` … `to` inclusive, by day then id: a range on `_id` (`<day>:…`). */
  between(from: string, to: string): Promise<TrainingEventDoc[]> {
    return findDayPrefixedRange(this.model, from, to);
  }
}
