import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** What one served model version answered on one day. */
export interface ServedDayTally {
  version: number;
  predictions: number;
  defaults: number;
  meanProbability: number;
}

/** How often a challenger's shadow answer agreed with the served one on one day. */
export interface ShadowDayTally {
  version: number;
  compared: number;
  agreed: number;
}

/**
 * A day of served predictions after retention removed the predictions themselves (FerretDB has no TTL
 * index, and `predictions` would otherwise grow without bound). `_id` is the UTC day they were served;
 * written once, before the day's predictions are deleted.
 */
@Schema({ collection: 'prediction_daily', timestamps: { createdAt: true, updatedAt: false } })
export class PredictionDailyDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) predictions!: number;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) byVersion!: ServedDayTally[];
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) shadow!: ShadowDayTally[];
  createdAt?: Date;
}
export const PredictionDailySchema = SchemaFactory.createForClass(PredictionDailyDoc);
