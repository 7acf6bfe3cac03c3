// The CI-sized fuzz run (npm run fuzz:api): schemathesis, installed into .data/venv-fuzz from PyPI,
// against an inference-api process from dist/ with two model versions, every route with the admin token
// and again without it. This test reads the summary the run wrote: no 5xx, every response as the spec
// says (schemathesis' checks, all of them), admin routes answered 401 without the token.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '@loan/testing';

const OUT = join(WORKSPACE_ROOT, 'tmp/fuzz-ci');

interface FuzzSummary {
  total: number;
  fiveXx: number;
  passes: { name: string; exitCode: number; cases: number; failures: string[]; statuses: Record<string, number> }[];
}

describe('fuzzing the OpenAPI spec with schemathesis (with and without the admin token)', () => {
  let summary: FuzzSummary;
  let failure: Error | undefined;

  beforeAll(async () => {
    const run = promisify(execFile);
    const { stdout } = await run('bash', ['tools/venv/ensure.sh', 'fuzz', 'schemathesis==4.32.5'], { cwd: WORKSPACE_ROOT, timeout: 600_000 });
    const schemathesis = join(stdout.trim(), 'bin/schemathesis');
    try {
      await run(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/fuzz-api/main.js'), '--schemathesis', schemathesis, '--examples', '12', '--base-port', '3911', '--out', OUT], {
        cwd: WORKSPACE_ROOT,
        env: process.env,
        maxBuffer: 64 << 20,
        timeout: 600_000,
      });
    } catch (e) {
      failure = e as Error;
    }
    summary = JSON.parse(readFileSync(join(OUT, 'summary.json'), 'utf8'));
  }, 1_200_000);

  it('ran over a thousand cases and no request got a 5xx', () => {
    expect(summary.total).toBeGreaterThan(1000);
    expect(summary.fiveXx).toBe(0);
  });

  it('found no response the spec does not allow, in either pass', () => {
    for (const p of summary.passes) expect({ pass: p.name, exitCode: p.exitCode, failures: p.failures }).toEqual({ pass: p.name, exitCode: 0, failures: [] });
    expect(failure).toBeUndefined();
  });

  it('without the token the admin routes answer 401, with it they reach their handlers', () => {
    const [withToken, withoutToken] = summary.passes;
    expect(withoutToken.statuses['401']).toBeGreaterThan(100);
    expect(withToken.statuses['202']).toBeGreaterThan(0);
    expect(withToken.statuses['401'] ?? 0).toBeLessThan(withoutToken.statuses['401']);
  });
});
