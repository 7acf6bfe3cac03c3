// The daily loop as production runs it: each app its own process from dist/, talking only through
// BullMQ and MongoDB. The generator's cron fires every second here; the test watches the collections.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mongoose, { Connection } from 'mongoose';
import { todayUtc } from '@loan/contracts';
import { createTestEnv, RunningApp, startApp, waitFor, waitHealthy, WORKSPACE_ROOT } from '@loan/testing';

describe('daily loop end to end (separate processes)', () => {
  const env = createTestEnv('pipeline', {
    GENERATOR_CRON_ENABLED: 'true',
    GENERATOR_CRON: '* * * * * *',
    GENERATOR_PORT: '3201',
    PROCESSOR_PORT: '3202',
    EVALUATOR_TRAINER_PORT: '3203',
  });
  const apps: RunningApp[] = [];
  let db: Connection;

  beforeAll(async () => {
    // The two starting models, trained by the operator command (quick recipe), before the loop starts.
    await promisify(execFile)(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/ops-cli/main.js'), 'bootstrap', '--quick'], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env.vars },
    });
    apps.push(startApp('generator', env.vars), startApp('processor', env.vars), startApp('evaluator-trainer', env.vars));
    await Promise.all([waitHealthy(apps[0], 3201), waitHealthy(apps[1], 3202), waitHealthy(apps[2], 3203)]);
    db = await mongoose.createConnection(env.vars.MONGODB_URI).asPromise();
  }, 300_000);

  afterAll(async () => {
    const ends = await Promise.all(apps.map((a) => a.stop()));
    await db?.close();
    await env.cleanup();
    // Graceful shutdown: each app closes its workers and connections on SIGTERM (Nest then re-raises
    // the signal), well before the SIGKILL that would follow after 15 s.
    for (const end of ends) expect(end.code === 0 || end.signal === 'SIGTERM').toBe(true);
  });

  it('from the cron trigger to raw_data, processed_data, the quality report, the drift report and the evaluation', async () => {
    const day = todayUtc();
    const meta = await waitFor(
      () => db.collection('processing_metadata').findOne({ day }),
      90_000,
      `processing_metadata for ${day}`,
    );
    const batch = await db.collection('daily_batches').findOne({ day });
    expect(batch?.rows).toBeGreaterThanOrEqual(800);
    expect(await db.collection('raw_data').countDocuments({ day })).toBe(batch?.rows);
    expect(await db.collection('processed_data').countDocuments({ day })).toBe(meta.processedRows);
    expect(meta.processedRows + meta.quarantinedRows).toBe(batch?.rows);
    expect(meta.quality.rows).toBe(batch?.rows);
    const drift = await db.collection('drift_reports').findOne({ day });
    expect(drift?.features).toHaveLength(23);
    expect(await db.collection('distribution_models').countDocuments()).toBe(1);
    expect(await db.collection('preprocessing_versions').countDocuments()).toBe(1);

    // The champion (v2, fine-tuned at bootstrap) is scored on the day; a low score starts fine-tuning.
    const evaluation = await waitFor(() => db.collection('evaluation_events').findOne({ day }), 90_000, 'evaluation event');
    expect(evaluation.version).toBe(2);
    expect(evaluation.rows).toBe(meta.evaluationRows);
    expect(evaluation.metrics.f1).toBeGreaterThan(0);
    if (evaluation.decision === 'retrain') {
      const attempt = await waitFor(() => db.collection('training_events').findOne({ day, attempt: 1 }), 120_000, 'first fine-tune attempt');
      expect(attempt.baseVersion).toBe(2);
    } else {
      expect(evaluation.metrics.f1).toBeGreaterThanOrEqual(evaluation.f1Threshold);
    }

    // The cron keeps firing every second, but the day's job id holds it to one batch.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await db.collection('daily_batches').countDocuments({ day })).toBe(1);
    expect(await db.collection('raw_data').countDocuments({ day })).toBe(batch?.rows);
  });
});
