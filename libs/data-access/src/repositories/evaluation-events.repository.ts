import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EvaluationEventDoc } from '../schemas/evaluation-event.schema';

@Injectable()
export class EvaluationEventsRepository {
  constructor(@InjectModel(EvaluationEventDoc.name) private readonly model: Model<EvaluationEventDoc>) {}

  async upsert(doc: EvaluationEventDoc): Promise<void> {
    await this.model.updateOne({ _id: doc._id }, { $set: doc }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<EvaluationEventDoc[]> {
    return this.model.find({ day }).sort({ version: 1 }).lean<EvaluationEventDoc[]>().exec();
  }
}
