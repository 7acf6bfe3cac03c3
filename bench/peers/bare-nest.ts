// The peer of `npm run bench:serve`: a bare NestJS app on the same adapter (Fastify, built by the same
// @loan/platform httpAdapter), the same global prefix and body limit as the inference-api, whose POST
// /api/v1/predict parses the body and answers a constant prediction. What the framework costs, with
// nothing of ours on the path. ADAPTER=express runs the same app on express 5, the adapter the
// inference-api ran on until 2026-12-06 and the first peer.
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { httpAdapter } from '@loan/platform';

const ANSWER = { modelVersion: 1, threshold: 0.5, predictions: [{ id: '01900000-0000-7000-8000-000000000000', probability: 0.25, default: false }] };

@Controller()
class BarePredictController {
  @Post('predict')
  @HttpCode(200)
  predict(@Body() _body: unknown) {
    return ANSWER;
  }
}

@Module({ controllers: [BarePredictController] })
class BareModule {}

async function main(): Promise<void> {
  let app: INestApplication;
  if (process.env.ADAPTER === 'express') {
    const express = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error'] });
    express.useBodyParser('json', { limit: '8mb' });
    app = express;
  } else {
    app = await NestFactory.create(BareModule, httpAdapter('8mb'), { logger: ['error'] });
  }
  app.setGlobalPrefix('api/v1');
  await app.listen(Number(process.env.PORT ?? 3990), '0.0.0.0');
  console.log('bare nest listening');
}

void main();
