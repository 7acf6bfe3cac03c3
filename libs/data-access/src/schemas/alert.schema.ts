import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** Something a human must look at; keyed by what raised it so a re-run raises it once. */
@Schema({ collection: 'alerts', timestamps: true })
export class AlertDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, enum: ['INFO', 'WARNING', 'CRITICAL'] }) severity!: 'INFO' | 'WARNING' | 'CRITICAL';
  @Prop({ required: true }) kind!: string;
  @Prop() day?: string;
  @Prop({ required: true }) message!: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) details?: Record<string, unknown>;
  @Prop({ default: false }) acknowledged!: boolean;
  @Prop() acknowledgedAt?: Date;
}
export const AlertSchema = SchemaFactory.createForClass(AlertDoc);
