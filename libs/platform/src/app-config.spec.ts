import { ConfigValidationError, validateConfig } from './app-config';

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
});
