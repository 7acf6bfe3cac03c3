import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** The champion scored on a day's evaluation part: one per (day, version). */
@Schema({ collection: 'evaluation_events', timestamps: { createdAt: true, updatedAt: false } })
export class EvaluationEventDoc {
  /** `<day>:v<version>` */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) version!: number;
  @Prop({ required: true }) rows!: number;
  @Prop({ required: true }) threshold!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) metrics!: Record<string, number>;
  /** The F1 below which the day triggers fine-tuning, and where it came from. */
  @Prop({ required: true }) f1Threshold!: number;
  @Prop({ required: true }) f1ThresholdSource!: string;
  @Prop({ required: true, enum: ['ok', 'retrain'] }) decision!: 'ok' | 'retrain';
}
export const EvaluationEventSchema = SchemaFactory.createForClass(EvaluationEventDoc);
EvaluationEventSchema.index({ day: 1 });
