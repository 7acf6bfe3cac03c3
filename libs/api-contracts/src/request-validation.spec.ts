import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BackfillDto, PruneDto, RetrainDto, RunDayDto } from './admin.dto';
import { FeedbackRequestDto } from './feedback.dto';

/** The properties class-validator rejects, as Nest's ValidationPipe would see them. */
function rejected<T extends object>(cls: new () => T, body: Record<string, unknown>): string[] {
  return validateSync(plainToInstance(cls, body)).map((e) => e.property);
}

const UUID = '0b7e2a52-1a0e-4c5c-9d8b-3f5f4f7c2e11';

describe('FeedbackRequestDto', () => {
  it('accepts a uuid and a boolean', () => {
    expect(rejected(FeedbackRequestDto, { predictionId: UUID, actualDefault: false })).toEqual([]);
  });

  it('rejects a non-uuid id, a missing id and a non-boolean outcome', () => {
    expect(rejected(FeedbackRequestDto, { predictionId: 'abc', actualDefault: true })).toEqual(['predictionId']);
    expect(rejected(FeedbackRequestDto, { actualDefault: true })).toEqual(['predictionId']);
    expect(rejected(FeedbackRequestDto, { predictionId: UUID, actualDefault: 'true' })).toEqual(['actualDefault']);
    expect(rejected(FeedbackRequestDto, { predictionId: UUID, actualDefault: 1 })).toEqual(['actualDefault']);
    expect(rejected(FeedbackRequestDto, { predictionId: UUID })).toEqual(['actualDefault']);
  });
});

describe('RunDayDto', () => {
  it('takes no scenario or a known one', () => {
    expect(rejected(RunDayDto, {})).toEqual([]);
    expect(rejected(RunDayDto, { scenario: 'recession' })).toEqual([]);
  });

  it('rejects unknown scenarios, including custom (it needs shifts)', () => {
    expect(rejected(RunDayDto, { scenario: 'boom' })).toEqual(['scenario']);
    expect(rejected(RunDayDto, { scenario: 'custom' })).toEqual(['scenario']);
  });

  it('may leave an optional field out but not send it as null (the spec does not declare null)', () => {
    expect(rejected(RunDayDto, { scenario: null })).toEqual(['scenario']);
    expect(rejected(PruneDto, { keep: null })).toEqual(['keep']);
    expect(rejected(PruneDto, {})).toEqual([]);
    expect(rejected(RetrainDto, { date: '2026-01-01', baseVersion: null })).toEqual(['baseVersion']);
    expect(rejected(RetrainDto, { date: '2026-01-01' })).toEqual([]);
  });
});

describe('BackfillDto', () => {
  it('accepts two calendar days', () => {
    expect(rejected(BackfillDto, { from: '2024-02-01', to: '2024-02-29' })).toEqual([]);
  });

  it('rejects other formats, impossible days and missing ends', () => {
    expect(rejected(BackfillDto, { from: '2024-2-1', to: '2024-02-29' })).toEqual(['from']);
    expect(rejected(BackfillDto, { from: '2024-02-01', to: '2023-02-29' })).toEqual(['to']);
    expect(rejected(BackfillDto, { from: '2024-02-01T00:00:00Z', to: '2024-02-02' })).toEqual(['from']);
    expect(rejected(BackfillDto, { from: 20240201, to: '2024-02-02' })).toEqual(['from']);
    expect(rejected(BackfillDto, {})).toEqual(['from', 'to']);
  });
});

describe('RetrainDto', () => {
  it('accepts a day with or without a base version', () => {
    expect(rejected(RetrainDto, { date: '2024-03-01' })).toEqual([]);
    expect(rejected(RetrainDto, { date: '2024-03-01', baseVersion: 3 })).toEqual([]);
  });

  it('rejects a bad day and a base version that is not a positive integer', () => {
    expect(rejected(RetrainDto, { date: '2024-13-01' })).toEqual(['date']);
    expect(rejected(RetrainDto, { date: '2024-03-01', baseVersion: 0 })).toEqual(['baseVersion']);
    expect(rejected(RetrainDto, { date: '2024-03-01', baseVersion: 1.5 })).toEqual(['baseVersion']);
    expect(rejected(RetrainDto, { date: '2024-03-01', baseVersion: '3' })).toEqual(['baseVersion']);
  });
});

describe('PruneDto', () => {
  it('accepts no keep or 1..1000', () => {
    expect(rejected(PruneDto, {})).toEqual([]);
    expect(rejected(PruneDto, { keep: 1 })).toEqual([]);
    expect(rejected(PruneDto, { keep: 1000 })).toEqual([]);
  });

  it('rejects 0, more than 1000, fractions and strings', () => {
    for (const keep of [0, 1001, 2.5, '5']) expect(rejected(PruneDto, { keep })).toEqual(['keep']);
  });
});
