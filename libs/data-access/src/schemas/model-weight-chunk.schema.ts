import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A slice of a model's weights, keyed `<checksum>:<index>`: content-addressed, so rewriting is harmless. */
@Schema({ collection: 'model_weight_chunks' })
export class ModelWeightChunkDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) checksum!: string;
  @Prop({ required: true }) index!: number;
  @Prop({ type: Buffer, required: true }) data!: Buffer;
}
export const ModelWeightChunkSchema = SchemaFactory.createForClass(ModelWeightChunkDoc);
