import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Model-ready features of one row, its label, and which part of the day it belongs to. */
@Schema({ collection: 'processed_data', timestamps: { createdAt: true, updatedAt: false } })
export class ProcessedRowDoc {
  /** `${day}:${row}`. Rows are stored inside their day's chunk documents (DayRowStore), read by `_id` only. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) row!: number;
  @Prop({ type: [Number], required: true }) categorical!: number[];
  @Prop({ type: [Number], required: true }) numeric!: number[];
  @Prop({ required: true }) label!: number;
  @Prop({ required: true, enum: ['evaluation', 'tuning'] }) split!: 'evaluation' | 'tuning';
  @Prop({ required: true }) preprocessingVersion!: string;
}
export const ProcessedRowSchema = SchemaFactory.createForClass(ProcessedRowDoc);
