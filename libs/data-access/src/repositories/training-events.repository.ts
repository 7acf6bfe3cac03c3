import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { TrainingEventDoc } from '../schemas/training-event.schema';

@Injectable()
export class TrainingEventsRepository {
  constructor(@InjectModel(TrainingEventDoc.name) private readonly model: Model<TrainingEventDoc>) {}

  async upsert(doc: TrainingEventDoc): Promise<void> {
    await this.model.updateOne({ _id: doc._id }, { $set: doc }, { upsert: true }).exec();
  }

  findByDay(day: string): Promise<TrainingEventDoc[]> {
    return this.model.find({ day }).sort({ attempt: 1 }).lean<TrainingEventDoc[]>().exec();
  }

  count(): Promise<number> {
    return this.model.countDocuments().exec();
  }
}
