// Operator commands (commander parses the arguments; `ops-cli --help` lists them):
//   run-day [YYYY-MM-DD] [--scenario NAME|JSON] [--severity S] [--wait SECONDS]
//   backfill FROM TO
//   summary YYYY-MM-DD
//   bootstrap [--quick] [--force]      train the two starting models on the real data (champion = fine-tuned)
//   evaluate-real                      champion's ROC-AUC, PR-AUC, F1 on the real data's 20% hold-out, and on no-drift synthetic rows
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { isIsoDay, todayUtc } from '@loan/contracts';
import { DaySummary, DaySummaryService } from '@loan/data-access';
import { aucWithError, classificationReport } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { DayRunnerService, DistributionSampler, runCommandLine } from '@loan/platform';
import { BootstrapService } from './bootstrap.service';
import { ReferenceSplitService } from '@loan/platform';
import { scenarioFromArgs } from './scenario-args';
import { OpsCliModule } from './ops-cli.module';

function isoDay(value: string): string {
  if (!isIsoDay(value)) throw new InvalidArgumentError(`not a day (YYYY-MM-DD): ${value}`);
  return value;
}

function finiteNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`not a number: ${value}`);
  return n;
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

async function withApp<T>(run: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(OpsCliModule, { logger: ['error', 'warn'] });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

// Done when evaluated and, if fine-tuning started, when the new version was deployed or an alert raised.
const settled = (x: DaySummary) =>
  !!x.evaluation && (x.evaluation.decision === 'ok' || (x.training.some((t) => t.success) && x.deployment.length > 0) || x.alerts.length > 0);

async function runDay(day: string, options: { scenario?: string; severity?: number; wait: number }) {
  const scenario = scenarioFromArgs(options.scenario, options.severity);
  await withApp(async (app) => {
    const summaries = app.get(DaySummaryService);
    const started = Date.now();
    const queued = await app.get(DayRunnerService).runDay(day, 'admin', scenario);
    console.log(`${queued.created ? 'queued' : 'already queued'} ${queued.jobId} (${queued.state})`);
    const deadline = Date.now() + options.wait * 1000;
    let summary = await summaries.summarise(day);
    while (!settled(summary) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      summary = await summaries.summarise(day);
    }
    printSummary(summary);
    if (options.wait && !summary.processed) throw new Error(`day ${day} not processed within ${options.wait} s`);
    if (options.wait) console.log(`wall time for the day: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

const TRTS_ROWS = 10_000;

async function evaluateReal() {
  await withApp(async (app) => {
    const champion = await app.get(ModelRegistryService).loadAlias('champion');
    if (!champion) throw new Error('no champion: run `npm run bootstrap` first');
    try {
      const { holdout } = await app.get(ReferenceSplitService).split();
      const probs = await champion.model.predictProba(holdout.rows);
      const tuned = classificationReport(holdout.labels, probs, champion.model.threshold);
      const half = classificationReport(holdout.labels, probs, 0.5);
      console.log(`champion v${champion.doc.version} (${champion.doc.kind}) on ${holdout.rows.length} held-out real rows:`);
      console.log(`  ROC-AUC ${tuned.rocAuc.toFixed(4)}   PR-AUC ${tuned.prAuc.toFixed(4)}   Brier ${tuned.brier.toFixed(4)}`);
      console.log(`  F1 ${tuned.f1.toFixed(4)} at the tuned threshold ${champion.model.threshold.toFixed(3)} (precision ${tuned.precision.toFixed(3)}, recall ${tuned.recall.toFixed(3)})`);
      console.log(`  F1 ${half.f1.toFixed(4)} at 0.5 (precision ${half.precision.toFixed(3)}, recall ${half.recall.toFixed(3)})`);
      // Train-real-test-synthetic for the champion: the generator's no-drift rows should score like real ones.
      const synthetic = await app
        .get(DistributionSampler)
        .sample({ name: 'none' }, TRTS_ROWS, '1998-01-01')
        .catch((e: Error) => (console.log(`  no-drift synthetic sample: skipped (${e.message})`), null));
      if (synthetic) {
        const real = aucWithError(holdout.labels, probs);
        const onSynthetic = aucWithError(synthetic.labels, await champion.model.predictProba(synthetic.rows));
        console.log(
          `  on ${TRTS_ROWS} no-drift synthetic rows: ROC-AUC ${onSynthetic.auc.toFixed(4)} ± ${onSynthetic.se.toFixed(4)}; ` +
            `gap to the real hold-out ${(onSynthetic.auc - real.auc).toFixed(4)} ± ${Math.hypot(real.se, onSynthetic.se).toFixed(4)} (target within 0.02)`,
        );
      }
    } finally {
      champion.model.dispose();
    }
  });
}

function program(): Command {
  const cli = new Command('ops-cli').description('Operator commands for the daily loan-default loop').exitOverride();
  cli
    .command('run-day')
    .description("queue a day's loop (generate → process → evaluate → train → deploy) and optionally wait for it")
    .argument('[day]', 'YYYY-MM-DD (default today, UTC)', isoDay)
    .option('--scenario <name|json>', "preset name, or a scenario as JSON, e.g. '{\"name\":\"custom\",\"shifts\":[{\"column\":\"PAY_0\",\"shift\":0.5,\"space\":\"latent\"}]}'")
    .option('--severity <s>', 'scale of the scenario (0 = none, 1 = preset)', finiteNumber)
    .option('--wait <seconds>', 'wait for the day to settle, then print its summary', finiteNumber, 0)
    .action((day: string | undefined, options: { scenario?: string; severity?: number; wait: number }) => runDay(day ?? todayUtc(), options));
  cli
    .command('backfill')
    .description('queue every day of a range (at most 366)')
    .argument('<from>', 'first day', isoDay)
    .argument('<to>', 'last day', isoDay)
    .action((from: string, to: string) =>
      withApp(async (app) => {
        for (const d of await app.get(DayRunnerService).backfill(from, to)) console.log(`${d.created ? 'queued' : 'already queued'} ${d.jobId} (${d.state})`);
      }),
    );
  cli
    .command('summary')
    .description('what a day has produced, stage by stage')
    .argument('[day]', 'YYYY-MM-DD (default today)', isoDay)
    .action((day: string | undefined) => withApp(async (app) => printSummary(await app.get(DaySummaryService).summarise(day ?? todayUtc()))));
  cli
    .command('bootstrap')
    .description('train the two starting models on the real data (champion = fine-tuned)')
    .option('--quick', 'the quick recipe (~40 s instead of ~3 min)', false)
    .option('--force', 'train anew even when a champion exists', false)
    .action((options: { quick: boolean; force: boolean }) =>
      withApp(async (app) => {
        const r = await app.get(BootstrapService).run(options);
        console.log(
          r.skipped
            ? `a champion exists (v${r.champion}); nothing trained (use --force to train anew)`
            : `registered v${r.pretrainedVersion} (pretrained) and v${r.fineTunedVersion} (fine-tuned, champion)`,
        );
      }),
    );
  cli
    .command('evaluate-real')
    .description("the champion's ROC-AUC, PR-AUC and F1 on the real data's 20% hold-out, and its ROC-AUC on no-drift synthetic rows")
    .action(evaluateReal);
  return cli;
}

if (require.main === module) runCommandLine(program(), 'ops-cli');
