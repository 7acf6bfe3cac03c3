// Admin request bodies (POST /api/v1/admin/...), validated by Nest's ValidationPipe with class-validator.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsScenario, isIsoDay, type Scenario, SCENARIO_NAMES } from '@loan/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = '$property must be a day YYYY-MM-DD';

/** Format alone lets 2024-02-30 through; the job ids would then throw deep in a producer. */
@ValidatorConstraint({ name: 'calendarDay' })
class CalendarDayConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDay(value);
  }
  defaultMessage(): string {
    return '$property must be a real calendar day';
  }
}

export class RunDayDto {
  @ApiPropertyOptional({
    description:
      "Drift scenario the generator applies to the day: a preset name ('none', 'recession', …) or a scenario object " +
      "{ name, severity?, shifts? } (a 'custom' scenario with value, latent or class-conditional shifts). Default: the day's own draw.",
    oneOf: [{ type: 'string', enum: [...SCENARIO_NAMES] }, { type: 'object', additionalProperties: true }],
    examples: ['recession', { name: 'custom', shifts: [{ column: 'PAY_0', shift: 0.5, space: 'latent' }] }],
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? { name: value } : value))
  @IsScenario()
  scenario?: Scenario;
}

export class BackfillDto {
  @ApiProperty({ format: 'date', example: '2024-01-01', description: 'First day, inclusive' })
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  from: string;

  @ApiProperty({ format: 'date', example: '2024-01-07', description: 'Last day, inclusive' })
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  to: string;
}

export class RetrainDto {
  @ApiProperty({ format: 'date', example: '2024-01-07', description: 'Day whose data the fine-tune uses' })
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  date: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Version to fine-tune from; default the champion' })
  @IsOptional()
  @IsInt()
  @Min(1)
  baseVersion?: number;
}

export class PruneDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    description: 'Versions kept besides champion, challenger and previous champion; default KEEP_VERSIONS',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  keep?: number;
}
