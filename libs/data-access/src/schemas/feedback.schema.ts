import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * The true outcome of a served prediction (one per prediction). `consumedBy` is the training job that
 * used it: unconsumed feedback counts towards the next feedback-triggered retrain.
 */
@Schema({ collection: 'feedback', timestamps: { createdAt: true, updatedAt: false } })
export class FeedbackDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) actualDefault!: boolean;
  @Prop({ required: true }) modelVersion!: number;
  @Prop({ required: true }) predictedDefault!: boolean;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) features!: Record<string, number | null>;
  @Prop({ type: String, default: null }) consumedBy!: string | null;
  createdAt?: Date;
}
export const FeedbackSchema = SchemaFactory.createForClass(FeedbackDoc);
