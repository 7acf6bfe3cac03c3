// GET /api/v1/model: what is serving right now, and how the shadow challenger compares.
import { ApiProperty } from '@nestjs/swagger';

export const MODEL_KINDS = ['pretrained', 'fine-tuned'] as const;

export class ChallengerInfoDto {
  @ApiProperty({ type: 'integer', description: 'Registry version scored in shadow mode (its answers are never served)' })
  version: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: 'Share of shadow-scored records on which challenger and champion agree; null before any',
  })
  agreementRate: number | null;

  @ApiProperty({ type: 'integer', description: 'Records both models scored since the challenger was loaded' })
  compared: number;
}

export class ModelInfoDto {
  @ApiProperty({ type: 'integer', description: 'Registry version of the champion' })
  version: number;

  @ApiProperty({ enum: ['champion'] })
  alias: 'champion';

  @ApiProperty({ enum: MODEL_KINDS, description: 'pretrained on the real data, or fine-tuned from an earlier version' })
  kind: (typeof MODEL_KINDS)[number];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { f1: 0.53, precision: 0.6, recall: 0.48, rocAuc: 0.77 },
    description: 'Validation metrics recorded at training',
  })
  metrics: Record<string, number>;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Decision threshold for default = true' })
  threshold: number;

  @ApiProperty({ format: 'date-time' })
  trainedAt: string;

  @ApiProperty({ example: 'tensorflow', description: 'TensorFlow.js backend the model was trained on' })
  backend: string;

  @ApiProperty({ example: 'wasm', description: 'TensorFlow.js backend this instance scores with' })
  servingBackend: string;

  @ApiProperty({ description: 'Version of the preprocessing (imputer, capper, scaler) bundled with the model' })
  preprocessingVersion: string;

  @ApiProperty({ description: 'sha256 of the artifact, verified on every load' })
  checksum: string;

  @ApiProperty({ format: 'date-time', description: 'When this instance loaded the champion' })
  loadedAt: string;

  @ApiProperty({ type: () => ChallengerInfoDto, nullable: true, description: 'null when no challenger is set' })
  challenger: ChallengerInfoDto | null;
}
