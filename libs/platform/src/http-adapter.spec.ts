import { bodyLimitBytes, httpAdapter, REQUEST_TIMEOUT_MS } from './http-adapter';

describe('bodyLimitBytes', () => {
  it('reads BODY_LIMIT as AppConfig accepts it, in binary units as express read it', () => {
    expect(bodyLimitBytes('8mb')).toBe(8 * 1024 * 1024);
    expect(bodyLimitBytes('512kb')).toBe(512 * 1024);
  });

  it('refuses a limit it cannot read, naming the value', () => {
    expect(() => bodyLimitBytes('lots')).toThrow('BODY_LIMIT must look like 8mb or 512kb, got "lots"');
    expect(() => bodyLimitBytes('0kb')).toThrow('got "0kb"');
  });
});

describe('httpAdapter', () => {
  it('gives Fastify the limit in bytes and a time limit for receiving a request', async () => {
    const adapter = httpAdapter('1kb');
    expect(adapter.getInstance().initialConfig.bodyLimit).toBe(1024);
    // On Node's server itself, where it is enforced.
    expect(adapter.getInstance().server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThan(0);
    await adapter.close();
  });
});
