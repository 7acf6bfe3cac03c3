// The CI-sized chaos run (npm run chaos): two instances of each worker app and the inference-api, as
// processes from dist/, on a Redis (AOF) and a FerretDB of their own, through calendars/chaos-short.json
// (a calm day, then 3 days of a concept shift that force fine-tuning) while 5 worker instances are
// SIGKILLed mid-job and restarted, Redis is restarted once and the database server once. The run checks
// its invariants from Redis and MongoDB; this test reads the summary it wrote. Assertions are about
// behaviour, never timings.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '@loan/testing';

const OUT = join(WORKSPACE_ROOT, 'tmp/chaos-ci');

interface ChaosSummary {
  instances: number;
  days: { date: string; scenario: string; requests: number }[];
  faults: { kind: string; day: string; target?: string; activeJob?: string | null }[];
  kills: number;
  redisRestarts: number;
  dbRestarts: number;
  badExits: string[];
  invariants: { name: string; ok: boolean; checked: string; violations: string[] }[];
  ok: boolean;
}

describe('chaos run (chaos-short, 2 instances of each worker, kills and server restarts)', () => {
  let summary: ChaosSummary;
  let failure: Error | undefined;

  beforeAll(async () => {
    try {
      await promisify(execFile)(
        process.execPath,
        [join(WORKSPACE_ROOT, 'dist/apps/chaos/main.js'), '--calendar', 'chaos-short', '--kills', '5', '--instances', '2', '--seed', '1', '--base-port', '3601', '--out', OUT, '--set', 'MIN_EVAL_ROWS=400'],
        { cwd: WORKSPACE_ROOT, env: process.env, maxBuffer: 64 << 20, timeout: 900_000 },
      );
    } catch (e) {
      // The run exits 1 when an invariant fails; the summary it wrote says which, and the tests below show it.
      failure = e as Error;
    }
    summary = JSON.parse(readFileSync(join(OUT, 'chaos-short/summary.json'), 'utf8'));
  }, 960_000);

  it('ran every calendar day with two instances of each worker, through the faults it planned', () => {
    expect(summary.instances).toBe(2);
    expect(summary.days.map((d) => d.scenario)).toEqual(['none', 'recession_concept', 'recession_concept', 'recession_concept']);
    expect(summary.kills).toBeGreaterThanOrEqual(5);
    expect(summary.redisRestarts).toBe(1);
    expect(summary.dbRestarts).toBe(1);
    // The first day is the clean baseline: every fault lands on a drift day.
    expect(summary.faults.every((f) => f.day !== summary.days[0].date)).toBe(true);
    // Most kills find a job in flight (the point of the suite); none is a stray process.
    expect(summary.faults.filter((f) => f.kind === 'kill' && f.activeJob).length).toBeGreaterThanOrEqual(1);
    expect(summary.badExits).toEqual([]);
  });

  it('holds every invariant: days exactly once, attempts within policy, sound versions, drained queues, consistent aliases, alerts once', () => {
    expect(summary.invariants.map((r) => r.name)).toHaveLength(7);
    for (const r of summary.invariants) expect({ name: r.name, violations: r.violations }).toEqual({ name: r.name, violations: [] });
    expect(summary.ok).toBe(true);
    expect(failure).toBeUndefined();
  });

  it('fine-tuned on the drift days (the faults met training work, not only idle workers)', () => {
    const ladders = summary.invariants.find((r) => r.name.startsWith('fine-tune attempts'));
    expect(Number(/^(\d+) ladders/.exec(ladders?.checked ?? '')?.[1])).toBeGreaterThan(0);
  });
});
