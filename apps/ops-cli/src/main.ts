// Operator commands:
//   run-day [YYYY-MM-DD] [--scenario none|recession|credit_expansion] [--wait SECONDS]
//   backfill FROM TO
//   summary YYYY-MM-DD
//   bootstrap [--quick] [--force]      train the two starting models on the real data (champion = fine-tuned)
//   evaluate-real                      champion's ROC-AUC, PR-AUC, F1 on the real data's 20% hold-out
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isIsoDay, ScenarioName, SCENARIO_NAMES, todayUtc } from '@loan/contracts';
import { DaySummary, DaySummaryService } from '@loan/data-access';
import { classificationReport } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { DayRunnerService } from '@loan/platform';
import { BootstrapService } from './bootstrap.service';
import { ReferenceSplitService } from './reference-split.service';
import { OpsCliModule } from './ops-cli.module';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function printSummary(s: DaySummary): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\n── day ${s.day} ──`);
  if (s.generated) console.log(`generated   ${s.generated.rows} rows, scenario ${s.generated.scenario} (${s.generated.ms ?? '?'} ms)`);
  if (s.processed) {
    const p = s.processed;
    console.log(`processed   ${p.processedRows} rows (${p.evaluationRows} evaluation / ${p.tuningRows} tuning), ${p.quarantinedRows} quarantined (${p.ms ?? '?'} ms)`);
    console.log(`quality     missing ${pct(p.missingRate)} of cells, outliers ${pct(p.outlierRate)}, duplicates ${p.duplicates}`);
  }
  if (s.drift) {
    console.log(`drift       ${s.drift.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift'}: ${pct(s.drift.driftedShare)} of features drifted${s.drift.drifted.length ? ` (${s.drift.drifted.join(', ')})` : ''}`);
  }
  if (s.evaluation) {
    const e = s.evaluation;
    console.log(`evaluation  champion v${e.version}: F1 ${e.f1.toFixed(3)} (bar ${e.f1Threshold.toFixed(3)}), ROC-AUC ${e.rocAuc.toFixed(3)} → ${e.decision}`);
  }
  for (const t of s.training) {
    console.log(`fine-tune   attempt ${t.attempt}: F1 ${t.f1.toFixed(3)} on the tuning part → ${t.success ? `v${t.newVersion} registered` : 'below the bar'}`);
  }
  for (const d of s.deployment) {
    const what = d.championChanged ? `champion v${d.fromVersion ?? '-'} → v${d.toVersion}` : `v${d.toVersion} ${d.action}, champion stays v${d.fromVersion}`;
    console.log(`deployment  ${what} (${d.actor}: ${d.reason})`);
  }
  for (const a of s.alerts) console.log(`alert       ${a}`);
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const app = await NestFactory.createApplicationContext(OpsCliModule, { logger: ['error', 'warn'] });
  try {
    const runner = app.get(DayRunnerService);
    const summaries = app.get(DaySummaryService);
    if (command === 'run-day') {
      const day = args[0] && !args[0].startsWith('--') ? args[0] : todayUtc();
      if (!isIsoDay(day)) throw new Error(`not a day: ${day}`);
      const scenario = option(args, 'scenario') as ScenarioName | undefined;
      if (scenario && !SCENARIO_NAMES.includes(scenario)) throw new Error(`unknown scenario ${scenario}`);
      const started = Date.now();
      const queued = await runner.runDay(day, 'admin', scenario ? { name: scenario } : undefined);
      console.log(`${queued.created ? 'queued' : 'already queued'} ${queued.jobId} (${queued.state})`);
      const waitS = Number(option(args, 'wait') ?? 0);
      const deadline = Date.now() + waitS * 1000;
      let summary = await summaries.summarise(day);
      // Done when evaluated and, if fine-tuning started, when the new version was deployed or an alert raised.
      const settled = (x: DaySummary) =>
        !!x.evaluation &&
        (x.evaluation.decision === 'ok' || (x.training.some((t) => t.success) && x.deployment.length > 0) || x.alerts.length > 0);
      while (!settled(summary) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        summary = await summaries.summarise(day);
      }
      printSummary(summary);
      if (waitS && !summary.processed) throw new Error(`day ${day} not processed within ${waitS} s`);
      if (waitS) console.log(`wall time for the day: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (command === 'backfill') {
      const days = await runner.backfill(args[0], args[1]);
      for (const d of days) console.log(`${d.created ? 'queued' : 'already queued'} ${d.jobId} (${d.state})`);
    } else if (command === 'bootstrap') {
      const r = await app.get(BootstrapService).run({ quick: args.includes('--quick'), force: args.includes('--force') });
      console.log(
        r.skipped
          ? `a champion exists (v${r.champion}); nothing trained (use --force to train anew)`
          : `registered v${r.pretrainedVersion} (pretrained) and v${r.fineTunedVersion} (fine-tuned, champion)`,
      );
    } else if (command === 'evaluate-real') {
      const champion = await app.get(ModelRegistryService).loadAlias('champion');
      if (!champion) throw new Error('no champion: run `npm run bootstrap` first');
      const { holdout } = await app.get(ReferenceSplitService).split();
      const probs = await champion.model.predictProba(holdout.rows);
      const tuned = classificationReport(holdout.labels, probs, champion.model.threshold);
      const half = classificationReport(holdout.labels, probs, 0.5);
      console.log(`champion v${champion.doc.version} (${champion.doc.kind}) on ${holdout.rows.length} held-out real rows:`);
      console.log(`  ROC-AUC ${tuned.rocAuc.toFixed(4)}   PR-AUC ${tuned.prAuc.toFixed(4)}   Brier ${tuned.brier.toFixed(4)}`);
      console.log(`  F1 ${tuned.f1.toFixed(4)} at the tuned threshold ${champion.model.threshold.toFixed(3)} (precision ${tuned.precision.toFixed(3)}, recall ${tuned.recall.toFixed(3)})`);
      console.log(`  F1 ${half.f1.toFixed(4)} at 0.5 (precision ${half.precision.toFixed(3)}, recall ${half.recall.toFixed(3)})`);
      champion.model.dispose();
    } else if (command === 'summary') {
      printSummary(await summaries.summarise(args[0] ?? todayUtc()));
    } else {
      console.error('usage: ops-cli run-day [YYYY-MM-DD] [--scenario NAME] [--wait S] | backfill FROM TO | summary DAY | bootstrap [--quick] [--force] | evaluate-real');
      return 2;
    }
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  },
);
