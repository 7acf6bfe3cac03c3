import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { QuarantineDoc } from '../schemas/quarantine.schema';
import { DayRowStore } from './day-rows';

@Injectable()
export class QuarantineRepository {
  private readonly store: DayRowStore<QuarantineDoc>;

  constructor(@InjectModel(QuarantineDoc.name) model: Model<QuarantineDoc>) {
    this.store = new DayRowStore(model);
  }

  replaceDay(day: string, rows: QuarantineDoc[]): Promise<void> {
    return this.store.replaceDay(day, rows);
  }

  findByDay(day: string): Promise<QuarantineDoc[]> {
    return this.store.findByDay(day);
  }
}
