// The alert rules and the Grafana board read metrics by name: a renamed or dropped metric would leave a
// rule that never fires. Every name they use must be one this service exports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MetricsService, MetricsSources } from './metrics.service';

const ROOT = join(__dirname, '../../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const sources: MetricsSources = {
  retrainEvents: async () => 1,
  championChanges: async () => 1,
  queueDepths: async () => [{ queue: 'train', state: 'waiting', count: 1 }],
  shadowAgreement: async () => 0.9,
  failedRetrains: async () => 1,
  openAlerts: async () => ({ CRITICAL: 1 }),
  latestEvaluation: async () => ({ day: '2026-01-01', f1: 0.5, bar: 0.4 }),
  challengerSince: async () => new Date(),
};

/** Metric names in a PromQL expression: identifiers followed by a selector, a range, or the end of a term. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\b(by|without)\s*\([^)]*\)/g, '');
  const functions = new Set(['histogram_quantile', 'sum', 'max', 'min', 'avg', 'rate', 'increase', 'by', 'le', 'count']);
  return [...withoutStrings.matchAll(/\b([a-z_][a-z0-9_]*)\b(?=\s*(\{|\[|\)|$|\s*[<>]))/g)].map((m) => m[1]).filter((n) => !functions.has(n) && !/^\d/.test(n));
}

async function exported(): Promise<Set<string>> {
  const metrics = new MetricsService();
  metrics.setSources(sources);
  metrics.setModel('champion', 2, 0.5);
  metrics.observeRequest('/api/v1/predict', 200, 0.01);
  const text = await metrics.metrics();
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(m[1]);
    if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m[1] + s);
  }
  return names;
}

describe('monitoring files', () => {
  it('finds the metric names of an expression', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le) (rate(inference_latency_seconds_bucket{route="/x"}[5m]))) > 0.5')).toEqual(['inference_latency_seconds_bucket']);
    expect(metricNames('sum by (queue, state) (queue_depth{state="failed"}) > 0')).toEqual(['queue_depth']);
    expect(metricNames('champion_evaluation_f1 < champion_evaluation_f1_bar')).toEqual(['champion_evaluation_f1', 'champion_evaluation_f1_bar']);
  });

  it('every alert rule reads metrics the inference-api exports, and names a severity', async () => {
    const names = await exported();
    const rules = (parse(read('deploy/prometheus/rules.yml')) as { groups: { rules: { alert: string; expr: string; labels: { severity: string } }[] }[] }).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['ChampionF1BelowBar', 'PredictLatencyHigh', 'RetrainFailed', 'ChallengerWaiting', 'QueueBacklog', 'CriticalAlertOpen']),
    );
    for (const rule of rules) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity);
      const used = metricNames(rule.expr);
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect({ rule: rule.alert, name, exported: names.has(name) }).toEqual({ rule: rule.alert, name, exported: true });
    }
  });

  it('every Grafana panel reads metrics the inference-api exports, from the provisioned datasource', async () => {
    const names = await exported();
    const board = JSON.parse(read('deploy/grafana/dashboards/loan-default-loop.json')) as { panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[] };
    const datasource = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string }[] };
    expect(board.panels.length).toBeGreaterThan(5);
    for (const panel of board.panels) {
      expect(panel.datasource.uid).toBe(datasource.datasources[0].uid);
      for (const target of panel.targets) {
        for (const name of metricNames(target.expr)) expect({ panel: panel.title, name, exported: names.has(name) }).toEqual({ panel: panel.title, name, exported: true });
      }
    }
  });
});
