import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DeploymentEventDoc } from '../schemas/deployment-event.schema';

@Injectable()
export class DeploymentEventsRepository {
  constructor(@InjectModel(DeploymentEventDoc.name) private readonly model: Model<DeploymentEventDoc>) {}

  /** Records a decision once per id; returns false when that id was already recorded (a re-run). */
  async record(doc: Omit<DeploymentEventDoc, 'createdAt'>): Promise<boolean> {
    const res = await this.model.updateOne({ _id: doc._id }, { $setOnInsert: doc }, { upsert: true }).exec();
    return res.upsertedCount === 1;
  }

  findById(id: string): Promise<DeploymentEventDoc | null> {
    return this.model.findOne({ _id: id }).lean<DeploymentEventDoc>().exec();
  }

  findByDay(day: string): Promise<DeploymentEventDoc[]> {
    return this.model.find({ day }).sort({ createdAt: 1 }).lean<DeploymentEventDoc[]>().exec();
  }

  countChampionChanges(): Promise<number> {
    return this.model.countDocuments({ championChanged: true }).exec();
  }

  /** The newest decisions, newest first (one or two a day: a scan of a small collection). */
  recent(limit: number): Promise<DeploymentEventDoc[]> {
    return this.model.find().sort({ createdAt: -1 }).limit(limit).lean<DeploymentEventDoc[]>().exec();
  }
}
