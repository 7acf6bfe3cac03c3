import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** One fine-tuning attempt for a day: what it started from, how it scored, what it produced. */
@Schema({ collection: 'training_events', timestamps: { createdAt: true, updatedAt: false } })
export class TrainingEventDoc {
  /** `<day>:a<attempt>` */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) attempt!: number;
  @Prop({ required: true }) reason!: string;
  @Prop({ required: true }) baseVersion!: number;
  @Prop({ required: true }) trainRows!: number;
  @Prop({ required: true }) judgeRows!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) metrics!: Record<string, number>;
  @Prop({ required: true }) f1Threshold!: number;
  @Prop({ required: true }) success!: boolean;
  @Prop({ type: Number, default: null }) newVersion!: number | null;
  @Prop({ required: true }) backend!: string;
  @Prop({ required: true }) durationMs!: number;
}
export const TrainingEventSchema = SchemaFactory.createForClass(TrainingEventDoc);
TrainingEventSchema.index({ day: 1 });
