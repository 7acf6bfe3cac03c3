import { accessLogLevel } from './logging.module';

describe('access log levels', () => {
  it('keeps errors and operator calls visible at the default level, and hot-path successes at debug', () => {
    expect(accessLogLevel('/api/v1/predict', 200)).toBe('debug');
    expect(accessLogLevel('/api/v1/feedback', 201)).toBe('debug');
    expect(accessLogLevel('/api/v1/admin/reload', 200)).toBe('info');
    expect(accessLogLevel('/api/v1/predict', 400)).toBe('warn');
    expect(accessLogLevel('/api/v1/admin/reload', 401)).toBe('warn');
    expect(accessLogLevel('/api/v1/predict', 503)).toBe('error');
    expect(accessLogLevel('/api/v1/predict', 200, new Error('aborted'))).toBe('error');
  });
});
