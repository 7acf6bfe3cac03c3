import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { QuarantineDoc } from '../schemas/quarantine.schema';
import { replaceDayRows } from './day-rows';

@Injectable()
export class QuarantineRepository {
  constructor(@InjectModel(QuarantineDoc.name) private readonly model: Model<QuarantineDoc>) {}

  replaceDay(day: string, rows: QuarantineDoc[]): Promise<void> {
    return replaceDayRows(this.model, day, rows);
  }

  findByDay(day: string): Promise<QuarantineDoc[]> {
    return this.model.find({ day }).sort({ row: 1 }).lean<QuarantineDoc[]>().exec();
  }
}
