import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DistributionModelDoc } from '../schemas/distribution-model.schema';
import { isDuplicateKey } from './duplicate-key';

@Injectable()
export class DistributionModelsRepository {
  constructor(@InjectModel(DistributionModelDoc.name) private readonly model: Model<DistributionModelDoc>) {}

  latest(): Promise<DistributionModelDoc | null> {
    return this.model.findOne().sort({ version: -1 }).lean<DistributionModelDoc>().exec();
  }

  findBySource(sourceSha256: string): Promise<DistributionModelDoc | null> {
    return this.model.findOne({ sourceSha256 }).sort({ version: -1 }).lean<DistributionModelDoc>().exec();
  }

  /**
   * Stores a new version (latest + 1) for its source data, once among generators fitting together: of the
   * versions for this source above `after` (the version being replaced, if any), the lowest wins; a
   * racer that stored a higher one deletes it and adopts the winner. A version number is read before each
   * insert, so a lower version is always visible by the time a higher one exists. The unique index on
   * version turns two inserts of one number into one winner and one duplicate-key error (tried again).
   */
  async createForSource(doc: Omit<DistributionModelDoc, 'version' | 'createdAt'>, after = 0): Promise<{ model: DistributionModelDoc; created: boolean }> {
    const lowest = () =>
      this.model.findOne({ sourceSha256: doc.sourceSha256, version: { $gt: after } }).sort({ version: 1 }).lean<DistributionModelDoc>().exec();
    for (let tries = 0; ; tries++) {
      const first = await lowest();
      if (first) return { model: first, created: false };
      const version = ((await this.latest())?.version ?? 0) + 1;
      try {
        await this.model.create({ ...doc, version });
      } catch (e) {
        if (!isDuplicateKey(e) || tries >= 5) throw e;
        continue;
      }
      const winner = await lowest();
      if (winner && winner.version !== version) {
        await this.model.deleteOne({ version }).exec();
        return { model: winner, created: false };
      }
      return { model: winner as DistributionModelDoc, created: true };
    }
  }
}
