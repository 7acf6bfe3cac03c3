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
   * Stores a new version (latest + 1) for its source data, once: when another generator stored one for the
   * same source first (before or while this one fitted), that one is returned and this doc is dropped. The
   * unique index on version turns two simultaneous inserts into one winner and one duplicate-key error.
   */
  async createForSource(doc: Omit<DistributionModelDoc, 'version' | 'createdAt'>): Promise<{ model: DistributionModelDoc; created: boolean }> {
    for (let tries = 0; ; tries++) {
      const first = await this.findBySource(doc.sourceSha256);
      if (first) return { model: first, created: false };
      const version = ((await this.latest())?.version ?? 0) + 1;
      try {
        return { model: (await this.model.create({ ...doc, version })).toObject(), created: true };
      } catch (e) {
        // The winner may hold this source (returned next time round) or another one (try the next version).
        if (!isDuplicateKey(e) || tries >= 5) throw e;
      }
    }
  }
}
