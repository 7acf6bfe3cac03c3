import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A fitted transform (imputer, capper, encoder, scaler statistics) keyed by its content fingerprint. */
@Schema({ collection: 'preprocessing_versions', timestamps: { createdAt: true, updatedAt: false } })
export class PreprocessingVersionDoc {
  @Prop({ required: true, unique: true }) version!: string;
  @Prop({ required: true }) sourceSha256!: string;
  @Prop({ required: true }) sourceRows!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) fit!: Record<string, unknown>;
  createdAt?: Date;
}
export const PreprocessingVersionSchema = SchemaFactory.createForClass(PreprocessingVersionDoc);
