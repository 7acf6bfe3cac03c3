import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AlertDoc } from '../schemas/alert.schema';

@Injectable()
export class AlertsRepository {
  constructor(@InjectModel(AlertDoc.name) private readonly model: Model<AlertDoc>) {}

  /** Raises an alert once per id: a re-run keeps the first (and its acknowledgement). */
  async raise(doc: Omit<AlertDoc, 'acknowledged' | 'acknowledgedAt'>): Promise<void> {
    await this.model.updateOne({ _id: doc._id }, { $setOnInsert: { ...doc, acknowledged: false } }, { upsert: true }).exec();
  }

  list(filter: { acknowledged?: boolean; day?: string } = {}): Promise<AlertDoc[]> {
    return this.model.find(filter).sort({ createdAt: -1 }).lean<AlertDoc[]>().exec();
  }

  async acknowledge(id: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id }, { $set: { acknowledged: true, acknowledgedAt: new Date() } }).exec();
    return res.matchedCount === 1;
  }
}
