// Day commands: run-day, backfill (with a progress bar while it waits), status.
import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { todayUtc } from '@loan/contracts';
import { DaySummary, DaySummaryService } from '@loan/data-access';
import { BackfillRangeError, DayRunnerService } from '@loan/platform';
import { finiteNumber, isoDay, withApp } from '../app-context';
import { scenarioFromArgs } from '../scenario-args';

export function printSummary(s: DaySummary): void {
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
    const zs = [e.aucZ === null ? null : `AUC test z ${e.aucZ.toFixed(2)}`, e.calibrationZ === null ? null : `calibration test z ${e.calibrationZ.toFixed(2)}`].filter(Boolean).join(', ');
    console.log(`evaluation  champion v${e.version}: F1 ${e.f1.toFixed(3)} (bar ${e.f1Threshold.toFixed(3)}), ROC-AUC ${e.rocAuc.toFixed(3)}${zs ? ` (${zs})` : ''} → ${e.decision}${e.triggers.length ? ` (${e.triggers.join(', ')})` : ''}`);
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

/** Done when evaluated and, if fine-tuning started, when the new version was deployed or an alert raised. */
export const settled = (x: DaySummary) =>
  !!x.evaluation && (x.evaluation.decision === 'ok' || (x.training.some((t) => t.success) && x.deployment.length > 0) || x.alerts.length > 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function dayCommands(cli: Command): void {
  cli
    .command('run-day')
    .description("queue a day's loop (generate → process → evaluate → train → deploy) and optionally wait for it")
    .argument('[day]', 'YYYY-MM-DD (default today, UTC)', isoDay)
    .option('--scenario <name|json>', "preset name, or a scenario as JSON, e.g. '{\"name\":\"custom\",\"shifts\":[{\"column\":\"PAY_0\",\"shift\":0.5,\"space\":\"latent\"}]}'")
    .option('--severity <s>', 'scale of the scenario (0 = none, 1 = preset)', finiteNumber)
    .option('--wait <seconds>', 'wait for the day to settle, then print its summary', finiteNumber, 0)
    .action((day: string | undefined, options: { scenario?: string; severity?: number; wait: number }) => {
      const date = day ?? todayUtc();
      const scenario = scenarioFromArgs(options.scenario, options.severity);
      return withApp(async (app) => {
        const summaries = app.get(DaySummaryService);
        const started = Date.now();
        const queued = await app.get(DayRunnerService).runDay(date, 'admin', scenario);
        console.log(`${queued.created ? 'queued' : 'already queued'} ${queued.jobId} (${queued.state})`);
        const deadline = Date.now() + options.wait * 1000;
        let summary = await summaries.summarise(date);
        while (!settled(summary) && Date.now() < deadline) {
          await sleep(500);
          summary = await summaries.summarise(date);
        }
        printSummary(summary);
        if (options.wait && !summary.processed) throw new Error(`day ${date} not processed within ${options.wait} s`);
        if (options.wait) console.log(`wall time for the day: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });

  cli
    .command('backfill')
    .description('queue every day of a range (at most 366); with --wait, follow them with a progress bar')
    .argument('<from>', 'first day', isoDay)
    .argument('<to>', 'last day', isoDay)
    .option('--wait <seconds>', 'wait up to this long for every day to settle', finiteNumber, 0)
    .action((from: string, to: string, options: { wait: number }) =>
      withApp(async (app) => {
        let queued;
        try {
          queued = await app.get(DayRunnerService).backfill(from, to, 'backfill');
        } catch (e) {
          if (e instanceof BackfillRangeError) throw new Error(e.message);
          throw e;
        }
        const fresh = queued.filter((d) => d.created).length;
        console.log(`queued ${fresh} day(s), ${queued.length - fresh} already queued or done, ${from} … ${to}`);
        if (!options.wait) return;
        const summaries = app.get(DaySummaryService);
        // Redrawn in place on a terminal; a line every 5 s into a pipe or a log.
        const bar = new SingleBar({ format: 'backfill [{bar}] {value}/{total} days settled | {duration_formatted} | {last}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 });
        const pending = new Set(queued.map((d) => d.date));
        bar.start(pending.size, 0, { last: '' });
        const deadline = Date.now() + options.wait * 1000;
        while (pending.size && Date.now() < deadline) {
          for (const date of [...pending].sort()) {
            const s = await summaries.summarise(date);
            if (!settled(s)) break; // days run in order: the first unsettled one blocks the rest
            pending.delete(date);
            bar.increment(1, { last: `${date} ${s.evaluation?.decision ?? ''}` });
          }
          if (pending.size) await sleep(1000);
        }
        bar.stop();
        if (pending.size) throw new Error(`${pending.size} day(s) not settled within ${options.wait} s (first: ${[...pending].sort()[0]})`);
      }),
    );

  cli
    .command('status')
    .alias('summary')
    .description('what a day has produced, stage by stage, and the state of its jobs')
    .argument('[day]', 'YYYY-MM-DD (default today, UTC)', isoDay)
    .option('--json', 'print the status as JSON (the admin API GET /days/:date shape)', false)
    .action((day: string | undefined, options: { json: boolean }) =>
      withApp(async (app) => {
        const date = day ?? todayUtc();
        const [summary, jobs] = await Promise.all([app.get(DaySummaryService).summarise(date), app.get(DayRunnerService).jobStates(date)]);
        if (options.json) return console.log(JSON.stringify({ ...summary, jobs }, null, 2));
        printSummary(summary);
        console.log(`jobs        generate ${jobs.generate}, process ${jobs.process}, evaluate ${jobs.evaluate}`);
      }),
    );
}
