import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { RawRowDoc } from '../schemas/raw-row.schema';
import { replaceDayRows } from './day-rows';

@Injectable()
export class RawDataRepository {
  constructor(@InjectModel(RawRowDoc.name) private readonly model: Model<RawRowDoc>) {}

  /** The day's rows, replaced whole: a re-run of the same seeded day leaves the same single copy. */
  replaceDay(day: string, rows: RawRowDoc[]): Promise<void> {
    return replaceDayRows(this.model, day, rows);
  }

  findByDay(day: string): Promise<RawRowDoc[]> {
    return this.model.find({ day }).sort({ row: 1 }).lean<RawRowDoc[]>().exec();
  }

  countByDay(day: string): Promise<number> {
    return this.model.countDocuments({ day }).exec();
  }
}
