#!/usr/bin/env node
// Operator commands: `npm run cli -- <command>` (or the `loan-ops` bin). commander parses the arguments
// and writes the help (`--help` on any command); a bad argument exits 1 naming it. Each command runs
// inside the same modules the apps use, so it does what the admin API does, with the same checks:
//   run-day [day] [--scenario S] [--severity X] [--wait S]   backfill FROM TO [--wait S]   status [day]
//   versions list | save --tag T [--version V] | prune [--keep N] | restore V|T   promote V   rollback
//   alerts list [--all] | ack ID   bootstrap [--quick] [--force]   evaluate-real   simulate CALENDAR [...]
import 'reflect-metadata';
import { Command } from 'commander';
import { aucWithError, classificationReport, runGradientWorkerIfAsked } from '@loan/ml';
import { ModelRegistryService } from '@loan/model-registry';
import { DistributionSampler, ReferenceSplitService, runCommandLine } from '@loan/platform';
import { withApp } from './app-context';
import { BootstrapService } from './bootstrap.service';
import { alertCommands } from './commands/alerts';
import { dayCommands } from './commands/day';
import { simulateCommand } from './commands/simulate';
import { versionCommands } from './commands/versions';

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

export function program(): Command {
  const cli = new Command('loan-ops').description('Operator commands for the daily loan-default loop').exitOverride().showHelpAfterError();
  dayCommands(cli);
  versionCommands(cli);
  alertCommands(cli);
  cli
    .command('bootstrap')
    .description('train the two starting models on the real data (champion = fine-tuned)')
    .option('--quick', 'the quick recipe (~6 s instead of ~35–50 s on 2 cores)', false)
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
  simulateCommand(cli);
  // Every subcommand reports its own bad arguments the same way.
  for (const c of cli.commands) c.exitOverride().showHelpAfterError();
  return cli;
}

// The same script is the entry of bootstrap's training threads (TRAIN_THREADS > 1): those only serve gradients.
if (require.main === module && !runGradientWorkerIfAsked()) runCommandLine(program(), 'loan-ops');
