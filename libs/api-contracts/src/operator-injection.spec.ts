// MongoDB operator injection: a query operator object ({ $ne: null }, { $gt: '' }, ...) sent in place of
// any scalar field must be refused naming that field, before it could reach a filter.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FEATURE_COLUMNS } from '@loan/features';
import { parsePredictRequest } from '@loan/serving';
import { BackfillDto, PruneDto, RetrainDto, RunDayDto } from './admin.dto';
import { FeedbackRequestDto } from './feedback.dto';

const OPERATORS: Record<string, unknown>[] = [{ $ne: null }, { $gt: '' }, { $regex: '.*' }, { $where: 'sleep(1000)' }, { $in: ['a'] }];
const UUID = '0b7e2a52-1a0e-4c5c-9d8b-3f5f4f7c2e11';

function rejected<T extends object>(cls: new () => T, body: Record<string, unknown>): string[] {
  return validateSync(plainToInstance(cls, body)).map((e) => e.property);
}

/** Each DTO with a valid body: every field in turn is replaced by each operator object. */
const CASES: [string, new () => object, Record<string, unknown>][] = [
  ['FeedbackRequestDto', FeedbackRequestDto, { predictionId: UUID, actualDefault: true }],
  ['BackfillDto', BackfillDto, { from: '2026-01-01', to: '2026-01-07' }],
  ['RetrainDto', RetrainDto, { date: '2026-01-07', baseVersion: 2 }],
  ['PruneDto', PruneDto, { keep: 5 }],
  ['RunDayDto', RunDayDto, { scenario: 'recession' }],
];

describe('operator injection is refused in every request field', () => {
  for (const [name, cls, valid] of CASES) {
    it(`${name}: the valid body passes, an operator in any field is refused naming it`, () => {
      expect(rejected(cls, valid)).toEqual([]);
      for (const field of Object.keys(valid)) {
        for (const op of OPERATORS) expect(rejected(cls, { ...valid, [field]: op })).toEqual([field]);
      }
    });
  }

  it('a custom scenario refuses operators in its nested shift fields', () => {
    const shift = { column: 'AGE', shift: 1 };
    expect(rejected(RunDayDto, { scenario: { name: 'custom', shifts: [shift] } })).toEqual([]);
    for (const field of ['column', 'shift', 'space', 'label']) {
      expect(rejected(RunDayDto, { scenario: { name: 'custom', shifts: [{ ...shift, [field]: { $ne: null } }] } })).toEqual(['scenario']);
    }
  });

  it('predict refuses an operator in any feature, naming the record and column', () => {
    for (const column of FEATURE_COLUMNS) {
      const result = parsePredictRequest({ records: [{ [column]: { $gt: 0 } }] });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual([`records[0].${column}`]);
    }
  });
});
