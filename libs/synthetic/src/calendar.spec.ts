import { readdirSync, readFileSync } from 'fs';
import { resolve } from 'path';
import { addDays, type Calendar, calendarDays, distributionKey, validateCalendar } from './calendar';

const CALENDARS = resolve(__dirname, '../../../calendars');
const base = (events: unknown[], days = 10): unknown => ({ name: 't', start: '2026-12-30', days, events });

describe('scenario calendars', () => {
  it('validates with errors that name the field', () => {
    expect(() => validateCalendar(null)).toThrow(/object/);
    expect(() => validateCalendar({ ...(base([]) as object), start: '2026-13-01' })).toThrow(/^start/);
    expect(() => validateCalendar({ ...(base([]) as object), days: 0 })).toThrow(/^days/);
    expect(() => validateCalendar(base([{ scenario: { name: 'boom' }, from: 0 }]))).toThrow(/^events\[0\]\.scenario: Unknown scenario/);
    expect(() => validateCalendar(base([{ scenario: { name: 'none' }, from: 10 }]))).toThrow(/^events\[0\]\.from/);
    expect(() => validateCalendar(base([{ scenario: { name: 'none' }, from: 3, to: 2 }]))).toThrow(/^events\[0\]\.to/);
    expect(() => validateCalendar(base([{ scenario: { name: 'none' }, from: 0, onset: { kind: 'gradual', rampDays: 0 } }]))).toThrow(
      /^events\[0\]\.onset\.rampDays/,
    );
    expect(() => validateCalendar(base([{ scenario: { name: 'none' }, from: 0, onset: { kind: 'recurring', periodDays: 2, activeDays: 3 } }]))).toThrow(
      /activeDays/,
    );
    expect(() => validateCalendar(base([{ scenario: { name: 'none' }, from: 0, to: 4 }, { scenario: { name: 'recession' }, from: 4 }]))).toThrow(
      /events\[1\] overlaps events\[0\]/,
    );
  });

  it('expands sudden, gradual and recurring onsets; uncovered days are none; dates cross year ends', () => {
    const sudden = calendarDays(base([{ scenario: { name: 'recession' }, from: 3, to: 5 }]) as Calendar);
    expect(sudden.map((d) => d.scenario.name)).toEqual(['none', 'none', 'none', 'recession', 'recession', 'recession', 'none', 'none', 'none', 'none']);
    expect(sudden[2].date).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    const gradual = calendarDays(base([{ scenario: { name: 'new_segment', severity: 2 }, from: 1, onset: { kind: 'gradual', rampDays: 4 } }]) as Calendar);
    expect(gradual.map((d) => d.scenario.severity ?? 0)).toEqual([0, 0.5, 1, 1.5, 2, 2, 2, 2, 2, 2]);
    const recurring = calendarDays(base([{ scenario: { name: 'recession_concept' }, from: 2, onset: { kind: 'recurring', periodDays: 3, activeDays: 1 } }]) as Calendar);
    expect(recurring.map((d) => d.scenario.name === 'recession_concept')).toEqual([false, false, true, false, false, true, false, false, true, false]);
  });

  it('a 20-day gradual ramp gives at most 4 distinct distribution keys (severity steps of 0.25)', () => {
    const days = calendarDays(base([{ scenario: { name: 'recession_concept' }, from: 0, onset: { kind: 'gradual', rampDays: 20 } }], 25) as Calendar);
    expect(new Set(days.map((d) => distributionKey(d.scenario))).size).toBeLessThanOrEqual(5); // incl. 'none' for the first days
  });

  it('distributionKey: same distribution ⇒ same key', () => {
    expect(distributionKey({ name: 'recession', severity: 0 })).toBe('none');
    expect(distributionKey({ name: 'none' })).toBe('none');
    expect(distributionKey({ name: 'recession' })).toBe(distributionKey({ name: 'recession', severity: 1 }));
    expect(distributionKey({ name: 'recession' })).not.toBe(distributionKey({ name: 'recession', severity: 0.5 }));
    expect(distributionKey({ name: 'recession' })).not.toBe(distributionKey({ name: 'recession_concept' }));
    const a = distributionKey({ name: 'custom', shifts: [{ column: 'AGE', shift: 1, space: 'value' }] });
    expect(distributionKey({ name: 'custom', shifts: [{ shift: 1, column: 'AGE' }] })).toBe(a);
    expect(distributionKey({ name: 'custom', shifts: [{ column: 'AGE', shift: 1, label: 1 }] })).not.toBe(a);
  });

  it('every shipped calendar is valid', () => {
    const files = readdirSync(CALENDARS).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['calm-30.json', 'recession-concept.json', 'gradual.json', 'recurring.json', 'ci-short.json']));
    for (const f of files) {
      const days = calendarDays(JSON.parse(readFileSync(resolve(CALENDARS, f), 'utf8')));
      expect(days.length).toBeGreaterThan(0);
    }
    const rc = calendarDays(JSON.parse(readFileSync(resolve(CALENDARS, 'recession-concept.json'), 'utf8')));
    expect(rc.filter((d) => d.scenario.name === 'none')).toHaveLength(10);
    expect(rc.filter((d) => d.scenario.name === 'recession_concept')).toHaveLength(20);
    const ci = calendarDays(JSON.parse(readFileSync(resolve(CALENDARS, 'ci-short.json'), 'utf8')));
    expect(ci.map((d) => d.scenario.name)).toEqual(['none', 'none', 'recession_concept', 'recession_concept', 'recession_concept']);
  });
});
