import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** The day's data-quality report and what the processor did with the rows. */
@Schema({ collection: 'processing_metadata', timestamps: true })
export class ProcessingMetadataDoc {
  /** The day (see repositories/day-keyed.ts); ObjectId only on documents not yet re-keyed. */
  @Prop({ type: String }) _id?: string;
  @Prop({ required: true, unique: true }) day!: string;
  @Prop({ required: true }) preprocessingVersion!: string;
  @Prop({ required: true }) rows!: number;
  @Prop({ required: true }) processedRows!: number;
  @Prop({ required: true }) quarantinedRows!: number;
  @Prop({ required: true }) evaluationRows!: number;
  @Prop({ required: true }) tuningRows!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) quality!: Record<string, unknown>;
  @Prop() processMs?: number;
  /** The raw batch's generation it processed: the same generation with the same fit is done, not redone. */
  @Prop() sourceGeneration?: string;
}
export const ProcessingMetadataSchema = SchemaFactory.createForClass(ProcessingMetadataDoc);
