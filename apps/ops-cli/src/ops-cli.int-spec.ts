// The operator CLI as an operator runs it: the built bundle as its own process, on the real Redis and
// MongoDB-wire server, against versions registered the way the trainer registers them.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AlertsRepository, ModelAliasesRepository } from '@loan/data-access';
import { ModelRegistryService } from '@loan/model-registry';
import { createTestEnv, WORKSPACE_ROOT } from '@loan/testing';
import { seedTinyChampion, trainTinyModelOnRealRows } from '@loan/testing-models';
import { OpsCliModule } from './ops-cli.module';

const MAIN = join(WORKSPACE_ROOT, 'dist/apps/ops-cli/main.js');

describe('ops-cli (built, as its own process)', () => {
  const env = createTestEnv('ops_cli');
  let app: INestApplicationContext;

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, ...args], { cwd: WORKSPACE_ROOT, env: { ...process.env, ...env.vars } });
      return { code: 0, out: stdout, err: stderr };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout, err: failed.stderr };
    }
  }
  const champion = async () => (await app.get(ModelAliasesRepository).get('champion'))?.version;

  beforeAll(async () => {
    env.apply();
    app = await NestFactory.createApplicationContext(OpsCliModule, { logger: false });
    await seedTinyChampion(app); // v1, champion
    const more = await trainTinyModelOnRealRows(app);
    for (const key of ['second', 'third', 'fourth']) {
      await app.get(ModelRegistryService).register({
        model: more.model,
        trainingKey: `cli.${key}`,
        kind: 'fine-tuned',
        parentVersion: 1,
        trainingDays: [],
        attempt: 1,
        metrics: { f1: more.validationF1 },
        durationMs: 0,
      });
    }
    more.model.dispose();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('lists versions with their aliases; saves one under a tag, which pruning then keeps', async () => {
    const list = await cli('versions', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^version\s+alias\s+kind/m);
    expect(list.out).toMatch(/^1\s+champion\s+fine-tuned/m);
    expect(list.out).toMatch(/^4\s+–\s+fine-tuned/m);

    expect((await cli('versions', 'save', '--tag', 'golden', '--version', '2')).out).toContain('saved v2 as golden');
    const json = JSON.parse((await cli('versions', 'list', '--json')).out) as { version: number; tags: string[] }[];
    expect(json.find((v) => v.version === 2)?.tags).toEqual(['golden']);

    const prune = await cli('versions', 'prune', '--keep', '1');
    expect(prune.code).toBe(0);
    // Newest (v4), champion (v1) and the tagged v2 stay; v3 goes.
    expect(prune.out).toContain('pruned v3');
    expect(((JSON.parse((await cli('versions', 'list', '--json')).out) as { version: number }[]).map((v) => v.version))).toEqual([4, 2, 1]);
  });

  it('restores a saved version by its tag, promotes by number, rolls back; refuses unknown versions and bad tags', async () => {
    const restored = await cli('versions', 'restore', 'golden');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('promote: champion v2');
    expect(await champion()).toBe(2);
    expect((await cli('promote', '4')).code).toBe(0);
    expect(await champion()).toBe(4);
    expect((await cli('rollback')).out).toContain('rollback: champion v2');
    expect(await champion()).toBe(2);

    const missing = await cli('promote', '99');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('model version 99 does not exist');
    const unknownTag = await cli('versions', 'restore', 'silver');
    expect(unknownTag.code).toBe(1);
    expect(unknownTag.err).toContain('no model version is saved under the tag "silver"');
    const badTag = await cli('versions', 'save', '--tag', '12');
    expect(badTag.code).toBe(1);
    expect(badTag.err).toContain('tag must start with a letter');
    expect(await champion()).toBe(2);
  });

  it('lists and acknowledges alerts; an unknown id is an error', async () => {
    await app.get(AlertsRepository).raise({ _id: 'cli-test-alert', severity: 'CRITICAL', kind: 'retrain_failed', day: '2026-01-02', message: 'three fine-tunes missed the bar' });
    const open = await cli('alerts', 'list');
    expect(open.out).toMatch(/cli-test-alert\s+CRITICAL\s+2026-01-02\s+no\s+three fine-tunes/);
    expect((await cli('alerts', 'ack', 'cli-test-alert')).out).toContain('acknowledged cli-test-alert');
    expect((await cli('alerts', 'list')).out).toContain('no open alerts');
    expect((await cli('alerts', 'list', '--all')).out).toMatch(/cli-test-alert\s+CRITICAL\s+2026-01-02\s+yes/);
    const unknown = await cli('alerts', 'ack', 'no-such-alert');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no alert no-such-alert');
  });

  it("prints a day's status as text and JSON; refuses bad days and ranges with a message naming them", async () => {
    const status = JSON.parse((await cli('status', '2026-01-05', '--json')).out) as { day: string; jobs: Record<string, string> };
    expect(status).toMatchObject({ day: '2026-01-05', jobs: { generate: 'absent', process: 'absent', evaluate: 'absent' } });
    expect((await cli('status', '2026-01-05')).out).toContain('jobs        generate absent, process absent, evaluate absent');

    const badDay = await cli('run-day', '2024-02-30');
    expect(badDay.code).toBe(1);
    expect(badDay.err).toContain("invalid for argument 'day'. not a calendar day (YYYY-MM-DD): 2024-02-30");
    const reversed = await cli('backfill', '2026-02-01', '2026-01-01');
    expect(reversed.code).toBe(1);
    expect(reversed.err).toContain('range ends before it starts: 2026-02-01 > 2026-01-01');
    // Nothing works the queue here: --wait follows the days with its progress bar, then says which did not settle.
    const waited = await cli('backfill', '2026-03-01', '2026-03-02', '--wait', '2');
    expect(waited.out).toContain('queued 2 day(s), 0 already queued or done, 2026-03-01 … 2026-03-02');
    expect(waited.err).toMatch(/backfill \[[░█ -]*\] 0\/2 days settled/);
    expect(waited.code).toBe(1);
    expect(waited.err).toContain('2 day(s) not settled within 2 s (first: 2026-03-01)');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    // simulate hands over to the simulator app: its help, and its refusal of an unknown calendar.
    const simulateHelp = await cli('simulate', 'ci-short', '--help');
    expect(simulateHelp.code).toBe(0);
    expect(simulateHelp.out).toContain('Run the five apps through a scenario calendar');
    const noCalendar = await cli('simulate', 'no-such-calendar');
    expect(noCalendar.code).toBe(1);
    expect(noCalendar.err).toContain('the simulator ended with exit code 1');
    const help = await cli('versions', 'restore', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('make a saved version champion again');
  });
});
