import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { BodyErrorsFilter, formatBytes } from './body-errors.filter';

/** Runs the filter against a fake Fastify request/reply and returns what it answered. */
function answer(exception: unknown, request: Record<string, unknown> = { method: 'POST', url: '/api/v1/predict', routeOptions: { url: '/api/v1/predict' } }) {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    sent: false,
    raw: { headersSent: false, end: jest.fn() },
    status: (code: number) => ((sent.status = code), { send: (body?: unknown) => (sent.body = body) }),
  };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  new BodyErrorsFilter().catch(exception, host);
  return sent;
}

/** What Nest makes of an error Fastify raises (FastifyError): a plain HttpException with Fastify's message. */
const fastifyError = (message: string, status: number) => new HttpException(message, status);

describe('BodyErrorsFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("rewords Fastify's 413 to name the route's limit", () => {
    const request = { method: 'POST', url: '/api/v1/predict', routeOptions: { url: '/api/v1/predict', bodyLimit: 8 * 1024 * 1024 } };
    expect(answer(fastifyError('Request body is too large', 413), request)).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'request body exceeds 8mb' },
    });
    expect(answer(fastifyError('Request body is too large', 413), { url: '/x' }).body).toEqual(expect.objectContaining({ message: 'request body is too large' }));
  });

  it("rewords Fastify's 415 to name the content-type sent and the one taken", () => {
    const request = { method: 'POST', url: '/api/v1/predict', headers: { 'content-type': 'text/csv; charset=utf-8' } };
    expect(answer(fastifyError('Unsupported Media Type', 415), request).body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'content-type text/csv is not accepted: send application/json',
    });
  });

  it("keeps a controller's own exceptions as they are, even with a status Fastify also uses", () => {
    // A subclass is the app's own (PayloadTooLargeException, BadRequestException…), never reworded.
    const own = new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'invalid', errors: [{ field: 'records', kind: 'empty', message: 'm' }] });
    expect(answer(own).body).toEqual(expect.objectContaining({ message: 'invalid', errors: [{ field: 'records', kind: 'empty', message: 'm' }] }));
    expect(answer(new NotFoundException('no such prediction'))).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no such prediction' },
    });
    expect(answer(new ServiceUnavailableException('no champion loaded')).status).toBe(503);
  });

  it('joins an array message into one string', () => {
    expect(answer(new BadRequestException(['a is wrong', 'b is wrong'])).body).toEqual(expect.objectContaining({ message: 'a is wrong; b is wrong' }));
  });

  it('answers anything else with a bare 500 and logs it', () => {
    expect(answer(new Error('mongo password is hunter2'))).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' },
    });
    expect(answer('a thrown string').status).toBe(500);
    expect(logged).toHaveBeenCalledTimes(2);
  });
});

describe('formatBytes', () => {
  it('writes limits the way BODY_LIMIT is written', () => {
    expect(formatBytes(8 * 1024 * 1024)).toBe('8mb');
    expect(formatBytes(512 * 1024)).toBe('512kb');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});
