import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DriftReportDoc } from '../schemas/drift-report.schema';

@Injectable()
export class DriftReportsRepository {
  constructor(@InjectModel(DriftReportDoc.name) private readonly model: Model<DriftReportDoc>) {}

  async upsert(doc: DriftReportDoc): Promise<void> {
    await this.model.updateOne({ day: doc.day }, { $set: doc }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<DriftReportDoc | null> {
    return this.model.findOne({ day }).lean<DriftReportDoc>().exec();
  }
}
