import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export type AliasName = 'champion' | 'challenger';

/** Which version each alias points to; changed only by conditional updates (no transactions needed). */
@Schema({ collection: 'model_aliases', timestamps: true })
export class ModelAliasDoc {
  @Prop({ type: String, required: true }) _id!: AliasName;
  @Prop({ type: Number, default: null }) version!: number | null;
  @Prop({ type: Number, default: null }) previousVersion!: number | null;
  @Prop() reason?: string;
}
export const ModelAliasSchema = SchemaFactory.createForClass(ModelAliasDoc);
