// The API takes JSON bodies only (or none). Fastify's JSON parser (secure-json-parse: a `__proto__` or
// `constructor.prototype` key is refused, not merged) behind messages that say what was wrong; its plain-
// text parser is removed, so a text body is a 415 instead of reaching validation as a string.
import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type Done = (err: Error | null, body?: unknown) => void;

/** Why a JSON body was refused, in this API's words. */
export function jsonBodyError(body: Buffer): BadRequestException {
  try {
    JSON.parse(body.toString('utf8'));
  } catch {
    return new BadRequestException('request body is not valid JSON');
  }
  return new BadRequestException('request body has a __proto__ or constructor.prototype key, which is refused');
}

export function acceptJsonOnly(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // The adapter's limit (BODY_LIMIT, @loan/platform httpAdapter), as Nest's own parser would take it.
  const { bodyLimit } = fastify.initialConfig;
  fastify.removeContentTypeParser('text/plain');
  const parse = fastify.getDefaultJsonParser('error', 'error');
  // Through Nest, so that its init does not put its own JSON and form parsers back.
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    // An empty body is no body (as express's parser had it): the route's validation or guard answers it,
    // so a POST without a token is still a 401, not a 400 about its body.
    if (body.length === 0) return done(null, undefined);
    parse(request as never, body as never, ((err: Error | null, value?: unknown) => {
      if (err) return done(jsonBodyError(body), undefined);
      // Every route takes an object: a bare string, number, null or array would pass a DTO whose fields
      // are all optional (express's parser refused primitives too, in its strict mode).
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return done(new BadRequestException('request body must be a JSON object'), undefined);
      done(null, value);
    }) as Done);
  });
}
