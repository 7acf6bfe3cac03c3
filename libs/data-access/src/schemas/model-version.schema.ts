import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export type ModelKind = 'pretrained' | 'fine-tuned';

/**
 * One registered model. Written last, after its weight chunks, so a version that exists is complete;
 * `trainingKey` (the job that made it) is unique, so a re-run job finds its version instead of adding one.
 */
@Schema({ collection: 'model_versions', timestamps: { createdAt: true, updatedAt: false } })
export class ModelVersionDoc {
  @Prop({ required: true, unique: true }) version!: number;
  @Prop({ required: true, unique: true }) trainingKey!: string;
  @Prop({ required: true, enum: ['pretrained', 'fine-tuned'] }) kind!: ModelKind;
  @Prop({ type: Number, default: null }) parentVersion!: number | null;
  @Prop({ type: [String], default: [] }) trainingDays!: string[];
  /** Days whose tuning parts judged the fine-tune (its episode); the deployer compares on the same days. Empty: the recent days. */
  @Prop({ type: [String], default: [] }) judgeDays?: string[];
  @Prop({ type: Number, default: null }) attempt!: number | null;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) metrics!: Record<string, number>;
  @Prop({ required: true }) threshold!: number;
  @Prop({ required: true }) preprocessingVersion!: string;
  @Prop({ required: true }) backend!: string;
  @Prop({ required: true }) durationMs!: number;
  /** sha256 of the artifact, verified on every load. */
  @Prop({ required: true }) checksum!: string;
  /** Everything of the artifact but its weights, as JSON text (architecture, manifest, metadata). */
  @Prop({ required: true }) artifactJson!: string;
  @Prop({ required: true }) weightBytes!: number;
  @Prop({ required: true }) chunkCount!: number;
  /** Names an operator saved it under (`versions save --tag`); a tag names one version at a time, and pruning keeps tagged versions. */
  @Prop({ type: [String], default: [] }) tags?: string[];
  createdAt?: Date;
}
export const ModelVersionSchema = SchemaFactory.createForClass(ModelVersionDoc);
