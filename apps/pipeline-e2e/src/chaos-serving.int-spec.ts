// The CI-sized serving chaos run (npm run chaos:serving): two inference-api processes from dist/ on a Redis
// and a FerretDB of their own, 16 clients sending 1-row predictions for 20 s while the operator reloads
// every 3 s, promotes and rolls back every 5 s, and Redis is restarted once. This test reads the summary
// the run wrote; assertions are about behaviour (nothing failed, both versions served, the instances
// agree), never timings.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '@loan/testing';

const OUT = join(WORKSPACE_ROOT, 'tmp/chaos-serving-ci');

interface ServingSummary {
  sent: number;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  servedBy: Record<string, number>;
  adminByOp: Record<string, number>;
  adminFailed: unknown[];
  redisDownSeconds: number;
  finalChampionPerInstance: (number | null)[];
}

describe('serving chaos run (two instances, reloads, promote/rollback, a Redis restart)', () => {
  let summary: ServingSummary;
  let failure: Error | undefined;

  beforeAll(async () => {
    try {
      await promisify(execFile)(
        process.execPath,
        [join(WORKSPACE_ROOT, 'dist/apps/chaos-serving/main.js'), '--seconds', '20', '--clients', '16', '--reload-every', '3', '--switch-every', '5', '--base-port', '3701', '--out', OUT],
        { cwd: WORKSPACE_ROOT, env: process.env, maxBuffer: 64 << 20, timeout: 300_000 },
      );
    } catch (e) {
      failure = e as Error;
    }
    summary = JSON.parse(readFileSync(join(OUT, 'serving/summary.json'), 'utf8'));
  }, 330_000);

  it('answered every prediction, through every reload, promotion, rollback and the Redis restart', () => {
    expect(summary.sent).toBeGreaterThan(1000);
    expect(summary.failures).toEqual({});
    expect(summary.failed).toBe(0);
    expect(summary.ok).toBe(summary.sent);
    expect(summary.redisDownSeconds).toBeGreaterThan(1);
    expect(summary.adminByOp['reload']).toBeGreaterThanOrEqual(2);
    expect(summary.adminByOp['promote v2']).toBeGreaterThanOrEqual(1);
    expect(summary.adminByOp['rollback']).toBeGreaterThanOrEqual(1);
    expect(summary.adminFailed).toEqual([]);
    expect(failure).toBeUndefined();
  });

  it('served both versions as they were switched, and both instances end on the same champion', () => {
    expect(Object.keys(summary.servedBy).sort()).toEqual(['1', '2']);
    const [a, b] = summary.finalChampionPerInstance;
    expect(a).not.toBeNull();
    expect(b).toBe(a);
  });
});
