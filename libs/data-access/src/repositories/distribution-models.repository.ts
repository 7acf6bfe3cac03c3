import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DistributionModelDoc } from '../schemas/distribution-model.schema';

@Injectable()
export class DistributionModelsRepository {
  constructor(@InjectModel(DistributionModelDoc.name) private readonly model: Model<DistributionModelDoc>) {}

  latest(): Promise<DistributionModelDoc | null> {
    return this.model.findOne().sort({ version: -1 }).lean<DistributionModelDoc>().exec();
  }

  findBySource(sourceSha256: string): Promise<DistributionModelDoc | null> {
    return this.model.findOne({ sourceSha256 }).sort({ version: -1 }).lean<DistributionModelDoc>().exec();
  }

  /** Stores a new version (latest + 1); the unique index on version makes a concurrent twin fail, not duplicate. */
  async create(doc: Omit<DistributionModelDoc, 'version' | 'createdAt'>): Promise<DistributionModelDoc> {
    const version = ((await this.latest())?.version ?? 0) + 1;
    const created = await this.model.create({ ...doc, version });
    return created.toObject();
  }
}
