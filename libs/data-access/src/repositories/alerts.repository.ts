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

  /** Unacknowledged alerts per severity (every severity listed, 0 included). */
  async openCounts(): Promise<Record<AlertDoc['severity'], number>> {
    const severities = ['INFO', 'WARNING', 'CRITICAL'] as const;
    const counts = await Promise.all(severities.map((severity) => this.model.countDocuments({ acknowledged: false, severity }).exec()));
    return Object.fromEntries(severities.map((s, i) => [s, counts[i]])) as Record<AlertDoc['severity'], number>;
  }

  async acknowledge(id: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id }, { $set: { acknowledged: true, acknowledgedAt: new Date() } }).exec();
    return res.matchedCount === 1;
  }
}
