// The daily loop as production runs it: each app its own process from dist/, talking only through
// BullMQ and MongoDB. The generator's cron fires every second here; the test watches the collections.
import mongoose, { Connection } from 'mongoose';
import { todayUtc } from '@loan/contracts';
import { createTestEnv, RunningApp, startApp, waitFor, waitHealthy } from '@loan/testing';

describe('daily loop end to end (separate processes)', () => {
  const env = createTestEnv('pipeline', {
    GENERATOR_CRON_ENABLED: 'true',
    GENERATOR_CRON: '* * * * * *',
    GENERATOR_PORT: '3201',
    PROCESSOR_PORT: '3202',
  });
  const apps: RunningApp[] = [];
  let db: Connection;

  beforeAll(async () => {
    apps.push(startApp('generator', env.vars), startApp('processor', env.vars));
    await Promise.all([waitHealthy(apps[0], 3201), waitHealthy(apps[1], 3202)]);
    db = await mongoose.createConnection(env.vars.MONGODB_URI).asPromise();
  });

  afterAll(async () => {
    const ends = await Promise.all(apps.map((a) => a.stop()));
    await db?.close();
    await env.cleanup();
    // Graceful shutdown: each app closes its workers and connections on SIGTERM (Nest then re-raises
    // the signal), well before the SIGKILL that would follow after 15 s.
    for (const end of ends) expect(end.code === 0 || end.signal === 'SIGTERM').toBe(true);
  });

  it('from the cron trigger to raw_data, processed_data, the quality report and the drift report', async () => {
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

    // The cron keeps firing every second, but the day's job id holds it to one batch.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await db.collection('daily_batches').countDocuments({ day })).toBe(1);
    expect(await db.collection('raw_data').countDocuments({ day })).toBe(batch?.rows);
  });
});
