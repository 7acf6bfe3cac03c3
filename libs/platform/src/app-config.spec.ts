import { ConfigValidationError, DEVELOPMENT_ADMIN_TOKEN, validateConfig } from './app-config';

describe('validateConfig', () => {
  it('fills defaults and converts numbers', () => {
    const c = validateConfig({ PORT: '4000', MISSING_RATE: '0.1' });
    expect(c.PORT).toBe(4000);
    expect(c.MISSING_RATE).toBe(0.1);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6390');
  });

  it('names every bad variable', () => {
    expect(() => validateConfig({ PORT: 'abc', REDIS_URL: 'http://x', MISSING_RATE: '2' })).toThrow(ConfigValidationError);
    try {
      validateConfig({ PORT: 'abc', REDIS_URL: 'http://x', MISSING_RATE: '2' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/REDIS_URL/);
      expect(msg).toMatch(/MISSING_RATE/);
    }
  });

  it('rejects an inverted row range and a short admin token', () => {
    expect(() => validateConfig({ DAILY_MIN_ROWS: '900', DAILY_MAX_ROWS: '800' })).toThrow(/DAILY_MIN_ROWS/);
    expect(() => validateConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN/);
  });

  it('keeps 90 days by default, 0 keeps everything, and refuses a horizon shorter than what fine-tuning reads', () => {
    expect(validateConfig({}).RETENTION_DAYS).toBe(90);
    expect(validateConfig({ RETENTION_DAYS: '0' }).RETENTION_DAYS).toBe(0);
    expect(validateConfig({ RETENTION_DAYS: '7' }).RETENTION_DAYS).toBe(7);
    expect(() => validateConfig({ RETENTION_DAYS: '5' })).toThrow(/RETENTION_DAYS=5 .*at least 7/);
    expect(() => validateConfig({ RETENTION_DAYS: '10', FINE_TUNE_WINDOW_DAYS: '14' })).toThrow(/at least 14/);
    expect(() => validateConfig({ RETENTION_DAYS: '-1' })).toThrow(/RETENTION_DAYS/);
  });

  it('never echoes a secret: a bad token by its length only, a URL without its credentials', () => {
    const message = (env: Record<string, unknown>) => {
      try {
        validateConfig(env);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected a configuration error');
    };
    const token = message({ ADMIN_TOKEN: 'hunter2-secret' });
    expect(token).toMatch(/ADMIN_TOKEN=<redacted, 14 characters>/);
    expect(token).not.toContain('hunter2');
    const uri = message({ MONGODB_URI: 'mongodb://app:s3cr3t-pw@db:27017' });
    expect(uri).toMatch(/MONGODB_URI/);
    expect(uri).not.toContain('s3cr3t-pw');
    expect(uri).toContain('mongodb://<redacted>@db:27017');
  });

  it('refuses a development or demo admin token in production mode, and takes it otherwise', () => {
    for (const t of [DEVELOPMENT_ADMIN_TOKEN, 'demo-admin-token-0123456789ab', 'change-me-to-a-long-random-string']) {
      expect(() => validateConfig({ NODE_ENV: 'production', ADMIN_TOKEN: t })).toThrow(/refused when NODE_ENV=production/);
      expect(validateConfig({ NODE_ENV: 'development', ADMIN_TOKEN: t }).ADMIN_TOKEN).toBe(t);
    }
    expect(validateConfig({ NODE_ENV: 'production', ADMIN_TOKEN: 'a3f9c1d2e4b5a6978877' }).ADMIN_TOKEN).toBe('a3f9c1d2e4b5a6978877');
  });
});
