// POST /api/v1/feedback: the real outcome of a served prediction. Labelled feedback feeds the fine-tune
// that starts once enough of it is unconsumed.
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsUUID } from 'class-validator';

export class FeedbackRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The id returned for the record by POST /predict' })
  @IsUUID()
  predictionId: string;

  @ApiProperty({ description: 'Whether the borrower actually defaulted' })
  @IsBoolean()
  actualDefault: boolean;
}

export const FEEDBACK_OUTCOMES = ['recorded', 'duplicate'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

export class FeedbackResponseDto {
  @ApiProperty({ format: 'uuid' })
  predictionId: string;

  @ApiProperty({ enum: FEEDBACK_OUTCOMES, description: 'duplicate: this prediction already had feedback; the first answer stands' })
  outcome: FeedbackOutcome;

  @ApiProperty({ type: 'integer', description: 'Labelled feedback not yet used by a fine-tune' })
  unconsumedFeedback: number;

  @ApiProperty({ type: 'integer', description: 'Unconsumed feedback that triggers a fine-tune (RETRAIN_FEEDBACK_THRESHOLD)' })
  retrainThreshold: number;

  @ApiProperty({ type: String, nullable: true, description: 'Id of the fine-tune job this feedback triggered, else null' })
  retrainJobId: string | null;
}
