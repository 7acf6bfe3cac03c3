import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A row that could not be repaired, kept with its reasons: never silently dropped. */
@Schema({ collection: 'quarantine', timestamps: { createdAt: true, updatedAt: false } })
export class QuarantineDoc {
  /** `${day}:${row}`. Rows are stored inside their day's chunk documents (DayRowStore), read by `_id` only. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) row!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) record!: Record<string, unknown>;
  @Prop({ type: [String], required: true }) reasons!: string[];
}
export const QuarantineSchema = SchemaFactory.createForClass(QuarantineDoc);
