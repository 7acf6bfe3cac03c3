// Prometheus metrics of one inference-api instance, on its own registry (tests and several Nest apps in
// one process never collide on the global one). Request and model metrics are pushed as they happen;
// the loop's own facts (retrains, champion changes, queue depths, shadow agreement) are read from their sources per scrape.
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type ModelAlias = 'champion' | 'challenger';

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

/** Where the scrape-time metrics come from; set once the data-access and queue providers exist. */
export interface MetricsSources {
  retrainEvents: () => Promise<number>;
  championChanges: () => Promise<number>;
  queueDepths: () => Promise<QueueDepth[]>;
  /** Agreement with the challenger over every compared prediction in MongoDB; null: none compared, or no challenger. */
  shadowAgreement: () => Promise<number | null>;
  /** Fine-tune attempts that failed their bar (training_events with success false). */
  failedRetrains: () => Promise<number>;
  /** Unacknowledged alerts per severity. */
  openAlerts: () => Promise<Record<string, number>>;
  /** The newest day's champion F1 and its bar; null before any evaluation. */
  latestEvaluation: () => Promise<{ day: string; f1: number; bar: number } | null>;
  /** When the current challenger became challenger; null: there is none. */
  challengerSince: () => Promise<Date | null>;
}

/** A source slower than this is skipped, so a stuck MongoDB or Redis cannot hang /metrics. */
export const SOURCE_TIMEOUT_MS = 2000;

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private sources?: MetricsSources;

  private readonly modelVersion: Gauge<'alias'>;
  private readonly modelF1: Gauge<'alias'>;
  private readonly requests: Counter<'route' | 'status'>;
  private readonly latency: Histogram<'route'>;
  private readonly records: Counter;
  private readonly shadowAgreement: Gauge;
  private readonly batchSize: Gauge;
  private readonly retrainEvents: Counter;
  private readonly championChanges: Counter;
  private readonly queueDepth: Gauge<'queue' | 'state'>;
  private readonly failedRetrains: Counter;
  private readonly openAlerts: Gauge<'severity'>;
  private readonly evaluationF1: Gauge;
  private readonly evaluationBar: Gauge;
  private readonly evaluationDay: Gauge;
  private readonly challengerWaiting: Gauge;
  private evaluationRead?: Promise<void>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.modelVersion = new Gauge({ name: 'model_version', help: 'Registry version served per alias', labelNames: ['alias'], registers });
    this.modelF1 = new Gauge({ name: 'model_f1_score', help: 'Validation F1 of the model served per alias', labelNames: ['alias'], registers });
    this.requests = new Counter({
      name: 'inference_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'inference_latency_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.records = new Counter({ name: 'inference_records_total', help: 'Records scored', registers });
    // Read from the predictions log at each scrape: every instance reports the rate over all instances' shadow scoring.
    this.shadowAgreement = new Gauge({
      name: 'shadow_agreement_rate',
      help: 'Share of shadow-scored records where challenger and champion agree (all instances, from MongoDB)',
      registers,
      collect: () => this.setShadowAgreement(),
    });
    this.shadowAgreement.set(Number.NaN); // nothing compared yet
    this.batchSize = new Gauge({ name: 'inference_batch_size_last', help: 'Records in the last model call (micro-batch)', registers });
    // Counters whose truth is a count in MongoDB: the value is replaced at each scrape, not accumulated here,
    // so every instance reports the same total and a restart does not reset it.
    this.retrainEvents = new Counter({
      name: 'retrain_events_total',
      help: 'Training events recorded (training_events documents)',
      registers,
      collect: () => this.setTotal(this.retrainEvents, 'retrainEvents'),
    });
    this.championChanges = new Counter({
      name: 'champion_changes_total',
      help: 'Champion alias changes recorded (deployment events)',
      registers,
      collect: () => this.setTotal(this.championChanges, 'championChanges'),
    });
    this.queueDepth = new Gauge({
      name: 'queue_depth',
      help: 'Jobs per BullMQ queue and state',
      labelNames: ['queue', 'state'],
      registers,
      collect: () => this.setQueueDepths(),
    });
    this.failedRetrains = new Counter({
      name: 'retrain_failures_total',
      help: 'Fine-tune attempts that missed their bar (training_events with success false)',
      registers,
      collect: () => this.setTotal(this.failedRetrains, 'failedRetrains'),
    });
    this.openAlerts = new Gauge({
      name: 'alerts_open',
      help: 'Unacknowledged alert documents per severity',
      labelNames: ['severity'],
      registers,
      collect: () => this.setOpenAlerts(),
    });
    // The three evaluation gauges share one read per scrape: prom-client collects metrics concurrently.
    const evaluation = () => (this.evaluationRead ??= this.setLatestEvaluation().finally(() => (this.evaluationRead = undefined)));
    this.evaluationF1 = new Gauge({
      name: 'champion_evaluation_f1',
      help: "The champion's F1 on the newest evaluated day's evaluation rows",
      registers,
      collect: evaluation,
    });
    this.evaluationBar = new Gauge({ name: 'champion_evaluation_f1_bar', help: 'The F1 bar that day was held to', registers, collect: evaluation });
    this.evaluationDay = new Gauge({
      name: 'champion_evaluation_day_timestamp_seconds',
      help: 'The newest evaluated day (00:00 UTC, Unix seconds)',
      registers,
      collect: evaluation,
    });
    this.challengerWaiting = new Gauge({
      name: 'challenger_waiting_seconds',
      help: 'How long the current challenger has waited for a decision (0 without a challenger)',
      registers,
      collect: () => this.setChallengerWaiting(),
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  setSources(sources: MetricsSources): void {
    this.sources = sources;
  }

  /** null version: nothing is served under the alias, so its series disappear instead of going stale. */
  setModel(alias: ModelAlias, version: number | null, f1: number | null): void {
    if (version === null) this.modelVersion.remove({ alias });
    else this.modelVersion.set({ alias }, version);
    if (version === null || f1 === null) this.modelF1.remove({ alias });
    else this.modelF1.set({ alias }, f1);
  }

  observeRequest(route: string, status: number, seconds: number): void {
    this.requests.inc({ route, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  /** Records scored by one request. */
  countRecords(n: number): void {
    if (n > 0) this.records.inc(n);
  }

  /** Size of the last micro-batch sent to the model. */
  setBatchSize(n: number): void {
    this.batchSize.set(n);
  }

  /** null (no challenger, or nothing compared yet) is exposed as NaN: 0 would read as total disagreement. */
  private async setShadowAgreement(): Promise<void> {
    const read = this.sources?.shadowAgreement;
    if (!read) return;
    const rate = await this.readSource('shadowAgreement', read, (v) => v === null || (Number.isFinite(v) && v >= 0 && v <= 1));
    if (rate !== undefined) this.shadowAgreement.set(rate ?? Number.NaN);
  }

  private async setTotal(counter: Counter, source: 'retrainEvents' | 'championChanges' | 'failedRetrains'): Promise<void> {
    const read = this.sources?.[source];
    if (!read) return;
    const total = await this.readSource(source, read, (v) => Number.isFinite(v) && v >= 0);
    if (total === undefined) return; // keep the last value: a drop to 0 would read as a counter reset
    counter.reset();
    counter.inc(total);
  }

  private async setOpenAlerts(): Promise<void> {
    const read = this.sources?.openAlerts;
    if (!read) return;
    const counts = await this.readSource('openAlerts', read, (v) => typeof v === 'object' && v !== null && Object.values(v).every((n) => Number.isFinite(n) && n >= 0));
    if (counts === undefined) return;
    for (const [severity, n] of Object.entries(counts)) this.openAlerts.set({ severity }, n);
  }

  private async setLatestEvaluation(): Promise<void> {
    const read = this.sources?.latestEvaluation;
    if (!read) return;
    const latest = await this.readSource('latestEvaluation', read, (v) => v === null || (Number.isFinite(v.f1) && Number.isFinite(v.bar)));
    if (latest === undefined) return;
    if (latest === null) {
      for (const g of [this.evaluationF1, this.evaluationBar, this.evaluationDay]) g.reset();
      return;
    }
    this.evaluationF1.set(latest.f1);
    this.evaluationBar.set(latest.bar);
    this.evaluationDay.set(Date.parse(`${latest.day}T00:00:00Z`) / 1000);
  }

  private async setChallengerWaiting(): Promise<void> {
    const read = this.sources?.challengerSince;
    if (!read) return;
    const since = await this.readSource('challengerSince', read, (v) => v === null || v instanceof Date);
    if (since === undefined) return;
    if (since === null) this.challengerWaiting.reset();
    else this.challengerWaiting.set(Math.max(0, (Date.now() - since.getTime()) / 1000));
  }

  private async setQueueDepths(): Promise<void> {
    const read = this.sources?.queueDepths;
    if (!read) return;
    const depths = await this.readSource('queueDepths', read, (v) => Array.isArray(v) && v.every((d) => Number.isFinite(d.count)));
    if (depths === undefined) return;
    this.queueDepth.reset(); // a queue or state no longer reported must not linger
    for (const d of depths) this.queueDepth.set({ queue: d.queue, state: d.state }, d.count);
  }

  /**
   * The source's value, or undefined (logged) when it fails, times out or returns something prom-client
   * would throw on: one bad source never fails the scrape.
   */
  private async readSource<T>(name: string, read: () => Promise<T>, valid: (value: T) => boolean): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${SOURCE_TIMEOUT_MS} ms`)), SOURCE_TIMEOUT_MS);
    });
    try {
      const value = await Promise.race([read(), timeout]);
      if (!valid(value)) throw new Error(`unusable value ${JSON.stringify(value)}`);
      return value;
    } catch (e) {
      this.logger.warn({ source: name, error: (e as Error).message }, 'metrics source failed; keeping its last value');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
