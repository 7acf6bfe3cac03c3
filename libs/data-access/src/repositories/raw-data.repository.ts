import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { RawRowDoc } from '../schemas/raw-row.schema';
import { DayRowStore } from './day-rows';

@Injectable()
export class RawDataRepository {
  private readonly store: DayRowStore<RawRowDoc>;

  constructor(@InjectModel(RawRowDoc.name) model: Model<RawRowDoc>) {
    this.store = new DayRowStore(model);
  }

  /** The day's rows, replaced whole: a re-run of the same seeded day leaves the same single copy. */
  replaceDay(day: string, rows: RawRowDoc[]): Promise<void> {
    return this.store.replaceDay(day, rows);
  }

  findByDay(day: string): Promise<RawRowDoc[]> {
    return this.store.findByDay(day);
  }

  countByDay(day: string): Promise<number> {
    return this.store.countByDay(day);
  }

  /** Removes the day's rows (retention); returns how many it held. */
  deleteDay(day: string): Promise<number> {
    return this.store.deleteDay(day);
  }
}
