// The admin rate limit as two inference-api instances see it: one count per client in the real Redis.
import { validateConfig } from '@loan/platform';
import { createTestEnv } from '@loan/testing';
import { throttlerStorage } from './throttler-options';

describe('admin rate limit shared through Redis', () => {
  const env = createTestEnv('throttle');
  const config = validateConfig({ ...env.vars, ADMIN_RATE_LIMIT: '3' });
  const a = throttlerStorage(config);
  const b = throttlerStorage(config);
  const other = throttlerStorage(validateConfig({ ...env.vars, QUEUE_PREFIX: `${env.prefix}-other` }));

  afterAll(async () => {
    for (const s of [a, b, other]) s.onModuleDestroy();
    await env.cleanup();
  });

  it('counts a client\'s calls across instances and blocks on either once the limit is passed', async () => {
    const hit = (s: typeof a) => s.increment('client-1', 60_000, config.ADMIN_RATE_LIMIT, 60_000, 'default');
    expect((await hit(a)).totalHits).toBe(1);
    expect((await hit(b)).totalHits).toBe(2);
    expect((await hit(a)).isBlocked).toBe(false);
    const fourth = await hit(b);
    expect(fourth).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(fourth.timeToBlockExpire).toBeGreaterThan(0);
    // Another stack on the same Redis (another prefix) counts apart.
    expect((await other.increment('client-1', 60_000, 3, 60_000, 'default')).totalHits).toBe(1);
  });
});
