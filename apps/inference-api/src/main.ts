import { getQueueToken } from '@nestjs/bullmq';
import { RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from '@loan/contracts';
import { AppConfig, bootstrapApp } from '@loan/platform';
import { mountDashboard } from './dashboard/dashboard-page';
import { mountBullBoard } from './http/bull-board';
import { MetricsService } from './http/metrics/metrics.service';
import { requestMetrics } from './http/metrics/request-metrics.middleware';
import { setupSwagger } from './http/swagger';
import { InferenceApiModule } from './inference-api.module';

void bootstrapApp(InferenceApiModule, {
  portEnv: 'PORT',
  defaultPort: 3000,
  configure: (nest) => {
    const app = nest as NestExpressApplication;
    const config = app.get(AppConfig);
    // First, so that every request is counted, those refused before any route included.
    app.use(requestMetrics(app.get(MetricsService)));
    // Health and metrics stay at the root where probes and Prometheus expect them.
    app.setGlobalPrefix('api/v1', {
      exclude: [
        { path: 'health', method: RequestMethod.GET },
        { path: 'metrics', method: RequestMethod.GET },
      ],
    });
    app.useBodyParser('json', { limit: config.BODY_LIMIT });
    setupSwagger(app);
    const queues = ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false }));
    mountBullBoard(app, { queues, token: config.ADMIN_TOKEN });
    mountDashboard(app);
  },
});
