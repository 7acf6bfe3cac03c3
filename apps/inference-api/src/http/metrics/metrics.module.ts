import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { RequestMetricsInterceptor } from './request-metrics.interceptor';

/** The instance's Prometheus registry, its /metrics endpoint and the per-request interceptor. */
@Module({
  providers: [MetricsService, RequestMetricsInterceptor],
  controllers: [MetricsController],
  exports: [MetricsService, RequestMetricsInterceptor],
})
export class MetricsModule {}
