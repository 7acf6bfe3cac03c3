import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** Per-feature drift of the day against the reference data, and the dataset-level verdict. */
@Schema({ collection: 'drift_reports', timestamps: true })
export class DriftReportDoc {
  @Prop({ required: true, unique: true }) day!: string;
  @Prop({ required: true }) preprocessingVersion!: string;
  @Prop({ required: true }) datasetDrift!: boolean;
  @Prop({ required: true }) driftedShare!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) features!: Record<string, unknown>[];
}
export const DriftReportSchema = SchemaFactory.createForClass(DriftReportDoc);
