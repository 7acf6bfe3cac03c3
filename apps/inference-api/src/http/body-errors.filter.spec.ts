import { ArgumentsHost, BadRequestException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { BodyErrorsFilter, formatBytes } from './body-errors.filter';

/** Runs the filter against a fake express request/response and returns what it answered. */
function answer(exception: unknown, request: Record<string, unknown> = { method: 'POST', url: '/api/v1/predict' }) {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    headersSent: false,
    status: (code: number) => ((sent.status = code), { json: (body: unknown) => (sent.body = body) }),
    end: jest.fn(),
  };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  new BodyErrorsFilter().catch(exception, host);
  return sent;
}

/** The error body-parser (http-errors) raises; its fields matter, not its class. */
const bodyParserError = (fields: Record<string, unknown>) => Object.assign(new Error('raw parser message'), fields);

describe('BodyErrorsFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('maps entity.too.large to 413 naming the limit', () => {
    expect(answer(bodyParserError({ type: 'entity.too.large', status: 413, limit: 8 * 1024 * 1024, expose: true }))).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request body exceeds 8mb' },
    });
  });

  it('maps any 413 without a type to 413', () => {
    expect(answer(bodyParserError({ status: 413 })).status).toBe(413);
  });

  it('maps entity.parse.failed to 400', () => {
    expect(answer(bodyParserError({ type: 'entity.parse.failed', status: 400, expose: true }))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'request body is not valid JSON' },
    });
  });

  it("recognises Nest's rethrown JSON SyntaxError (no route matched) as a parse failure", () => {
    const rethrown = new BadRequestException(`Expected property name or '}' in JSON at position 1`);
    expect(answer(rethrown, { url: '/api/v1/predict' }).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'request body is not valid JSON' });
    // The same words from a controller (route matched) are that controller's message.
    expect(answer(rethrown, { url: '/api/v1/predict', route: { path: '/api/v1/predict' } }).body).toEqual(
      expect.objectContaining({ message: `Expected property name or '}' in JSON at position 1` }),
    );
  });

  it('keeps other body-parser client errors with their status', () => {
    expect(answer(bodyParserError({ type: 'charset.unsupported', status: 415, expose: true }))).toEqual({
      status: 415,
      body: { statusCode: 415, error: 'Unsupported Media Type', message: 'raw parser message' },
    });
  });

  it('passes HttpExceptions through with their own body', () => {
    expect(answer(new NotFoundException('no such prediction'), { route: {} })).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no such prediction' },
    });
    const custom = new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'invalid', errors: [{ field: 'records', kind: 'empty', message: 'm' }] });
    expect(answer(custom, { route: {} }).body).toEqual(expect.objectContaining({ errors: [{ field: 'records', kind: 'empty', message: 'm' }] }));
    expect(answer(new ServiceUnavailableException('no champion loaded')).status).toBe(503);
  });

  it('joins an array message into one string', () => {
    expect(answer(new BadRequestException(['a is wrong', 'b is wrong']), { route: {} }).body).toEqual(
      expect.objectContaining({ message: 'a is wrong; b is wrong' }),
    );
  });

  it('answers anything else with a bare 500 and logs it', () => {
    expect(answer(new Error('mongo password is hunter2'))).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' },
    });
    expect(answer('a thrown string').status).toBe(500);
    expect(answer(bodyParserError({ type: 'stream.encoding.set', status: 500, expose: false })).status).toBe(500);
    expect(logged).toHaveBeenCalledTimes(3);
  });
});

describe('formatBytes', () => {
  it('writes limits the way BODY_LIMIT is written', () => {
    expect(formatBytes(8 * 1024 * 1024)).toBe('8mb');
    expect(formatBytes(512 * 1024)).toBe('512kb');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});
