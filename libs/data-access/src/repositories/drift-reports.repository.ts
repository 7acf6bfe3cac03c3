import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DriftReportDoc } from '../schemas/drift-report.schema';
import { findByDayId, findDayRange, rekeyLegacyDays, upsertByDay } from './day-keyed';

@Injectable()
export class DriftReportsRepository implements OnModuleInit {
  constructor(@InjectModel(DriftReportDoc.name) private readonly model: Model<DriftReportDoc>) {}

  async onModuleInit(): Promise<void> {
    await rekeyLegacyDays(this.model as never);
  }

  async upsert(doc: DriftReportDoc): Promise<void> {
    await upsertByDay(this.model, doc);
  }

  findByDay(day: string): Promise<DriftReportDoc | null> {
    return findByDayId(this.model, day);
  }

  /** Days `from` … `to` inclusive, oldest first. */
  between(from: string, to: string): Promise<DriftReportDoc[]> {
    return findDayRange(this.model, from, to);
  }
}
