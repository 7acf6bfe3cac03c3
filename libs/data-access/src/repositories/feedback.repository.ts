import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FeedbackDoc } from '../schemas/feedback.schema';

export type FeedbackOutcome = 'recorded' | 'duplicate' | 'conflict';

@Injectable()
export class FeedbackRepository {
  constructor(@InjectModel(FeedbackDoc.name) private readonly model: Model<FeedbackDoc>) {}

  /**
   * Stores a label once per prediction. The same label again is a harmless duplicate; a different one is
   * a conflict and changes nothing (a label that flips needs a human, not a silent overwrite).
   */
  async record(doc: Omit<FeedbackDoc, 'consumedBy' | 'createdAt'>): Promise<FeedbackOutcome> {
    const res = await this.model
      .updateOne({ _id: doc._id }, { $setOnInsert: { ...doc, consumedBy: null } }, { upsert: true })
      .exec();
    if (res.upsertedCount === 1) return 'recorded';
    const existing = await this.model.findOne({ _id: doc._id }).lean<FeedbackDoc>().exec();
    return existing?.actualDefault === doc.actualDefault ? 'duplicate' : 'conflict';
  }

  countUnconsumed(): Promise<number> {
    return this.model.countDocuments({ consumedBy: null }).exec();
  }

  unconsumed(limit: number): Promise<FeedbackDoc[]> {
    return this.model.find({ consumedBy: null }).sort({ createdAt: 1 }).limit(limit).lean<FeedbackDoc[]>().exec();
  }

  /** Marks feedback as used by a training job; only still-unconsumed rows, so a re-run claims nothing twice. */
  async markConsumed(ids: string[], trainingKey: string): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += 100) {
      const res = await this.model.updateMany({ _id: { $in: ids.slice(i, i + 100) }, consumedBy: null }, { $set: { consumedBy: trainingKey } }).exec();
      n += res.modifiedCount;
    }
    return n;
  }
}
