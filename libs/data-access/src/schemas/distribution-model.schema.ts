import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A fitted generator model (Gaussian copula), versioned; the newest is the one the generator samples. */
@Schema({ collection: 'distribution_models', timestamps: { createdAt: true, updatedAt: false } })
export class DistributionModelDoc {
  @Prop({ required: true, unique: true }) version!: number;
  /** sha256 of the data the model was fitted to, so a refit on the same data is recognised. */
  @Prop({ required: true }) sourceSha256!: string;
  @Prop({ required: true }) sourceRows!: number;
  /** The model as JSON text: its Cholesky factor is an array of arrays, which FerretDB v1 cannot store. */
  @Prop({ required: true }) modelJson!: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) fidelity!: Record<string, unknown>;
  @Prop({ required: true }) fidelityScore!: number;
  createdAt?: Date;
}
export const DistributionModelSchema = SchemaFactory.createForClass(DistributionModelDoc);
