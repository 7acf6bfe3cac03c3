// GET /metrics for Prometheus (excluded from the api/v1 prefix in main.ts).
import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsService } from './metrics.service';

@ApiExcludeController() // an operational endpoint in Prometheus text format, not part of the API contract
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}
