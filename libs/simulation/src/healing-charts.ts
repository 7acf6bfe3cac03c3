// Vega-Lite specs of the healing charts (plain JSON; the simulator renders them to SVG with vega).
import type { SimulationDay } from './simulation-day';

type Spec = Record<string, unknown>;

const MODELS = [
  ['champion', 'champion (healing loop)'],
  ['stale', 'stale (day-0 champion, never retrained)'],
  ['oracle', 'oracle (trained on the day’s distribution)'],
] as const;

function metricSpec(days: readonly SimulationDay[], metric: 'rocAuc' | 'f1', title: string): Spec {
  const values = days.flatMap((d) => MODELS.map(([key, label]) => ({ day: d.index, date: d.date, model: label, value: d[key][metric], scenario: d.scenario })));
  const onsets = days.filter((d, i) => d.drifting && (i === 0 || !days[i - 1].drifting)).map((d) => ({ day: d.index, scenario: d.scenario }));
  const promotions = days.filter((d) => d.promotions.length).map((d) => ({ day: d.index, to: `v${d.promotions[d.promotions.length - 1].to}` }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 720,
    height: 260,
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day of the calendar' },
          y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
          color: { field: 'model', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' } },
        },
      },
      { data: { values: onsets }, mark: { type: 'rule', color: '#c0392b', strokeDash: [4, 3] }, encoding: { x: { field: 'day', type: 'quantitative' } } },
      { data: { values: promotions }, mark: { type: 'tick', color: '#27ae60', thickness: 3 }, encoding: { x: { field: 'day', type: 'quantitative' } } },
    ],
  };
}

function driftSpec(days: readonly SimulationDay[]): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'share of features flagged as drifted',
    width: 720,
    height: 140,
    data: { values: days.map((d) => ({ day: d.index, share: d.drift.share, drifting: d.drifting ? 'drift day' : 'calm day' })) },
    mark: 'bar',
    encoding: {
      x: { field: 'day', type: 'ordinal', title: 'day of the calendar' },
      y: { field: 'share', type: 'quantitative', title: 'share flagged', scale: { domain: [0, 1] } },
      color: { field: 'drifting', type: 'nominal', title: null },
    },
  };
}

/** The report's charts, in order: ROC-AUC, F1, drift share. Red dashed rules: onsets; green ticks: promotions. */
export function healingChartSpecs(days: readonly SimulationDay[]): { name: string; spec: Spec }[] {
  return [
    { name: 'roc-auc', spec: metricSpec(days, 'rocAuc', 'ROC-AUC on the day’s audit rows') },
    { name: 'f1', spec: metricSpec(days, 'f1', 'F1 at each model’s threshold') },
    { name: 'drift', spec: driftSpec(days) },
  ];
}
