import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export type DeploymentAction = 'promote' | 'challenger' | 'rollback' | 'unchanged';
export type DeploymentActor = 'policy' | 'admin';

/**
 * One decision about which model serves. Keyed by what made it (the deploy job id, or the admin
 * request), so a re-run of the same job records, and changes, nothing more.
 */
@Schema({ collection: 'deployment_events', timestamps: { createdAt: true, updatedAt: false } })
export class DeploymentEventDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop() day?: string;
  @Prop({ required: true, enum: ['promote', 'challenger', 'rollback', 'unchanged'] }) action!: DeploymentAction;
  @Prop({ required: true, enum: ['policy', 'admin'] }) actor!: DeploymentActor;
  /** Champion before the decision. */
  @Prop({ type: Number, default: null }) fromVersion!: number | null;
  /** The version the decision was about (the new champion, the new challenger, or the rollback target). */
  @Prop({ type: Number, default: null }) toVersion!: number | null;
  @Prop({ required: true }) championChanged!: boolean;
  @Prop({ required: true }) reason!: string;
  @Prop({ type: [String], default: [] }) reasons!: string[];
  /** Candidate and champion metrics on the same rows, and how many rows (policy decisions). */
  @Prop({ type: MongooseSchema.Types.Mixed }) metrics?: Record<string, unknown>;
  createdAt?: Date;
}
export const DeploymentEventSchema = SchemaFactory.createForClass(DeploymentEventDoc);
