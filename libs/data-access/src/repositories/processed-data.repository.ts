import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProcessedRowDoc } from '../schemas/processed-row.schema';
import { DayRowStore } from './day-rows';

@Injectable()
export class ProcessedDataRepository {
  private readonly store: DayRowStore<ProcessedRowDoc>;

  constructor(@InjectModel(ProcessedRowDoc.name) model: Model<ProcessedRowDoc>) {
    this.store = new DayRowStore(model);
  }

  /** The day's processed rows, replaced whole: processing a day again leaves one copy. */
  replaceDay(day: string, rows: ProcessedRowDoc[]): Promise<void> {
    return this.store.replaceDay(day, rows);
  }

  async findByDay(day: string, split?: ProcessedRowDoc['split']): Promise<ProcessedRowDoc[]> {
    const rows = await this.store.findByDay(day);
    return split ? rows.filter((r) => r.split === split) : rows;
  }

  countByDay(day: string): Promise<number> {
    return this.store.countByDay(day);
  }

  /** Removes the day's rows (retention); returns how many it held. */
  deleteDay(day: string): Promise<number> {
    return this.store.deleteDay(day);
  }
}
