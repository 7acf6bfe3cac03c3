import { CATEGORY_CODES, FEATURE_COLUMNS, NUMERIC_BOUNDS } from '@loan/features';
import { MAX_PREDICT_RECORDS, parsePredictRequest } from '@loan/serving';
import { PredictRecordDto, PredictRequestDto } from './predict.dto';

// Where @nestjs/swagger keeps @ApiProperty options (read here so a column cannot go undocumented).
const PROPERTIES = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';
const options = (cls: { prototype: object }, key: string) => Reflect.getMetadata(PROPERTY, cls.prototype, key);

describe('PredictRecordDto documentation', () => {
  it('documents exactly the 23 feature columns, in dataset order', () => {
    const keys = (Reflect.getMetadata(PROPERTIES, PredictRecordDto.prototype) as string[]).map((k) => k.replace(/^:/, ''));
    expect(keys).toEqual([...FEATURE_COLUMNS]);
  });

  it('marks every feature an optional, nullable integer (missing values are imputed, fractions refused)', () => {
    for (const column of FEATURE_COLUMNS) {
      expect(options(PredictRecordDto, column)).toEqual(expect.objectContaining({ type: 'integer', nullable: true, required: false }));
      expect(options(PredictRecordDto, column).description).toMatch(/\w/);
    }
  });

  it('takes codes and bounds from the feature schema', () => {
    expect(options(PredictRecordDto, 'EDUCATION').enum).toEqual([...CATEGORY_CODES.EDUCATION, null]);
    expect(options(PredictRecordDto, 'PAY_6').enum).toEqual([...CATEGORY_CODES.PAY_6, null]);
    expect(options(PredictRecordDto, 'AGE')).toEqual(expect.objectContaining({ minimum: NUMERIC_BOUNDS.AGE.min, maximum: NUMERIC_BOUNDS.AGE.max }));
    expect(options(PredictRecordDto, 'PAY_AMT3')).toEqual(expect.objectContaining({ minimum: 0 }));
  });

  it('bounds the batch to the parser limit and gives a complete example record', () => {
    const records = options(PredictRequestDto, 'records');
    expect(records).toEqual(expect.objectContaining({ minItems: 1, maxItems: MAX_PREDICT_RECORDS }));
    expect(Object.keys(records.example[0])).toEqual([...FEATURE_COLUMNS]);
    expect(parsePredictRequest({ records: records.example })).toEqual(expect.objectContaining({ ok: true }));
  });
});
