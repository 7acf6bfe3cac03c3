// The chaos run is only as good as its checks: on a state that breaks them, each invariant must say so,
// by name and in figures. Real Redis and FerretDB (createTestEnv: own database and queue prefix).
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JOBS, jobIds } from '@loan/contracts';
import { AlertsRepository } from '@loan/data-access';
import { JobsProducer } from '@loan/platform';
import { createTestEnv } from '@loan/testing';
import { ChaosModule } from './chaos.module';
import { InvariantChecker, InvariantResult } from './invariants';

const DAY = '2027-05-01';

describe('InvariantChecker on a broken state', () => {
  const env = createTestEnv('invariants', { LOG_LEVEL: 'error' });
  let app: INestApplicationContext;
  let results: InvariantResult[];
  const result = (prefix: string) => results.find((r) => r.name.startsWith(prefix)) as InvariantResult;

  beforeAll(async () => {
    await env.cleanup();
    env.apply();
    app = await NestFactory.createApplicationContext(ChaosModule, { logger: ['error'] });
    // A day asked for but never run (its generate job waits: no worker here), one cause alerted twice
    // under two ids, and a model serving refused.
    await app.get(JobsProducer).enqueue(JOBS.GENERATE_DAY, { date: DAY, trigger: 'admin' }, jobIds.generate(DAY));
    const alerts = app.get(AlertsRepository);
    for (const id of ['a1', 'a2']) await alerts.raise({ _id: id, severity: 'CRITICAL', kind: 'retrain-failed', day: DAY, message: 'x', details: { reason: 'f1_below_threshold' } });
    await alerts.raise({ _id: 'refused', severity: 'CRITICAL', kind: 'model_refused', message: 'v3: checksum mismatch', details: { version: 3 } });
    results = await app.get(InvariantChecker).check([DAY]);
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('names the day that has no batch, no processed rows and an unfinished job', () => {
    const r = result('every day completed exactly once');
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual(expect.arrayContaining([`${DAY}: 0 raw batches`, `${DAY}: no processed batch`]));
    expect(result('one evaluation per champion version').violations).toEqual([`${DAY}: no evaluation`]);
  });

  it('finds the job left waiting, the missing champion and the alerts that leaked', () => {
    const queues = result('no job lost or stuck');
    expect(queues.ok).toBe(false);
    expect(queues.violations.join('; ')).toMatch(/generate-day:waiting/);
    expect(result('aliases point at existing versions').violations).toEqual(['no champion']);
    const alerts = result('each alert raised once');
    expect(alerts.violations).toEqual(expect.arrayContaining(['serving refused a model: v3: checksum mismatch', `2 alerts for retrain-failed:${DAY}:f1_below_threshold:`]));
  });

  it('passes what holds: no versions means no duplicate, no orphan, no ladder broken', () => {
    expect(result('no duplicate or orphan model version')).toEqual(expect.objectContaining({ ok: true, checked: '0 versions' }));
    expect(result('fine-tune attempts within policy')).toEqual(expect.objectContaining({ ok: true, checked: '0 ladders' }));
  });
});
