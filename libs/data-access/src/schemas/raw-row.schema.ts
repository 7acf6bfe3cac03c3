import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** One generated loan application, as it arrived (gaps and outliers included), with its label. */
@Schema({ collection: 'raw_data', timestamps: { createdAt: true, updatedAt: false } })
export class RawRowDoc {
  /** `${day}:${row}`. Rows are stored inside their day's chunk documents (DayRowStore), read by `_id` only. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) row!: number;
  @Prop({ required: true }) scenario!: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) record!: Record<string, unknown>;
}
export const RawRowSchema = SchemaFactory.createForClass(RawRowDoc);
