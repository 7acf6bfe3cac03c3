import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** One fine-tuning attempt for a day: what it trained on, how it compared with the champion, what it produced. */
@Schema({ collection: 'training_events', timestamps: { createdAt: true, updatedAt: false } })
export class TrainingEventDoc {
  /** `<day>:a<attempt>`, or `<day>:<reason>:a<attempt>` for admin and feedback runs */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) attempt!: number;
  @Prop({ required: true }) reason!: string;
  /** The version it started from (its parent, when it registers). */
  @Prop({ required: true }) baseVersion!: number;
  /** The attempt ladder's rung: recalibrate | head | full | scratch. */
  @Prop({ type: String, required: true }) rung!: string;
  /** The window's days (newest first) and each one's recency weight; becomes the version's trainingDays. */
  @Prop({ type: [String], required: true }) windowDays!: string[];
  @Prop({ type: [Number], required: true }) dayWeights!: number[];
  /** Rows trained on (window evaluation parts, or feedback, plus replay); replayed real rows among them. */
  @Prop({ required: true }) trainRows!: number;
  @Prop({ required: true }) replayRows!: number;
  /** Unseen rows both models were judged on (the window's tuning parts). */
  @Prop({ required: true }) judgeRows!: number;
  /** Candidate and champion on the judge rows (classification report at each one's threshold). */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) metrics!: Record<string, number>;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) championMetrics!: Record<string, number>;
  /** The success rule: 'delong-auc' (paired AUC difference) or 'bootstrap-f1' (paired F1 difference). */
  @Prop({ type: String, required: true }) statistic!: string;
  /** Candidate minus champion, its standard error, DeLong's one-sided p (or null), the bootstrap's lower bound (or null), alpha. */
  @Prop({ required: true }) difference!: number;
  @Prop({ required: true }) se!: number;
  @Prop({ type: Number, default: null }) pValue!: number | null;
  @Prop({ type: Number, default: null }) lowerBound!: number | null;
  @Prop({ required: true }) alpha!: number;
  @Prop({ required: true }) success!: boolean;
  @Prop({ type: Number, default: null }) newVersion!: number | null;
  @Prop({ required: true }) backend!: string;
  /** Threads each training step was split over (1 = the main thread; absent on older events). */
  @Prop() threads?: number;
  @Prop({ required: true }) durationMs!: number;
}
export const TrainingEventSchema = SchemaFactory.createForClass(TrainingEventDoc);
TrainingEventSchema.index({ day: 1 });
