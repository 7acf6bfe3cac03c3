// The HTTP surface wired as main.ts wires it (configureHttp, on Fastify), in process (no MongoDB, no Redis):
// what a client sees for bad bodies, admin auth, Bull Board, metrics and the docs.
import { Body, Controller, Get, INestApplication, MiddlewareConsumer, Module, NestModule, NotFoundException, Post, RequestMethod } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_FILTER } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { FeedbackRequestDto, PredictRequestDto, PredictResponseDto } from '@loan/api-contracts';
import { AppConfig, httpAdapter } from '@loan/platform';
import { AdminAuthGuard, AdminGuards } from './admin-auth';
import { BodyErrorsFilter } from './body-errors.filter';
import { configureHttp } from './http-setup';
import { MetricsModule } from './metrics/metrics.module';
import { UNROUTED } from './metrics/request-metrics.hook';
import { ValidatedInput } from './validated-input';

const TOKEN = 'pipeline-spec-admin-token';
/** Admin calls a client may make a minute (ADMIN_RATE_LIMIT). */
const ADMIN_LIMIT = 4;

@ValidatedInput()
@Controller('things')
class ThingsController {
  @Post()
  create(@Body() body: FeedbackRequestDto) {
    return { got: body.predictionId };
  }

  @Post('predict')
  @ApiBody({ type: PredictRequestDto })
  @ApiOkResponse({ type: PredictResponseDto })
  predict(): PredictResponseDto {
    return { modelVersion: 1, threshold: 0.5, predictions: [] };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail');
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('no such thing');
  }

  @AdminGuards()
  @Get('admin')
  admin() {
    return { ok: true };
  }
}

@Module({
  imports: [MetricsModule, ThrottlerModule.forRoot([{ ttl: 60_000, limit: ADMIN_LIMIT }])],
  controllers: [ThingsController],
  providers: [
    { provide: AppConfig, useValue: Object.assign(new AppConfig(), { ADMIN_TOKEN: TOKEN }) },
    AdminAuthGuard,
    { provide: APP_FILTER, useClass: BodyErrorsFilter },
  ],
})
class PipelineModule implements NestModule {
  // As nestjs-pino's LoggerModule does in the app: a middleware on every route (through @fastify/middie).
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => next()).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

describe('HTTP pipeline (in process)', () => {
  let app: INestApplication;
  let nest: NestFastifyApplication;
  let http: ReturnType<typeof request>;
  const uuid = '0b7e2a52-1a0e-4c5c-9d8b-3f5f4f7c2e11';

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PipelineModule] }).compile();
    nest = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter('1kb'), { logger: false });
    await configureHttp(nest, { queues: [], token: TOKEN, dashboard: false });
    app = await nest.init();
    await nest.getHttpAdapter().getInstance().ready();
    http = request(app.getHttpServer());
  });

  afterAll(() => app?.close());

  it('answers a valid body, with or without a trailing slash (as express routed)', async () => {
    for (const path of ['/api/v1/things', '/api/v1/things/']) {
      const res = await http.post(path).send({ predictionId: uuid, actualDefault: true });
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 201, body: { got: uuid } });
    }
  });

  it('answers a body that is not JSON with 400 and a clean message', async () => {
    const res = await http.post('/api/v1/things').set('Content-Type', 'application/json').send('{"predictionId": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'request body is not valid JSON' });
  });

  it('takes an empty JSON body as none, and refuses a forbidden key with a 400 naming it', async () => {
    // No body: the route's validation names what is missing (and a guard would answer first).
    const empty = await http.post('/api/v1/things').set('Content-Type', 'application/json').send('');
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'predictionId' })]));
    const poisoned = await http.post('/api/v1/things').set('Content-Type', 'application/json').send('{"__proto__": {"admin": true}}');
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.message).toBe('request body has a __proto__ or constructor.prototype key, which is refused');
    for (const body of ['"a string"', '1', 'null', '[]']) {
      const res = await http.post('/api/v1/things').set('Content-Type', 'application/json').send(body);
      expect({ body, status: res.status, message: res.body.message }).toEqual({ body, status: 400, message: 'request body must be a JSON object' });
    }
  });

  it('answers a body of another media type with 415 naming it, not with a validation error', async () => {
    const text = await http.post('/api/v1/things').set('Content-Type', 'text/plain').send('predictionId=1');
    expect(text.status).toBe(415);
    expect(text.body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: 'content-type text/plain is not accepted: send application/json' });
    const form = await http.post('/api/v1/things').type('form').send({ predictionId: uuid });
    expect(form.status).toBe(415);
    expect(form.body.message).toBe('content-type application/x-www-form-urlencoded is not accepted: send application/json');
  });

  it('answers an oversized body with 413 naming the limit', async () => {
    const res = await http.post('/api/v1/things').send({ predictionId: 'x'.repeat(2000), actualDefault: true });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'request body exceeds 1kb' });
  });

  it('lists every invalid field with the validation factory', async () => {
    const res = await http.post('/api/v1/things').send({ predictionId: 'nope', actualDefault: 'yes', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('request body has 3 invalid fields');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'predictionId', kind: 'isUuid' }),
        expect.objectContaining({ field: 'actualDefault', kind: 'isBoolean' }),
        expect.objectContaining({ field: 'extra', kind: 'unknown_field' }),
      ]),
    );
  });

  it('answers another method on a known path with 405 and Allow, an unknown path with 404', async () => {
    // POST /things/predict is the only route on that path; GET /things/boom the only one on its own.
    expect((await http.delete('/api/v1/things/predict/')).headers['allow']).toBe('POST, OPTIONS');
    const deleted = await http.delete('/api/v1/things/predict');
    expect(deleted.status).toBe(405);
    expect(deleted.headers['allow']).toBe('POST, OPTIONS');
    expect(deleted.body).toEqual({ statusCode: 405, error: 'Method Not Allowed', message: 'DELETE is not allowed on /api/v1/things/predict; allowed: POST' });
    const ownNotFound = await http.get('/api/v1/things/missing');
    expect(ownNotFound.status).toBe(404);
    expect(ownNotFound.body.message).toBe('no such thing');
    for (const method of ['trace', 'patch'] as const) {
      const other = await http[method]('/api/v1/things/predict?x=1');
      expect({ method, status: other.status, allow: other.headers['allow'] }).toEqual({ method, status: 405, allow: 'POST, OPTIONS' });
    }
    const put = await http.put('/api/v1/things/boom?x=1');
    expect(put.status).toBe(405);
    expect(put.headers['allow']).toBe('GET, HEAD, OPTIONS');
    // QUERY (RFC 10008), which Fastify would refuse with 400 for a missing body once it reads one.
    const query = await nest.getHttpAdapter().getInstance().inject({ method: 'QUERY' as never, url: '/api/v1/things/predict' });
    expect({ status: query.statusCode, allow: query.headers['allow'] }).toEqual({ status: 405, allow: 'POST, OPTIONS' });
    const options = await http.options('/api/v1/things');
    expect(options.status).toBe(204);
    expect(options.headers['allow']).toBe('POST, OPTIONS');
    for (const res of [await http.delete('/api/v1/nothing-here'), await http.get('/api/v1/things/predict/extra')]) {
      expect(res.status).toBe(404);
      expect(res.headers['allow']).toBeUndefined();
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 404, error: 'Not Found' }));
    }
  });

  it('hides an unexpected error behind a 500', async () => {
    const res = await http.get('/api/v1/things/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  });

  it('guards admin routes with the bearer token', async () => {
    const denied = await http.get('/api/v1/things/admin');
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Bearer realm="admin"');
    expect(denied.body.message).toContain('Authorization: Bearer');
    await http.get('/api/v1/things/admin').set('Authorization', `Bearer ${TOKEN}`).expect(200, { ok: true });
  });

  it('throttles wrong-token attempts too: the rate limit runs before the token check', async () => {
    // The test above spent two of this minute's calls; wrong tokens use up the rest, then 429.
    const statuses: number[] = [];
    for (let i = 0; i < ADMIN_LIMIT; i++) {
      statuses.push((await http.get('/api/v1/things/admin').set('Authorization', `Bearer wrong-token-${i}`)).status);
    }
    expect(statuses.slice(0, ADMIN_LIMIT - 2)).toEqual(Array(ADMIN_LIMIT - 2).fill(401));
    expect(statuses.slice(ADMIN_LIMIT - 2)).toEqual([429, 429]);
    // Throttled, the right token waits too: guessing cannot go on at full speed.
    expect((await http.get('/api/v1/things/admin').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(429);
  });

  it('puts Bull Board behind the token, outside api/v1, and lets a browser in with Basic', async () => {
    const denied = await http.get('/admin/queues');
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'Unauthorized' }));
    expect(String(denied.headers['www-authenticate'])).toContain('Bearer realm="admin"');
    const page = await http.get('/admin/queues').set('Authorization', `Bearer ${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const basic = Buffer.from(`ops:${TOKEN}`).toString('base64');
    await http.get('/admin/queues').set('Authorization', `Basic ${basic}`).expect(200);
  });

  it('serves Swagger UI at /docs and the OpenAPI JSON at /docs-json', async () => {
    await http.get('/docs').expect(200);
    const doc = await http.get('/docs-json').expect(200);
    expect(doc.body.info.title).toBe('Loan default inference API');
    expect(doc.body.components.securitySchemes.admin).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.body.components.schemas).toHaveProperty('ErrorResponseDto');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/things');
    const record = doc.body.components.schemas.PredictRecordDto;
    expect(Object.keys(record.properties)).toHaveLength(23);
    expect(record.required ?? []).toEqual([]);
    expect(record.properties.SEX).toEqual(expect.objectContaining({ type: 'integer', nullable: true, enum: [1, 2, null] }));
    // Unknown fields are refused (forbidNonWhitelisted, the predict parser): the spec says so.
    expect(record.additionalProperties).toBe(false);
    expect(doc.body.components.schemas.PredictRequestDto.additionalProperties).toBe(false);
    expect(doc.body.components.schemas.FeedbackRequestDto.additionalProperties).toBe(false);
    // Response shapes are not closed: a client must tolerate new fields.
    expect(doc.body.components.schemas.PredictResponseDto.additionalProperties).toBeUndefined();
    expect(doc.body.components.schemas.PredictResponseDto.properties.predictions.items).toEqual({ $ref: '#/components/schemas/PredictionDto' });
  });

  it('counts requests by route pattern and status on /metrics', async () => {
    const res = await http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/inference_requests_total\{route="\/api\/v1\/things",status="201"\} \d+/);
    expect(res.text).toMatch(/inference_requests_total\{route="\/api\/v1\/things\/boom",status="500"\} 1/);
    // 400s: not JSON, empty (validation), a forbidden key, four JSON values that are not objects, invalid fields.
    expect(res.text).toMatch(/inference_requests_total\{route="\/api\/v1\/things",status="400"\} 8/);
    // Refused bodies (not JSON, over the limit) count under the route they were sent to; requests no
    // route took (unknown paths, other methods) under one label: counted, never lost, never a label per URL.
    expect(res.text).toContain('inference_requests_total{route="/api/v1/things",status="413"} 1');
    expect(res.text).toMatch(/inference_requests_total\{route="\/api\/v1\/things",status="415"\} 2/);
    expect(res.text).toContain(`inference_requests_total{route="${UNROUTED}",status="404"}`);
    expect(res.text).toContain(`inference_requests_total{route="${UNROUTED}",status="405"}`);
    expect(res.text).not.toContain('nothing-here');
  });
});
