import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProcessingMetadataDoc } from '../schemas/processing-metadata.schema';
import { findByDayId, findDayRange, rekeyLegacyDays, upsertByDay } from './day-keyed';

@Injectable()
export class ProcessingMetadataRepository implements OnModuleInit {
  constructor(@InjectModel(ProcessingMetadataDoc.name) private readonly model: Model<ProcessingMetadataDoc>) {}

  async onModuleInit(): Promise<void> {
    await rekeyLegacyDays(this.model as never);
  }

  async upsert(doc: ProcessingMetadataDoc): Promise<void> {
    await upsertByDay(this.model, doc);
  }

  findByDay(day: string): Promise<ProcessingMetadataDoc | null> {
    return findByDayId(this.model, day);
  }

  /** Processed days up to and including `day`, newest first. */
  async recentDays(day: string, limit: number): Promise<string[]> {
    const docs = await this.model.find({ _id: { $lte: day } } as never).sort({ _id: -1 }).limit(limit).select({ day: 1 }).lean<ProcessingMetadataDoc[]>().exec();
    return docs.map((d) => d.day);
  }

  /** Days `from` … `to` inclusive, oldest first. */
  between(from: string, to: string): Promise<ProcessingMetadataDoc[]> {
    return findDayRange(this.model, from, to);
  }
}
