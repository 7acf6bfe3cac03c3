import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from '@loan/contracts';
import { AppConfig, bootstrapApp } from '@loan/platform';
import { configureHttp } from './http/http-setup';
import { InferenceApiModule } from './inference-api.module';

void bootstrapApp(InferenceApiModule, {
  portEnv: 'PORT',
  defaultPort: 3000,
  configure: (app) => {
    const config = app.get(AppConfig);
    const queues = ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false }));
    return configureHttp(app, { queues, token: config.ADMIN_TOKEN });
  },
});
