import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { DashboardQueryDto, ErrorResponseDto } from '@loan/api-contracts';
import { todayUtc } from '@loan/contracts';
import { DashboardService, ProcessingMetadataRepository } from '@loan/data-access';
import { AdminApi } from './admin-api';
import { ReportNotFoundError, SimulationReportsService } from '../dashboard/simulation-reports.service';

const ERROR = { type: ErrorResponseDto };

/** The JSON the operator dashboard (/dashboard) draws; behind the same rate limit and token as the rest of admin. */
@AdminApi()
@Controller('admin/dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly reports: SimulationReportsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Per day: champion metrics against its bar and the trigger, drift per feature, data quality; versions, deployments, open alerts, shadow agreement' })
  @ApiOkResponse({ description: 'the overview of the days asked for' })
  @ApiBadRequestResponse({ ...ERROR, description: 'days outside 1…366 or a malformed day' })
  async overview(@Query() query: DashboardQueryDto) {
    const to = query.to ?? (await this.metadata.recentDays('9999-12-31', 1))[0] ?? todayUtc();
    return this.dashboard.overview(to, query.days ?? 90);
  }

  @Get('simulations')
  @ApiOperation({ summary: 'The simulation reports on disk (npm run simulate), by calendar name' })
  @ApiOkResponse({ description: 'name, description, day count and summary of each report' })
  simulations() {
    return this.reports.list();
  }

  @Get('simulations/:name')
  @ApiOperation({ summary: "One simulation report: its context, summary, every day's figures, and report.md" })
  @ApiOkResponse({ description: 'the report' })
  @ApiNotFoundResponse({ ...ERROR, description: 'no report of that name' })
  async simulation(@Param('name') name: string) {
    try {
      return await this.reports.get(name);
    } catch (e) {
      if (e instanceof ReportNotFoundError) throw new NotFoundException(e.message);
      throw e;
    }
  }
}
