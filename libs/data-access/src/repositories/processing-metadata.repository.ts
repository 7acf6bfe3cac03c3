import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProcessingMetadataDoc } from '../schemas/processing-metadata.schema';

@Injectable()
export class ProcessingMetadataRepository {
  constructor(@InjectModel(ProcessingMetadataDoc.name) private readonly model: Model<ProcessingMetadataDoc>) {}

  async upsert(doc: ProcessingMetadataDoc): Promise<void> {
    await this.model.updateOne({ day: doc.day }, { $set: doc }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<ProcessingMetadataDoc | null> {
    return this.model.findOne({ day }).lean<ProcessingMetadataDoc>().exec();
  }

  /** Processed days up to and including `day`, newest first. */
  async recentDays(day: string, limit: number): Promise<string[]> {
    const docs = await this.model.find({ day: { $lte: day } }).sort({ day: -1 }).limit(limit).select({ day: 1 }).lean<ProcessingMetadataDoc[]>().exec();
    return docs.map((d) => d.day);
  }
}
