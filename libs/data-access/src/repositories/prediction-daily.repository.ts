import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PredictionDailyDoc } from '../schemas/prediction-daily.schema';

@Injectable()
export class PredictionDailyRepository {
  constructor(@InjectModel(PredictionDailyDoc.name) private readonly model: Model<PredictionDailyDoc>) {}

  /**
   * Stores the day's tally unless one is stored: a retention run that stopped between tallying and
   * deleting, or two running at once, then keeps the tally of the whole day, not of what was left.
   */
  async keepFirst(doc: Omit<PredictionDailyDoc, 'createdAt'>): Promise<void> {
    const { _id, ...fields } = doc;
    await this.model.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<PredictionDailyDoc | null> {
    return this.model.findOne({ _id: day }).lean<PredictionDailyDoc>().exec();
  }

  /** A challenger's shadow counts over the compacted days (one small document per day). */
  async shadowTotals(challengerVersion: number): Promise<{ compared: number; agreed: number }> {
    const docs = await this.model.find({ 'shadow.version': challengerVersion }, { shadow: 1 }).lean<PredictionDailyDoc[]>().exec();
    let compared = 0;
    let agreed = 0;
    for (const d of docs) {
      for (const s of d.shadow) {
        if (s.version !== challengerVersion) continue;
        compared += s.compared;
        agreed += s.agreed;
      }
    }
    return { compared, agreed };
  }
}
