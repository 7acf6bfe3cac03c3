import { Logger } from '@nestjs/common';
import { MetricsService, MetricsSources } from './metrics.service';

const sources = (overrides: Partial<MetricsSources> = {}): MetricsSources => ({
  retrainEvents: async () => 7,
  championChanges: async () => 2,
  queueDepths: async () => [
    { queue: 'train', state: 'waiting', count: 3 },
    { queue: 'deploy', state: 'failed', count: 1 },
  ],
  shadowAgreement: async () => 0.97,
  failedRetrains: async () => 4,
  openAlerts: async () => ({ INFO: 0, WARNING: 1, CRITICAL: 2 }),
  latestEvaluation: async () => ({ day: '2026-01-02', f1: 0.41, bar: 0.48 }),
  challengerSince: async () => new Date(Date.now() - 3600_000),
  ...overrides,
});

describe('MetricsService', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  it('exposes every metric, in Prometheus text format, with default process metrics', async () => {
    const metrics = new MetricsService();
    metrics.setSources(sources());
    const text = await metrics.metrics();
    for (const name of [
      'model_version',
      'model_f1_score',
      'inference_requests_total',
      'inference_latency_seconds',
      'inference_records_total',
      'shadow_agreement_rate',
      'inference_batch_size_last',
      'retrain_events_total',
      'champion_changes_total',
      'queue_depth',
      'process_cpu_user_seconds_total',
    ]) {
      expect(text).toContain(`# HELP ${name} `);
    }
    expect(text).toContain('# TYPE retrain_events_total counter');
    expect(text).toContain('# TYPE champion_changes_total counter');
    expect(metrics.contentType).toContain('text/plain');
  });

  it('reflects setModel, and drops an alias once nothing is served under it', async () => {
    const metrics = new MetricsService();
    metrics.setModel('champion', 4, 0.53);
    metrics.setModel('challenger', 5, null);
    let text = await metrics.metrics();
    expect(text).toContain('model_version{alias="champion"} 4');
    expect(text).toContain('model_f1_score{alias="champion"} 0.53');
    expect(text).toContain('model_version{alias="challenger"} 5');
    expect(text).not.toContain('model_f1_score{alias="challenger"}');
    metrics.setModel('challenger', null, null);
    text = await metrics.metrics();
    expect(text).not.toContain('alias="challenger"');
    expect(text).toContain('model_version{alias="champion"} 4');
  });

  it('counts requests and observes their latency per route', async () => {
    const metrics = new MetricsService();
    metrics.observeRequest('/api/v1/predict', 200, 0.004);
    metrics.observeRequest('/api/v1/predict', 200, 0.02);
    metrics.observeRequest('/api/v1/predict', 400, 0.001);
    const text = await metrics.metrics();
    expect(text).toContain('inference_requests_total{route="/api/v1/predict",status="200"} 2');
    expect(text).toContain('inference_requests_total{route="/api/v1/predict",status="400"} 1');
    expect(text).toContain('inference_latency_seconds_bucket{le="0.005",route="/api/v1/predict"} 2');
    expect(text).toContain('inference_latency_seconds_bucket{le="2.5",route="/api/v1/predict"} 3');
    expect(text).toContain('inference_latency_seconds_count{route="/api/v1/predict"} 3');
  });

  it('counts records, keeps the last batch size, and reads the shadow agreement from its source at each scrape', async () => {
    const metrics = new MetricsService();
    metrics.countRecords(10);
    metrics.countRecords(5);
    metrics.setBatchSize(64);
    let agreement: number | null = 0.97;
    metrics.setSources(sources({ shadowAgreement: async () => agreement }));
    const text = await metrics.metrics();
    expect(text).toContain('inference_records_total 15');
    expect(text).toContain('inference_batch_size_last 64');
    expect(text).toContain('shadow_agreement_rate 0.97');
    agreement = null;
    expect(await metrics.metrics()).toMatch(/^shadow_agreement_rate nan$/im); // prom-client writes Nan; Prometheus parses any case
  });

  it('reads the scrape-time totals and queue depths from their sources on every scrape', async () => {
    const metrics = new MetricsService();
    let retrains = 7;
    metrics.setSources(sources({ retrainEvents: async () => retrains }));
    let text = await metrics.metrics();
    expect(text).toContain('retrain_events_total 7');
    expect(text).toContain('champion_changes_total 2');
    expect(text).toContain('queue_depth{queue="train",state="waiting"} 3');
    expect(text).toContain('queue_depth{queue="deploy",state="failed"} 1');
    retrains = 9;
    text = await metrics.metrics();
    expect(text).toContain('retrain_events_total 9'); // replaced, not added to
  });

  it('survives a failing, throwing or nonsensical source and keeps its last value', async () => {
    const metrics = new MetricsService();
    let fail = false;
    metrics.setSources(
      sources({
        retrainEvents: async () => {
          if (fail) throw new Error('mongo down');
          return 7;
        },
        championChanges: () => {
          if (fail) throw new Error('thrown synchronously');
          return Promise.resolve(2);
        },
        queueDepths: async () => (fail ? [{ queue: 'train', state: 'waiting', count: Number.NaN }] : [{ queue: 'train', state: 'waiting', count: 3 }]),
      }),
    );
    await metrics.metrics();
    fail = true;
    metrics.observeRequest('/api/v1/predict', 200, 0.01);
    const text = await metrics.metrics();
    expect(text).toContain('retrain_events_total 7');
    expect(text).toContain('champion_changes_total 2');
    expect(text).toContain('queue_depth{queue="train",state="waiting"} 3');
    expect(text).toContain('inference_requests_total{route="/api/v1/predict",status="200"} 1');
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('gives up on a source that hangs, without hanging the scrape', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const metrics = new MetricsService();
      metrics.setSources(sources({ queueDepths: () => new Promise(() => undefined) }));
      const scrape = metrics.metrics();
      await jest.advanceTimersByTimeAsync(2500);
      const text = await scrape;
      expect(text).toContain('retrain_events_total 7');
      expect(text).not.toContain('queue_depth{');
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ source: 'queueDepths' }), expect.any(String));
    } finally {
      jest.useRealTimers();
    }
  });

  it('exports what the alert rules read: open alerts per severity, failed retrains, the newest day against its bar, the challenger wait', async () => {
    const metrics = new MetricsService();
    let since: Date | null = new Date(Date.now() - 3600_000);
    let latest: { day: string; f1: number; bar: number } | null = { day: '2026-01-02', f1: 0.41, bar: 0.48 };
    metrics.setSources(sources({ challengerSince: async () => since, latestEvaluation: async () => latest }));
    let text = await metrics.metrics();
    expect(text).toContain('alerts_open{severity="CRITICAL"} 2');
    expect(text).toContain('alerts_open{severity="INFO"} 0');
    expect(text).toContain('# TYPE retrain_failures_total counter');
    expect(text).toContain('retrain_failures_total 4');
    expect(text).toContain('champion_evaluation_f1 0.41');
    expect(text).toContain('champion_evaluation_f1_bar 0.48');
    expect(text).toContain(`champion_evaluation_day_timestamp_seconds ${Date.UTC(2026, 0, 2) / 1000}`);
    const waited = Number(/challenger_waiting_seconds ([\d.]+)/.exec(text)?.[1]);
    expect(waited).toBeGreaterThanOrEqual(3600);
    expect(waited).toBeLessThan(3700);
    // No challenger and no evaluation any more: 0, rather than frozen at old values (neither rule fires on 0).
    since = null;
    latest = null;
    text = await metrics.metrics();
    expect(text).toMatch(/^challenger_waiting_seconds 0$/m);
    expect(text).toMatch(/^champion_evaluation_f1 0$/m);
    expect(text).toMatch(/^champion_evaluation_f1_bar 0$/m);
  });

  it('keeps registries apart between instances', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.countRecords(3);
    expect(await b.metrics()).toContain('inference_records_total 0');
  });
});
