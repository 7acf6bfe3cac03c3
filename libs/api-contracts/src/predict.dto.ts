// POST /api/v1/predict. Documentation only: the body is validated by parsePredictRequest (@loan/serving),
// so codes and bounds shown here are read from the same schema the parser and the model use.
import { ApiProperty, ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORY_CODES, CategoricalColumn, FeatureColumn, NUMERIC_BOUNDS, NumericColumn } from '@loan/features';
import { MAX_PREDICT_RECORDS } from '@loan/serving';

const PAY_STATUS = '-2 no consumption, -1 paid in full, 0 revolving credit, 1..8 months of payment delay';
/** The six monthly columns count back from the most recent month (1) to the oldest (6). */
const month = (k: number) => `month ${k} of 6 (1 = most recent)`;

/** Swagger options of one feature: nullable (missing values are imputed), with its codes or bounds. */
function feature(column: FeatureColumn, description: string): ApiPropertyOptions {
  // 'integer': every column of the real data holds whole numbers and the parser refuses fractions.
  const base = { type: 'integer' as const, nullable: true, description: `${description}. Null or absent = missing (imputed).` };
  // null listed in the enum too: in OpenAPI 3.0 an enum restricts even a nullable property (3.0.3 §4.7.25).
  if (column in CATEGORY_CODES) return { ...base, enum: [...CATEGORY_CODES[column as CategoricalColumn], null] };
  const { min, max } = NUMERIC_BOUNDS[column as NumericColumn];
  return { ...base, minimum: min, maximum: max };
}

/** One loan application: the dataset's 23 feature columns, no label. */
export class PredictRecordDto {
  @ApiPropertyOptional(feature('LIMIT_BAL', 'Credit limit (NT dollars), individual and family'))
  LIMIT_BAL?: number | null;
  @ApiPropertyOptional(feature('SEX', '1 male, 2 female'))
  SEX?: number | null;
  @ApiPropertyOptional(feature('EDUCATION', '1 graduate school, 2 university, 3 high school, 4 other (0, 5, 6 undocumented)'))
  EDUCATION?: number | null;
  @ApiPropertyOptional(feature('MARRIAGE', '1 married, 2 single, 3 other (0 undocumented)'))
  MARRIAGE?: number | null;
  @ApiPropertyOptional(feature('AGE', 'Age in years'))
  AGE?: number | null;
  @ApiPropertyOptional(feature('PAY_0', `Repayment status, ${month(1)}: ${PAY_STATUS}`))
  PAY_0?: number | null;
  @ApiPropertyOptional(feature('PAY_2', `Repayment status, ${month(2)}`))
  PAY_2?: number | null;
  @ApiPropertyOptional(feature('PAY_3', `Repayment status, ${month(3)}`))
  PAY_3?: number | null;
  @ApiPropertyOptional(feature('PAY_4', `Repayment status, ${month(4)}`))
  PAY_4?: number | null;
  @ApiPropertyOptional(feature('PAY_5', `Repayment status, ${month(5)}`))
  PAY_5?: number | null;
  @ApiPropertyOptional(feature('PAY_6', `Repayment status, ${month(6)}`))
  PAY_6?: number | null;
  @ApiPropertyOptional(feature('BILL_AMT1', `Bill statement amount (NT dollars), ${month(1)}`))
  BILL_AMT1?: number | null;
  @ApiPropertyOptional(feature('BILL_AMT2', `Bill statement amount, ${month(2)}`))
  BILL_AMT2?: number | null;
  @ApiPropertyOptional(feature('BILL_AMT3', `Bill statement amount, ${month(3)}`))
  BILL_AMT3?: number | null;
  @ApiPropertyOptional(feature('BILL_AMT4', `Bill statement amount, ${month(4)}`))
  BILL_AMT4?: number | null;
  @ApiPropertyOptional(feature('BILL_AMT5', `Bill statement amount, ${month(5)}`))
  BILL_AMT5?: number | null;
  @ApiPropertyOptional(feature('BILL_AMT6', `Bill statement amount, ${month(6)}`))
  BILL_AMT6?: number | null;
  @ApiPropertyOptional(feature('PAY_AMT1', `Amount paid (NT dollars), ${month(1)}`))
  PAY_AMT1?: number | null;
  @ApiPropertyOptional(feature('PAY_AMT2', `Amount paid, ${month(2)}`))
  PAY_AMT2?: number | null;
  @ApiPropertyOptional(feature('PAY_AMT3', `Amount paid, ${month(3)}`))
  PAY_AMT3?: number | null;
  @ApiPropertyOptional(feature('PAY_AMT4', `Amount paid, ${month(4)}`))
  PAY_AMT4?: number | null;
  @ApiPropertyOptional(feature('PAY_AMT5', `Amount paid, ${month(5)}`))
  PAY_AMT5?: number | null;
  @ApiPropertyOptional(feature('PAY_AMT6', `Amount paid, ${month(6)}`))
  PAY_AMT6?: number | null;
}

/** The first row of the public dataset, as a ready-to-send example in Swagger UI. */
const EXAMPLE_RECORD: PredictRecordDto = {
  LIMIT_BAL: 20000, SEX: 2, EDUCATION: 2, MARRIAGE: 1, AGE: 24,
  PAY_0: 2, PAY_2: 2, PAY_3: -1, PAY_4: -1, PAY_5: -2, PAY_6: -2,
  BILL_AMT1: 3913, BILL_AMT2: 3102, BILL_AMT3: 689, BILL_AMT4: 0, BILL_AMT5: 0, BILL_AMT6: 0,
  PAY_AMT1: 0, PAY_AMT2: 689, PAY_AMT3: 0, PAY_AMT4: 0, PAY_AMT5: 0, PAY_AMT6: 0,
};

export class PredictRequestDto {
  @ApiProperty({
    type: () => [PredictRecordDto],
    minItems: 1,
    maxItems: MAX_PREDICT_RECORDS,
    description: `1..${MAX_PREDICT_RECORDS} records; every invalid field is reported at once (400 with errors[])`,
    example: [EXAMPLE_RECORD],
  })
  records: PredictRecordDto[];
}

export class PredictionDto {
  @ApiProperty({ format: 'uuid', description: 'Prediction id; send it back with the real outcome to POST /feedback' })
  id: string;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Probability of default next month' })
  probability: number;

  @ApiProperty({ description: 'probability >= the model threshold' })
  default: boolean;
}

export class PredictResponseDto {
  @ApiProperty({ type: 'integer', description: 'Registry version of the champion that scored the batch' })
  modelVersion: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Decision threshold tuned for F1 at training' })
  threshold: number;

  @ApiProperty({ type: () => [PredictionDto], description: 'One per record, in request order' })
  predictions: PredictionDto[];
}
