import { SingleBar } from 'cli-progress';
import type { EpochProgress } from '@loan/ml';

let current: { phase: string; bar: SingleBar } | null = null;

/**
 * Training progress, one bar per phase (cli-progress: redrawn in place on a terminal, a line every
 * 10 s into a pipe): epoch, losses, validation AUC, speed, ETA. Early stopping ends a bar before its
 * last epoch; the next phase's first epoch closes it.
 */
export function printEpoch(phase: string, p: EpochProgress): void {
  if (current?.phase !== phase || p.epoch === 1) {
    current?.bar.stop();
    const bar = new SingleBar({ format: `${phase.padEnd(10)} [{bar}] epoch {value}/{total} {stats}`, barsize: 24, noTTYOutput: true, notTTYSchedule: 10_000 });
    bar.start(p.maxEpochs, 0, { stats: '' });
    current = { phase, bar };
  }
  const val = Number.isFinite(p.valLoss) ? ` val ${p.valLoss.toFixed(4)}` : '';
  const auc = p.metrics['valRocAuc'] !== undefined ? ` auc ${p.metrics['valRocAuc'].toFixed(3)}` : '';
  current.bar.update(p.epoch, { stats: `loss ${p.loss.toFixed(4)}${val}${auc} ${Math.round(p.rowsPerSecond)} rows/s ETA ${Math.ceil(p.etaMs / 1000)}s` });
  if (p.epoch === p.maxEpochs) {
    current.bar.stop();
    current = null;
  }
}
