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
  /** The F1 bar, and where it came from; it decides only when configured (F1_THRESHOLD, an operator/test override). */
  @Prop({ required: true }) f1Threshold!: number;
  @Prop({ required: true }) f1ThresholdSource!: string;
  @Prop({ required: true, enum: ['ok', 'retrain'] }) decision!: 'ok' | 'retrain';
  /** What asked for the retrain: 'decay' (the AUC test), 'calibration', 'f1_override' or 'adapt'; empty when ok. */
  @Prop({ type: [String], required: true }) triggers!: string[];
  // The decay test (libs/ml decay-trigger): null when it could not run (the version stored no AUC, or
  // the day has one class only). value/se: the day's ROC-AUC and DeLong SE; expected/expectedSe: the
  // version's expected AUC and its SE (expectedSource: which metric); z = (expected − margin − value) /
  // √(se² + expectedSe²), retrain when z > z_(1−alpha); bound: one-sided (1 − alpha) upper bound of value.
  @Prop({ type: String, default: null }) statistic!: 'roc_auc' | null;
  @Prop({ type: Number, default: null }) value!: number | null;
  @Prop({ type: Number, default: null }) se!: number | null;
  @Prop({ type: Number, default: null }) expected!: number | null;
  @Prop({ type: Number, default: null }) expectedSe!: number | null;
  @Prop({ type: String, default: null }) expectedSource!: string | null;
  @Prop({ required: true }) margin!: number;
  @Prop({ required: true }) alpha!: number;
  @Prop({ type: Number, default: null }) z!: number | null;
  @Prop({ type: Number, default: null }) bound!: number | null;
  /** Rows scored and defaults among them. */
  @Prop({ required: true }) n!: number;
  @Prop({ required: true }) positives!: number;
  /**
   * The calibration test (libs/ml calibration-trigger): the day's offset and SE, the version's expected
   * offset and SE, the margin, z = (|value − expected| − margin) / √(se² + expectedSe²), and whether it
   * fired; null when it could not run (the version stored no expected offset, or one class only).
   */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null }) calibration?: {
    value: number;
    se: number;
    expected: number;
    expectedSe: number;
    margin: number;
    z: number;
    shifted: boolean;
  } | null;
}
export const EvaluationEventSchema = SchemaFactory.createForClass(EvaluationEventDoc);
EvaluationEventSchema.index({ day: 1 });
