import type { EpochProgress } from '@loan/ml';

/** One line per epoch on stderr, redrawn in place on a terminal: phase, bar, losses, speed, ETA. */
export function printEpoch(phase: string, p: EpochProgress): void {
  const width = 24;
  const done = Math.round((p.epoch / p.maxEpochs) * width);
  const bar = `${'█'.repeat(done)}${'░'.repeat(width - done)}`;
  const val = Number.isFinite(p.valLoss) ? ` val ${p.valLoss.toFixed(4)}` : '';
  const auc = p.metrics['valRocAuc'] !== undefined ? ` auc ${p.metrics['valRocAuc'].toFixed(3)}` : '';
  const line = `${phase.padEnd(10)} ${bar} epoch ${p.epoch}/${p.maxEpochs} loss ${p.loss.toFixed(4)}${val}${auc} ${Math.round(p.rowsPerSecond)} rows/s ETA ${Math.ceil(p.etaMs / 1000)}s`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K${p.epoch === p.maxEpochs ? '\n' : ''}` : `${line}\n`);
}
