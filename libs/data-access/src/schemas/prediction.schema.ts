import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export interface ShadowResult {
  version: number;
  probability: number;
  default: boolean;
  /** Same decision as the served model. */
  agree: boolean;
}

/** A served prediction (the id a client sends feedback for), with the challenger's shadow answer if any. */
@Schema({ collection: 'predictions', timestamps: { createdAt: true, updatedAt: false } })
export class PredictionDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) requestId!: string;
  @Prop({ required: true }) modelVersion!: number;
  @Prop({ required: true }) probability!: number;
  @Prop({ required: true }) default!: boolean;
  /** The validated input (nulls kept), so labelled feedback can become training data; stored packed (PredictionsRepository). */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) features!: Record<string, number | null>;
  @Prop({ type: MongooseSchema.Types.Mixed }) shadow?: ShadowResult;
  createdAt?: Date;
}
export const PredictionSchema = SchemaFactory.createForClass(PredictionDoc);
