// Admin request bodies (POST /api/v1/admin/...), validated by Nest's ValidationPipe with class-validator.
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsScenario, isIsoDay, type Scenario, SCENARIO_NAMES, VERSION_TAG_MESSAGE, VERSION_TAG_PATTERN } from '@loan/contracts';
import { FEATURE_COLUMNS, LABEL_COLUMN } from '@loan/features';
import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min, Validate, ValidateIf, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/**
 * May be left out, but not sent as null: the spec does not declare these fields nullable (class-validator's
 * IsOptional would let null through, which the fuzzer caught on `scenario`).
 */
const Omittable = () => ValidateIf((_object, value) => value !== undefined);

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
/** For the spec: format 'date' alone is only a hint to many clients. */
export const DAY_PATTERN_SOURCE = DAY_FORMAT.source;
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

/** A property that must be absent (OpenAPI 3.0 has no `false` schema). */
const ABSENT = { not: {} };
const PRESETS = SCENARIO_NAMES.filter((n) => n !== 'custom');
const SEVERITY = { type: 'number', minimum: 0, description: 'Multiplies the shifts; default 1' };

/**
 * The scenario as validateScenario (@loan/synthetic) accepts it, written out so a client (or a fuzzer)
 * reading the spec sends only what is taken: a preset takes no shifts; 'custom' needs shifts or a
 * priorLogitShift; a feature shift needs shift and/or scale; the label moves only by a latent shift.
 */
const SCENARIO_SCHEMA = {
  oneOf: [
    { type: 'string', enum: PRESETS },
    {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', enum: PRESETS }, severity: SEVERITY, shifts: ABSENT, priorLogitShift: ABSENT },
    },
    {
      type: 'object',
      required: ['name'],
      anyOf: [{ required: ['shifts'], properties: { shifts: { minItems: 1 } } }, { required: ['priorLogitShift'] }],
      properties: {
        name: { type: 'string', enum: ['custom'] },
        severity: SEVERITY,
        priorLogitShift: { type: 'number', description: 'Added to logit P(default)' },
        shifts: {
          type: 'array',
          items: {
            oneOf: [
              {
                type: 'object',
                required: ['column'],
                anyOf: [{ required: ['shift'] }, { required: ['scale'] }],
                properties: {
                  column: { type: 'string', enum: [...FEATURE_COLUMNS] },
                  shift: { type: 'number' },
                  scale: { type: 'number', exclusiveMinimum: true, minimum: 0 },
                  space: { type: 'string', enum: ['value', 'latent'] },
                  label: { type: 'integer', enum: [0, 1], description: 'Shift only rows of this class' },
                },
              },
              {
                type: 'object',
                required: ['column', 'shift', 'space'],
                description: 'The label: a probit shift of the prior',
                properties: { column: { type: 'string', enum: [LABEL_COLUMN] }, shift: { type: 'number' }, space: { type: 'string', enum: ['latent'] }, scale: ABSENT, label: ABSENT },
              },
            ],
          },
        },
      },
    },
  ],
};

export class RunDayDto {
  @ApiPropertyOptional({
    description:
      "Drift scenario the generator applies to the day: a preset name ('none', 'recession', …) or a scenario object " +
      "{ name, severity?, shifts? } (a 'custom' scenario with value, latent or class-conditional shifts). Default: the day's own draw.",
    ...SCENARIO_SCHEMA,
    examples: ['recession', { name: 'custom', shifts: [{ column: 'PAY_0', shift: 0.5, space: 'latent' }] }],
  } as ApiPropertyOptions)
  @Omittable()
  @Transform(({ value }) => (typeof value === 'string' ? { name: value } : value))
  @IsScenario()
  scenario?: Scenario;
}

export class BackfillDto {
  @ApiProperty({ format: 'date', pattern: DAY_PATTERN_SOURCE, example: '2024-01-01', description: 'First day, inclusive' })
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  from: string;

  @ApiProperty({ format: 'date', pattern: DAY_PATTERN_SOURCE, example: '2024-01-07', description: 'Last day, inclusive' })
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  to: string;
}

export class RetrainDto {
  @ApiProperty({ format: 'date', pattern: DAY_PATTERN_SOURCE, example: '2024-01-07', description: 'Day whose data the fine-tune uses' })
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  date: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Version to fine-tune from; default the champion' })
  @Omittable()
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
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(1000)
  keep?: number;
}

/** GET /api/v1/admin/dashboard?days=&to= (query strings: `days` arrives as text and is converted first). */
export class DashboardQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 366, default: 90, description: 'How many days the overview spans, ending on `to`' })
  @Omittable()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'days must be a whole number from 1 to 366' })
  @Min(1, { message: 'days must be a whole number from 1 to 366' })
  @Max(366, { message: 'days must be a whole number from 1 to 366' })
  days?: number;

  @ApiPropertyOptional({ format: 'date', pattern: DAY_PATTERN_SOURCE, example: '2024-01-07', description: 'Last day shown; default the newest processed day (else today, UTC)' })
  @Omittable()
  @Matches(DAY_FORMAT, { message: DAY_MESSAGE })
  @Validate(CalendarDayConstraint)
  to?: string;
}

export class TagVersionDto {
  @ApiProperty({ pattern: VERSION_TAG_PATTERN.source, example: 'before-recession', description: 'The tag; starts with a letter, so it never reads as a version number' })
  @Matches(VERSION_TAG_PATTERN, { message: VERSION_TAG_MESSAGE })
  tag: string;
}
