// GET /metrics for Prometheus (excluded from the api/v1 prefix in main.ts).
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsService } from './metrics.service';

interface TextResponse {
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

@ApiExcludeController() // an operational endpoint in Prometheus text format, not part of the API contract
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res() res: TextResponse): Promise<void> {
    const body = await this.metrics.metrics();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.send(body);
  }
}
