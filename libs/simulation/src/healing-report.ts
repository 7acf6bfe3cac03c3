// report.md of a simulated calendar: the summary figures first, then one line per day.
import type { HealingSummary } from './healing-summary';
import type { SimulationDay } from './simulation-day';

export interface ReportContext {
  calendar: string;
  description?: string;
  recipe: string;
  oracleRows: number;
  auditRows: number;
  startedAt: string;
  wallSeconds: number;
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(100 * x)}%`);

export function healingReportMarkdown(ctx: ReportContext, summary: HealingSummary, days: readonly SimulationDay[]): string {
  const out: string[] = [];
  out.push(`# Healing report: ${ctx.calendar}`, '');
  if (ctx.description) out.push(ctx.description, '');
  out.push(
    `Recipe \`${ctx.recipe}\`; ${summary.days} days (${summary.calmDays} calm, ${summary.driftDays} drifting); oracle trained on ${ctx.oracleRows} rows per distinct distribution; ` +
      `each day's three models scored on ${ctx.auditRows} fresh rows of that day's distribution (the loop itself decides on its ~500 evaluation rows). ` +
      `Started ${ctx.startedAt}, ${ctx.wallSeconds.toFixed(0)} s wall.`,
    '',
    '## Summary',
    '',
    '| figure | value |',
    '|---|---|',
    `| false alarms on calm days: retrain days | ${summary.falseAlarms.retrainDays} |`,
    `| false alarms on calm days: CRITICAL alerts | ${summary.falseAlarms.alerts} |`,
    `| false alarms on calm days: champion changes | ${summary.falseAlarms.championChanges} |`,
    `| CRITICAL alerts (all days) | ${summary.criticalAlerts} |`,
    `| champion changes (all days) | ${summary.promotions} |`,
    `| versions created | ${summary.versionsCreated} |`,
    '',
  );
  if (summary.onsets.length) {
    out.push(
      '## After each onset',
      '',
      'Recovery = (healed − stale) / (oracle − stale) on the audit rows; "–" where the oracle is not measurably better than the stale model (gap < 2 SE).',
      '',
      '| onset | scenario | detected after | promoted after | recovery ROC-AUC d+1 / d+3 / d+7 | recovery F1 d+1 / d+3 / d+7 | gap oracle − stale (d+3) |',
      '|---|---|---|---|---|---|---|',
    );
    for (const o of summary.onsets) {
      const at = (lag: number) => o.recovery.find((r) => r.lag === lag);
      const gap = at(3) ?? at(1);
      out.push(
        `| ${o.date} | ${o.scenario} | ${o.detectionDelay === null ? 'never' : `${o.detectionDelay} d`} | ${o.promotionDelay === null ? 'never' : `${o.promotionDelay} d`} | ` +
          `${[1, 3, 7].map((l) => pct(at(l)?.rocAuc ?? null)).join(' / ')} | ${[1, 3, 7].map((l) => pct(at(l)?.f1 ?? null)).join(' / ')} | ` +
          `${gap ? `${f3(gap.gap)} ± ${f3(gap.gapSe)}` : '–'} |`,
      );
    }
    out.push('');
  }
  out.push(
    '## Days',
    '',
    'AUC figures on the audit rows (± DeLong SE of the champion); "loop" is what the evaluator saw on the day\'s evaluation part.',
    '',
    '| # | day | scenario | drift flagged | loop AUC / F1 → decision | champion AUC | stale AUC | oracle AUC | attempts | promotions | alerts |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const d of days) {
    const attempts = d.attempts.map((a) => `${a.attempt}:${a.rung ?? '?'}${a.success ? `→v${a.newVersion}` : '✗'}`).join(' ') || '–';
    const promotions = d.promotions.map((p) => `v${p.from ?? '-'}→v${p.to}`).join(' ') || '–';
    out.push(
      `| ${d.index} | ${d.date} | ${d.scenario}${d.drifting ? ` ×${d.severity}` : ''} | ${d.drift.flagged.length ? d.drift.flagged.join(', ') : '–'}${d.drift.datasetDrift ? ' (dataset)' : ''} | ` +
        `v${d.evaluation.version} ${f3(d.evaluation.rocAuc)} / ${f3(d.evaluation.f1)} → ${d.evaluation.decision} | ${f3(d.champion.rocAuc)} ± ${f3(d.champion.rocAucSe)} | ` +
        `${f3(d.stale.rocAuc)} | ${f3(d.oracle.rocAuc)} | ${attempts} | ${promotions} | ${d.alerts.map((a) => a.severity).join(' ') || '–'} |`,
    );
  }
  out.push('', 'Charts: `charts.html` (ROC-AUC and F1 per day of champion, stale and oracle; drift share; events).', '');
  return out.join('\n');
}
