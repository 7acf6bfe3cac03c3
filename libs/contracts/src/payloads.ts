// One typed payload per job name, as a class-validator DTO so a consumer can check what it got at run
// time: a job with a malformed payload fails at once with the reasons and writes nothing.
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { JOBS, JobName } from './queues';
import { isIsoDay } from './job-ids';
import { IsScenario, type Scenario } from './scenario-constraint';

@ValidatorConstraint({ name: 'isoDay' })
class IsoDayConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDay(value);
  }
  defaultMessage(): string {
    return '$property must be a calendar day YYYY-MM-DD';
  }
}

export const TRIGGERS = ['cron', 'admin', 'backfill', 'demo', 'test'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export class GenerateDayPayload {
  @Validate(IsoDayConstraint)
  date!: string;

  /** Drift scenario (validated by @loan/synthetic's validateScenario); default: the day's deterministic draw. */
  @IsOptional() @IsScenario()
  scenario?: Scenario;

  @IsIn(TRIGGERS as unknown as string[])
  trigger!: Trigger;
}

export class ProcessDayPayload {
  @Validate(IsoDayConstraint)
  date!: string;
}

export class EvaluateDayPayload {
  @Validate(IsoDayConstraint)
  date!: string;
}

/** 'f1_below_threshold' names every evaluation-triggered fine-tune (stored, never renamed); 'adapt' is a single challenger while a drift goes on. */
export const TRAIN_REASONS = ['f1_below_threshold', 'admin', 'feedback', 'adapt'] as const;
export type TrainReason = (typeof TRAIN_REASONS)[number];

export class TrainModelPayload {
  @Validate(IsoDayConstraint)
  date!: string;

  @IsInt() @Min(1) @Max(10)
  attempt!: number;

  @IsIn(TRAIN_REASONS as unknown as string[])
  reason!: TrainReason;

  /** Version the fine-tune starts from (the champion when the evaluation ran). */
  @IsInt() @Min(1)
  baseVersion!: number;
}

export class DeployModelPayload {
  @Validate(IsoDayConstraint)
  date!: string;

  @IsInt() @Min(1)
  candidateVersion!: number;

  @IsOptional() @IsString()
  reason?: string;
}

/** The payload class of each job name: the single source both producer and consumer type against. */
export const PAYLOAD_OF = {
  [JOBS.GENERATE_DAY]: GenerateDayPayload,
  [JOBS.PROCESS_DAY]: ProcessDayPayload,
  [JOBS.EVALUATE_DAY]: EvaluateDayPayload,
  [JOBS.TRAIN_MODEL]: TrainModelPayload,
  [JOBS.DEPLOY_MODEL]: DeployModelPayload,
} satisfies Record<JobName, new () => object>;

export type PayloadOf<J extends JobName> = InstanceType<(typeof PAYLOAD_OF)[J]>;
