import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProcessedRowDoc } from '../schemas/processed-row.schema';
import { replaceDayRows } from './day-rows';

@Injectable()
export class ProcessedDataRepository {
  constructor(@InjectModel(ProcessedRowDoc.name) private readonly model: Model<ProcessedRowDoc>) {}

  /** The day's processed rows, replaced whole: processing a day again leaves one copy. */
  replaceDay(day: string, rows: ProcessedRowDoc[]): Promise<void> {
    return replaceDayRows(this.model, day, rows);
  }

  findByDay(day: string, split?: ProcessedRowDoc['split']): Promise<ProcessedRowDoc[]> {
    return this.model
      .find(split ? { day, split } : { day })
      .sort({ row: 1 })
      .lean<ProcessedRowDoc[]>()
      .exec();
  }

  countByDay(day: string): Promise<number> {
    return this.model.countDocuments({ day }).exec();
  }
}
