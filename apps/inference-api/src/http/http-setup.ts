// The inference-api's HTTP surface on Fastify, in one place for main.ts and the in-process pipeline spec:
// what a client sees for bad bodies, unknown methods, admin auth, Bull Board, metrics and the docs.
import { RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { mountDashboard } from '../dashboard/dashboard-page';
import { mountBullBoard } from './bull-board';
import { acceptJsonOnly } from './json-body';
import { MetricsService } from './metrics/metrics.service';
import { requestMetrics } from './metrics/request-metrics.hook';
import { RouteMethods } from './route-methods';
import { setupSwagger } from './swagger';

export interface HttpSurfaceOptions {
  /** The queues Bull Board shows. */
  queues: Queue[];
  /** ADMIN_TOKEN (Bull Board's guard). */
  token: string | undefined;
  /** The static dashboard (the pipeline spec leaves it out). */
  dashboard?: boolean;
}

export async function configureHttp(app: NestFastifyApplication, options: HttpSurfaceOptions): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // First, so that every route registered from here on is known to the 405 answer.
  fastify.addHook('onRequest', new RouteMethods().track(fastify).otherMethodHook());
  // Every request is counted, those no route took included.
  fastify.addHook('onResponse', requestMetrics(app.get(MetricsService)));
  // Health and metrics stay at the root where probes and Prometheus expect them.
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  acceptJsonOnly(app);
  setupSwagger(app);
  await mountBullBoard(app, { queues: options.queues, token: options.token });
  if (options.dashboard ?? true) mountDashboard(app);
}
