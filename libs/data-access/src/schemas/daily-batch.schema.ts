import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** One generated day: what was sampled, from which model, under which scenario. */
@Schema({ collection: 'daily_batches', timestamps: true })
export class DailyBatchDoc {
  /** The day (see repositories/day-keyed.ts); ObjectId only on documents not yet re-keyed. */
  @Prop({ type: String }) _id?: string;
  @Prop({ required: true, unique: true }) day!: string;
  @Prop({ required: true }) scenario!: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) scenarioSpec?: Record<string, unknown>;
  @Prop({ required: true }) seed!: number;
  @Prop({ required: true }) rows!: number;
  @Prop({ required: true }) distributionModelVersion!: number;
  @Prop({ type: MongooseSchema.Types.Mixed }) injected?: Record<string, unknown>;
  @Prop({ required: true }) trigger!: string;
  /** New on every write of the day's raw rows: what the processor's summary names as its input. */
  @Prop() generation?: string;
  @Prop() generateMs?: number;
  /** When retention removed the day's raw and processed rows (unset while they are stored). */
  @Prop({ type: Date, default: null }) rowsRetiredAt?: Date | null;
}
export const DailyBatchSchema = SchemaFactory.createForClass(DailyBatchDoc);
