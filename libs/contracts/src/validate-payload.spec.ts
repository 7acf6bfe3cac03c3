import { JOBS } from './queues';
import { InvalidPayloadError, validatePayload } from './validate-payload';
import { daysBetween, isIsoDay, jobIds } from './job-ids';

describe('validatePayload', () => {
  it('accepts a well-formed generate payload and types it', () => {
    const p = validatePayload(JOBS.GENERATE_DAY, {
      date: '2026-11-23',
      trigger: 'cron',
      scenario: { name: 'custom', shifts: [{ column: 'AGE', shift: -5 }] },
    });
    expect(p.date).toBe('2026-11-23');
    expect(p.scenario?.shifts?.[0].column).toBe('AGE');
  });

  it('keeps every part of a custom scenario, latent and label shifts included (none is dropped on the way)', () => {
    const scenario = {
      name: 'custom',
      shifts: [
        { column: 'PAY_0', shift: 0.4, space: 'latent' },
        { column: 'default_payment_next_month', shift: 0.3, space: 'latent' },
      ],
    };
    const p = validatePayload(JOBS.GENERATE_DAY, { date: '2026-11-23', trigger: 'admin', scenario });
    expect(p.scenario).toEqual(scenario);
  });

  it.each([
    [{ date: '2026-02-30', trigger: 'cron' }, 'date'],
    [{ date: '2026-11-23', trigger: 'nobody' }, 'trigger'],
    [{ date: '2026-11-23', trigger: 'cron', extra: 1 }, 'extra'],
    [{ date: '2026-11-23', trigger: 'cron', scenario: { name: 'custom', shifts: [{ column: 'NOPE', shift: 1 }] } }, 'scenario: shifts[0].column: unknown column "NOPE"'],
    [{ date: '2026-11-23', trigger: 'cron', scenario: { name: 'custom', shifts: [] } }, 'non-empty shifts'],
    [{ date: '2026-11-23', trigger: 'cron', scenario: { name: 'flood' } }, 'Unknown scenario name "flood"'],
    [null, 'object'],
    ['2026-11-23', 'object'],
  ])('rejects %j naming %s', (data, word) => {
    expect(() => validatePayload(JOBS.GENERATE_DAY, data)).toThrow(InvalidPayloadError);
    expect(() => validatePayload(JOBS.GENERATE_DAY, data)).toThrow(word);
  });

  it('rejects a train attempt outside its range', () => {
    expect(() =>
      validatePayload(JOBS.TRAIN_MODEL, { date: '2026-11-23', attempt: 0, reason: 'admin', baseVersion: 1 }),
    ).toThrow(/attempt/);
  });
});

describe('job ids', () => {
  it('are one per stage per day', () => {
    expect(jobIds.generate('2026-11-23')).toBe('generate.2026-11-23');
    expect(jobIds.train('2026-11-23', 2)).toBe('train.2026-11-23.a2');
    expect(jobIds.train('2026-11-23', 1, 'feedback')).toBe('train.2026-11-23.feedback.a1');
    expect(jobIds.train('2026-11-23', 1, 'admin')).not.toBe(jobIds.train('2026-11-23', 1));
    expect(() => jobIds.process('23/11/2026')).toThrow(/YYYY-MM-DD/);
  });

  it('checks real calendar days', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
  });

  it('lists a range inclusively, across a month end', () => {
    expect(daysBetween('2026-01-30', '2026-02-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(() => daysBetween('2026-02-02', '2026-01-30')).toThrow(/before/);
  });
});
