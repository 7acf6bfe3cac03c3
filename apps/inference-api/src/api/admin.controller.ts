import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { BackfillDto, DAY_PATTERN_SOURCE, ErrorResponseDto, PruneDto, RetrainDto, RunDayDto, TagVersionDto } from '@loan/api-contracts';
import { isIsoDay, JOBS, jobIds, parseVersionNumber, VERSION_NUMBER_MESSAGE } from '@loan/contracts';
import { AlertsRepository, DaySummaryService, ModelAliasesRepository, ModelVersionsRepository, ProcessingMetadataRepository } from '@loan/data-access';
import { ChecksumMismatchError } from '@loan/ml';
import { DeploymentConflictError, DeploymentService, VersionNotFoundError } from '@loan/model-registry';
import { BackfillRangeError, DayRunnerService, JobsProducer } from '@loan/platform';
import { AdminApi } from './admin-api';
import { ServingModelsService } from '../serving/serving-models.service';

function day(value: string): string {
  if (!isIsoDay(value)) throw new BadRequestException(`date must be a calendar day YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** A version number from the path: a whole number 1 … 2^53−1, as the spec states it, else 400. */
function versionNumber(value: string): number {
  const n = parseVersionNumber(value);
  if (n === null) throw new BadRequestException(`${VERSION_NUMBER_MESSAGE}, got ${JSON.stringify(value)}`);
  return n;
}

const ERROR = { type: ErrorResponseDto };
/** The path's day, as the spec states it: day() refuses anything else with 400. */
const DateParam = () => ApiParam({ name: 'date', schema: { type: 'string', format: 'date', pattern: DAY_PATTERN_SOURCE }, example: '2024-01-07' });
const BadInput = () => ApiBadRequestResponse({ ...ERROR, description: 'a malformed day, body or parameter (every bad field named)' });
const Refused = (description: string) => ApiUnprocessableEntityResponse({ ...ERROR, description });

/** Operator actions (AdminApi: the rate limit, then the token); each states every status it answers. */
@AdminApi()
@Controller('admin')
export class AdminController {
  constructor(
    private readonly runner: DayRunnerService,
    private readonly producer: JobsProducer,
    private readonly summaries: DaySummaryService,
    private readonly metadata: ProcessingMetadataRepository,
    private readonly versions: ModelVersionsRepository,
    private readonly aliases: ModelAliasesRepository,
    private readonly alerts: AlertsRepository,
    private readonly deployments: DeploymentService,
    private readonly models: ServingModelsService,
  ) {}

  @Post('days/:date/run')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the daily loop for a day (generate → process → evaluate → train → deploy)' })
  @DateParam()
  @ApiBody({ type: RunDayDto, required: false })
  @ApiAcceptedResponse({ description: 'the day is queued (or already queued/done: created=false)' })
  @BadInput()
  runDay(@Param('date') date: string, @Body() body: RunDayDto) {
    return this.runner.runDay(day(date), 'admin', body.scenario);
  }

  @Post('backfill')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the loop for every day of a range (at most 366 days)' })
  @ApiAcceptedResponse({ description: 'every day of the range is queued' })
  @BadInput()
  @Refused('two well-formed days that make no range: from after to, or more than 366 days')
  async backfill(@Body() body: BackfillDto) {
    // Both days are valid here (the DTO); what remains is the range, which the spec cannot state: 422.
    try {
      return await this.runner.backfill(day(body.from), day(body.to), 'backfill');
    } catch (e) {
      if (e instanceof BackfillRangeError) throw new UnprocessableEntityException(e.message);
      throw e;
    }
  }

  @Post('retrain')
  @HttpCode(202)
  @ApiOperation({ summary: "Force a fine-tune on a processed day's evaluation part, from the champion or a given version" })
  @ApiAcceptedResponse({ description: 'the fine-tune job is queued' })
  @BadInput()
  @ApiNotFoundResponse({ ...ERROR, description: 'baseVersion does not exist' })
  @ApiConflictResponse({ ...ERROR, description: 'the day is not processed, or there is no champion to fine-tune from' })
  async retrain(@Body() body: RetrainDto) {
    const date = day(body.date);
    if (!(await this.metadata.findByDay(date))) throw new ConflictException(`day ${date} has not been processed`);
    const baseVersion = body.baseVersion ?? (await this.aliases.get('champion'))?.version;
    if (!baseVersion) throw new ConflictException('no champion to fine-tune from');
    if (!(await this.versions.findByVersion(baseVersion))) throw new NotFoundException(`model version ${baseVersion} does not exist`);
    const jobId = jobIds.train(date, 1, 'admin');
    const job = await this.producer.enqueue(JOBS.TRAIN_MODEL, { date, attempt: 1, reason: 'admin', baseVersion }, jobId);
    return { jobId, state: await job.getState(), baseVersion };
  }

  @Get('days/:date')
  @ApiOperation({ summary: 'Every stage of a day: jobs, quality, drift, evaluation, fine-tune attempts, deployment, alerts' })
  @DateParam()
  @ApiOkResponse({ description: 'the day (stages not reached yet are null or absent)' })
  @BadInput()
  async dayStatus(@Param('date') date: string) {
    const d = day(date);
    const [summary, jobs] = await Promise.all([this.summaries.summarise(d), this.runner.jobStates(d)]);
    return { ...summary, jobs };
  }

  @Get('versions')
  @ApiOperation({ summary: 'Registered model versions, newest first, with their aliases' })
  @ApiOkResponse({ description: 'at most 500 versions, without their weights' })
  async listVersions() {
    return this.deployments.listVersions(500);
  }

  @Post('versions/:version/promote')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a version champion (its checksum is verified first); serving reloads' })
  @ApiParam({ name: 'version', schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } })
  @ApiOkResponse({ description: 'the change and what this instance serves after reloading' })
  @BadInput()
  @ApiNotFoundResponse({ ...ERROR, description: 'no such version' })
  @ApiConflictResponse({ ...ERROR, description: 'the version cannot become champion now' })
  @Refused('the version fails its checksum')
  async promote(@Param('version') version: string) {
    const v = versionNumber(version);
    return this.afterChange(await this.guarded(() => this.deployments.promote(v)));
  }

  @Post('versions/:version/tag')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save a version under a tag (moved off any other version); tagged versions are never pruned' })
  @ApiParam({ name: 'version', schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } })
  @ApiOkResponse({ description: 'the version and its tag' })
  @BadInput()
  @ApiNotFoundResponse({ ...ERROR, description: 'no such version' })
  async tag(@Param('version') version: string, @Body() body: TagVersionDto) {
    return this.guarded(() => this.deployments.tag(body.tag, versionNumber(version)));
  }

  @Post('rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back to the previous champion; serving reloads' })
  @ApiOkResponse({ description: 'the change and what this instance serves after reloading' })
  @ApiNotFoundResponse({ ...ERROR, description: 'the previous champion was deleted' })
  @ApiConflictResponse({ ...ERROR, description: 'there is no previous champion' })
  @Refused('the previous champion fails its checksum')
  async rollback() {
    return this.afterChange(await this.guarded(() => this.deployments.rollback()));
  }

  @Post('prune')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete all but the newest N versions; champion, challenger and the previous champion stay' })
  @ApiBody({ type: PruneDto, required: false })
  @ApiOkResponse({ description: 'the versions kept and pruned' })
  @BadInput()
  prune(@Body() body: PruneDto) {
    return this.deployments.prune(body.keep);
  }

  @Post('reload')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reload the aliased models now; a version that fails its checksum is refused (422)' })
  @ApiOkResponse({ description: 'the versions serving after the reload' })
  @Refused('an aliased version was refused on load; the current models keep serving')
  async reload() {
    const result = await this.models.reload('admin');
    if (result.refused.length) throw new UnprocessableEntityException({ message: 'reload refused; the current models keep serving', ...result });
    return result;
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alerts, newest first (acknowledged=false for the open ones)' })
  @ApiQuery({ name: 'acknowledged', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiOkResponse({ description: 'the alerts' })
  @BadInput()
  listAlerts(@Query('acknowledged') acknowledged?: string) {
    if (acknowledged !== undefined && acknowledged !== 'true' && acknowledged !== 'false') {
      throw new BadRequestException('acknowledged must be true or false');
    }
    return this.alerts.list(acknowledged === undefined ? {} : { acknowledged: acknowledged === 'true' });
  }

  @Post('alerts/:id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert' })
  @ApiOkResponse({ description: 'the alert is acknowledged (also when it already was)' })
  @ApiNotFoundResponse({ ...ERROR, description: 'no such alert' })
  async ack(@Param('id') id: string) {
    if (!(await this.alerts.acknowledge(id))) throw new NotFoundException(`no alert ${id}`);
    return { id, acknowledged: true };
  }

  private async guarded<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (e) {
      if (e instanceof VersionNotFoundError) throw new NotFoundException(e.message);
      if (e instanceof DeploymentConflictError) throw new ConflictException(e.message);
      if (e instanceof ChecksumMismatchError) throw new UnprocessableEntityException(`refused: ${e.message}`);
      throw e;
    }
  }

  /** This instance reloads at once so the answer (and the next /model) shows the change; others follow the message. */
  private async afterChange<T extends object>(outcome: T) {
    const serving = await this.models.reload('admin change');
    return { ...outcome, serving };
  }
}
