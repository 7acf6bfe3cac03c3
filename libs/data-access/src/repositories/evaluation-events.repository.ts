import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { findDayPrefixedRange } from './day-keyed';
import { EvaluationEventDoc } from '../schemas/evaluation-event.schema';

@Injectable()
export class EvaluationEventsRepository {
  constructor(@InjectModel(EvaluationEventDoc.name) private readonly model: Model<EvaluationEventDoc>) {}

  async upsert(doc: EvaluationEventDoc): Promise<void> {
    await this.model.updateOne({ _id: doc._id }, { $set: doc }, { upsert: true }).exec();
  }

  /** The newest day's evaluation (its highest version when the champion changed that day); null before any. */
  async latest(): Promise<EvaluationEventDoc | null> {
    // `_id` is `<day>:v<n>`: the newest ids are the newest day's (few a day, so 10 cover it).
    const docs = await this.model.find().sort({ _id: -1 }).limit(10).lean<EvaluationEventDoc[]>().exec();
    const sameDay = docs.filter((d) => d.day === docs[0]?.day);
    return sameDay.reduce<EvaluationEventDoc | null>((best, d) => (!best || d.version > best.version ? d : best), null);
  }

  findByDay(day: string): Promise<EvaluationEventDoc[]> {
    return this.model.find({ day }).sort({ version: 1 }).lean<EvaluationEventDoc[]>().exec();
  }

  /** Days `from` … `to` inclusive, by day then id: a range on `_id` (`<day>:…`). */
  between(from: string, to: string): Promise<EvaluationEventDoc[]> {
    return findDayPrefixedRange(this.model, from, to);
  }
}
