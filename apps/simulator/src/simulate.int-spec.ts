// The CI-sized healing simulation: the real five apps, as processes, on the real Redis and FerretDB,
// through calendars/ci-short.json (2 calm days, then a sudden concept shift for 3) with the quick recipe.
// Assertions are about behaviour, never timings.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { HealingSummary, SimulationDay } from '@loan/simulation';
import { WORKSPACE_ROOT } from '@loan/testing';

const OUT = join(WORKSPACE_ROOT, 'tmp/simulation-ci');

describe('healing simulation (ci-short, quick recipe)', () => {
  let summary: HealingSummary;
  let days: SimulationDay[];

  beforeAll(async () => {
    await promisify(execFile)(
      process.execPath,
      [join(WORKSPACE_ROOT, 'dist/apps/simulator/main.js'), 'ci-short', '--recipe', 'quick', '--oracle-rows', '6000', '--audit-rows', '3000', '--out', OUT, '--base-port', '3311', '--set', 'MIN_EVAL_ROWS=400'],
      { cwd: WORKSPACE_ROOT, env: process.env, maxBuffer: 64 << 20, timeout: 600_000 },
    );
    ({ summary, days } = JSON.parse(readFileSync(join(OUT, 'ci-short/summary.json'), 'utf8')));
  }, 660_000);

  it('ran every calendar day through the loop and wrote the report with its charts', () => {
    expect(days.map((d) => d.scenario)).toEqual(['none', 'none', 'recession_concept', 'recession_concept', 'recession_concept']);
    expect(readFileSync(join(OUT, 'ci-short/report.md'), 'utf8')).toContain('## After each onset');
    for (const chart of ['roc-auc', 'f1', 'drift']) expect(readFileSync(join(OUT, `ci-short/${chart}.svg`), 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(OUT, 'ci-short/charts.html'))).toBe(true);
  });

  it('raises no alert and retrains nothing on the calm days', () => {
    expect(summary.calmDays).toBe(2);
    expect(summary.falseAlarms).toEqual({ retrainDays: 0, alerts: 0, championChanges: 0 });
    for (const d of days.slice(0, 2)) expect(d.attempts).toEqual([]);
  });

  it('sees the concept shift hurt the stale model, against an oracle that is measurably better', () => {
    const drift = days.filter((d) => d.drifting);
    for (const d of drift) expect(d.oracle.rocAuc - d.stale.rocAuc).toBeGreaterThan(2 * Math.hypot(d.oracle.rocAucSe, d.stale.rocAucSe));
  });

  it('detects the shift within 2 days and promotes a healed version that beats the stale champion on unseen rows', () => {
    const [onset] = summary.onsets;
    expect(onset.index).toBe(2);
    expect(onset.detectionDelay).not.toBeNull();
    expect(onset.detectionDelay as number).toBeLessThanOrEqual(2);
    const registered = days.flatMap((d) => d.attempts).filter((a) => a.success && a.newVersion !== null);
    expect(registered.length).toBeGreaterThan(0);
    expect(onset.promotionDelay).not.toBeNull();
    // The last day is served by a healed champion; on its fresh audit rows it beats the day-0 champion
    // by more than the paired noise could explain (independent-error bound, which is conservative).
    const last = days[days.length - 1];
    expect(last.champion.version).not.toBe(last.stale.version);
    expect(last.champion.rocAuc - last.stale.rocAuc).toBeGreaterThan(2 * Math.hypot(last.champion.rocAucSe, last.stale.rocAucSe));
  });
});
