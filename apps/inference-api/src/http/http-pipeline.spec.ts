// The HTTP pieces wired as main.ts wires them, in process on an ephemeral port (no MongoDB, no Redis):
// what a client sees for bad bodies, admin auth, Bull Board, metrics and the docs.
import { Body, Controller, Get, INestApplication, MiddlewareConsumer, Module, NestModule, NotFoundException, Post, RequestMethod } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_FILTER } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { FeedbackRequestDto, PredictRequestDto, PredictResponseDto } from '@loan/api-contracts';
import { AppConfig } from '@loan/platform';
import { AdminAuthGuard, AdminGuards } from './admin-auth';
import { BodyErrorsFilter } from './body-errors.filter';
import { mountBullBoard } from './bull-board';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsService } from './metrics/metrics.service';
import { requestMetrics, UNROUTED } from './metrics/request-metrics.middleware';
import { setupSwagger } from './swagger';
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
  // As nestjs-pino's LoggerModule does in the app: a middleware on every route leaves its catch-all route
  // on requests no controller took.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => next()).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

describe('HTTP pipeline (in process)', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const uuid = '0b7e2a52-1a0e-4c5c-9d8b-3f5f4f7c2e11';

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PipelineModule] }).compile();
    const nest = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    nest.use(requestMetrics(nest.get(MetricsService)));
    nest.setGlobalPrefix('api/v1', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
    nest.useBodyParser('json', { limit: '1kb' });
    setupSwagger(nest);
    mountBullBoard(nest, { queues: [], token: TOKEN });
    app = await nest.init();
    http = request(app.getHttpServer());
  });

  afterAll(() => app?.close());

  it('answers a valid body', async () => {
    const res = await http.post('/api/v1/things').send({ predictionId: uuid, actualDefault: true });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ got: uuid });
  });

  it('answers a body that is not JSON with 400 and a clean message', async () => {
    const res = await http.post('/api/v1/things').set('Content-Type', 'application/json').send('{"predictionId": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'request body is not valid JSON' });
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
    expect(res.text).toMatch(/inference_requests_total\{route="\/api\/v1\/things",status="400"\} 1/);
    // Refused before any route (a body that is not JSON, one over the limit): counted, not lost.
    expect(res.text).toContain(`inference_requests_total{route="${UNROUTED}",status="413"} 1`);
    expect(res.text).toMatch(/inference_requests_total\{route="\(unrouted\)",status="400"\} [1-9]/);
  });
});
