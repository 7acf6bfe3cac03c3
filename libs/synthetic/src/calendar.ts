// Scenario calendars: which drift scenario each day of a run has, as plain JSON.
//
// { name, start: 'YYYY-MM-DD', days, description?, events: [{ scenario, from, to?, onset? }] }
// Day indices are 0-based; an event covers from..to inclusive (to defaults to the last day). Events may
// not overlap. Onsets: 'sudden' (default: full severity from `from`), 'gradual' (severity ramps linearly
// from 0 to the scenario's severity over rampDays days, then holds), 'recurring' (active on the first
// activeDays of every periodDays, counted from `from`). Days no event covers are scenario none.
// Ramp severities are rounded to SEVERITY_STEP so a long ramp yields a few distinct distributions
// (oracle models are cached per distributionKey) rather than one per day.
import { canonicalJson } from '@loan/features';
import { assertIsoDate } from './daily-batch';
import { type Scenario, validateScenario } from './scenarios';

export const SEVERITY_STEP = 0.25;

export type Onset = { kind: 'sudden' } | { kind: 'gradual'; rampDays: number } | { kind: 'recurring'; periodDays: number; activeDays: number };

export interface CalendarEvent {
  scenario: Scenario;
  from: number;
  to?: number;
  onset?: Onset;
}

export interface Calendar {
  name: string;
  start: string;
  days: number;
  description?: string;
  events: CalendarEvent[];
}

export interface CalendarDay {
  index: number;
  date: string;
  scenario: Scenario;
}

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isPositiveInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;

function validateOnset(input: unknown, where: string): Onset {
  if (typeof input !== 'object' || input === null) throw new Error(`${where} must be an object`);
  const o = input as Record<string, unknown>;
  if (o['kind'] === 'sudden') return { kind: 'sudden' };
  if (o['kind'] === 'gradual') {
    if (!isPositiveInt(o['rampDays'])) throw new Error(`${where}.rampDays must be an integer ≥ 1`);
    return { kind: 'gradual', rampDays: o['rampDays'] };
  }
  if (o['kind'] === 'recurring') {
    if (!isPositiveInt(o['periodDays'])) throw new Error(`${where}.periodDays must be an integer ≥ 1`);
    if (!isPositiveInt(o['activeDays']) || o['activeDays'] > o['periodDays']) {
      throw new Error(`${where}.activeDays must be an integer in [1, periodDays]`);
    }
    return { kind: 'recurring', periodDays: o['periodDays'], activeDays: o['activeDays'] };
  }
  throw new Error(`${where}.kind must be 'sudden', 'gradual' or 'recurring'`);
}

/** Validates an untrusted calendar; returns a clean copy or throws an Error naming the bad field. */
export function validateCalendar(input: unknown): Calendar {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('Calendar must be an object');
  const c = input as Record<string, unknown>;
  if (typeof c['name'] !== 'string' || c['name'].trim() === '') throw new Error('name must be a non-empty string');
  if (typeof c['start'] !== 'string') throw new Error('start must be a date as YYYY-MM-DD');
  try {
    assertIsoDate(c['start']);
  } catch {
    throw new Error(`start must be a date as YYYY-MM-DD, got ${JSON.stringify(c['start'])}`);
  }
  if (!isPositiveInt(c['days'])) throw new Error('days must be an integer ≥ 1');
  const days = c['days'];
  if (c['description'] !== undefined && typeof c['description'] !== 'string') throw new Error('description must be a string');
  if (!Array.isArray(c['events'])) throw new Error('events must be an array');
  const events = c['events'].map((e: unknown, i): CalendarEvent => {
    const where = `events[${i}]`;
    if (typeof e !== 'object' || e === null) throw new Error(`${where} must be an object`);
    const { scenario, from, to, onset } = e as Record<string, unknown>;
    let clean: Scenario;
    try {
      clean = validateScenario(scenario);
    } catch (err) {
      throw new Error(`${where}.scenario: ${(err as Error).message}`);
    }
    if (!isIndex(from) || from >= days) throw new Error(`${where}.from must be a day index in [0, ${days - 1}]`);
    if (to !== undefined && (!isIndex(to) || to < from || to >= days)) throw new Error(`${where}.to must be a day index in [from, ${days - 1}]`);
    const out: CalendarEvent = { scenario: clean, from };
    if (to !== undefined) out.to = to as number;
    if (onset !== undefined) out.onset = validateOnset(onset, `${where}.onset`);
    return out;
  });
  const spans = events.map((e, i) => ({ i, from: e.from, to: e.to ?? days - 1 })).sort((a, b) => a.from - b.from);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].from <= spans[k - 1].to) throw new Error(`events[${spans[k].i}] overlaps events[${spans[k - 1].i}]`);
  }
  const out: Calendar = { name: c['name'], start: c['start'], days, events };
  if (c['description'] !== undefined) out.description = c['description'] as string;
  return out;
}

/** 'YYYY-MM-DD' plus n days (UTC). */
export function addDays(date: string, n: number): string {
  assertIsoDate(date);
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Severity of an event on a day it covers (0 = inactive). */
function severityOn(event: CalendarEvent, index: number): number {
  const full = event.scenario.severity ?? 1;
  const offset = index - event.from;
  const onset = event.onset ?? { kind: 'sudden' };
  if (onset.kind === 'gradual') {
    // Day 0 of the ramp is 1/rampDays of the way, day rampDays−1 reaches full severity.
    const share = Math.min(1, (offset + 1) / onset.rampDays);
    return Math.round((full * share) / SEVERITY_STEP) * SEVERITY_STEP;
  }
  if (onset.kind === 'recurring') return offset % onset.periodDays < onset.activeDays ? full : 0;
  return full;
}

/** Every day of a (validated here) calendar with its date and scenario. */
export function calendarDays(input: Calendar): CalendarDay[] {
  const calendar = validateCalendar(input);
  const out: CalendarDay[] = Array.from({ length: calendar.days }, (_, index) => ({ index, date: addDays(calendar.start, index), scenario: { name: 'none' } }));
  for (const event of calendar.events) {
    for (let index = event.from; index <= (event.to ?? calendar.days - 1); index++) {
      const severity = severityOn(event, index);
      if (severity > 0) out[index].scenario = { ...event.scenario, severity };
    }
  }
  return out;
}

/**
 * Canonical key of the distribution a scenario samples from: equal keys ⇒ the same distribution (one
 * oracle model per key). Severity 0 and 'none' share the key 'none'; severity is rounded to 3 decimals,
 * object keys sorted. The calendar's ramps are already rounded to SEVERITY_STEP.
 */
export function distributionKey(input: Scenario): string {
  const scenario = validateScenario(input);
  const severity = Math.round((scenario.severity ?? 1) * 1000) / 1000;
  if (scenario.name === 'none' || severity === 0) return 'none';
  const body: Record<string, unknown> = { name: scenario.name, severity };
  if (scenario.name === 'custom') {
    body['priorLogitShift'] = scenario.priorLogitShift ?? 0;
    body['shifts'] = (scenario.shifts ?? []).map((s) => ({ ...s, space: s.space ?? 'value' }));
  }
  return canonicalJson(body);
}
