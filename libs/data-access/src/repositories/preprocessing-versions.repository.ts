import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PreprocessingVersionDoc } from '../schemas/preprocessing-version.schema';

@Injectable()
export class PreprocessingVersionsRepository {
  constructor(@InjectModel(PreprocessingVersionDoc.name) private readonly model: Model<PreprocessingVersionDoc>) {}

  /** Content-addressed: the same fit stored twice is one document. */
  async ensure(doc: Omit<PreprocessingVersionDoc, 'createdAt'>): Promise<void> {
    await this.model.updateOne({ version: doc.version }, { $setOnInsert: doc }, { upsert: true }).exec();
  }

  findByVersion(version: string): Promise<PreprocessingVersionDoc | null> {
    return this.model.findOne({ version }).lean<PreprocessingVersionDoc>().exec();
  }

  latest(): Promise<PreprocessingVersionDoc | null> {
    return this.model.findOne().sort({ createdAt: -1 }).lean<PreprocessingVersionDoc>().exec();
  }
}
