import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * Per-feature drift of the day against the reference data, and the dataset-level verdict. Each feature:
 * column, kind, statistic ('wasserstein' | 'jensen_shannon'), value, threshold (its no-drift 1 − featureAlpha
 * quantile at n), n (non-null values), flagged, psi (reported only). Dataset drift: P(Binomial(features,
 * featureAlpha) ≥ flagged) = datasetPValue < datasetAlpha.
 */
@Schema({ collection: 'drift_reports', timestamps: true })
export class DriftReportDoc {
  /** The day (see repositories/day-keyed.ts); ObjectId only on documents not yet re-keyed. */
  @Prop({ type: String }) _id?: string;
  @Prop({ required: true, unique: true }) day!: string;
  @Prop({ required: true }) preprocessingVersion!: string;
  @Prop({ required: true }) datasetDrift!: boolean;
  @Prop({ required: true }) driftedShare!: number;
  @Prop({ required: true }) datasetPValue!: number;
  @Prop({ required: true }) featureAlpha!: number;
  @Prop({ required: true }) datasetAlpha!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) features!: Record<string, unknown>[];
}
export const DriftReportSchema = SchemaFactory.createForClass(DriftReportDoc);
