import { addDays, daysBetween } from './job-ids';

describe('calendar days', () => {
  it('adds and subtracts days across months, years and a leap day', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -90)).toBe('2026-10-03');
    expect(addDays('2026-12-31', 0)).toBe('2026-12-31');
    expect(daysBetween(addDays('2026-12-30', -2), '2026-12-30')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30']);
  });

  it('refuses a string that is not a calendar day', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/not a calendar day/);
  });
});
