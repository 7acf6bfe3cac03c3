import { Injectable } from '@nestjs/common';
import { TrainModelPayload } from '@loan/contracts';
import { DayDataService, DriftReportsRepository, EvaluationEventsRepository, FeedbackRepository, TuningRows } from '@loan/data-access';
import { EncodedRow, LABEL_COLUMN, LoanFeatures, preprocessBatch } from '@loan/features';
import { daysBetween, Prng, recencyWeights, stratifiedSplit, windowStart } from '@loan/ml';
import { AppConfig, HOLDOUT_SEED, HOLDOUT_SHARE, PreprocessingFitService, ReferenceDataService } from '@loan/platform';

interface Rows {
  rows: EncodedRow[];
  labels: number[];
}

export interface TrainingWindow {
  /** The window's days, newest first, and each one's recency weight (the version's trainingDays). */
  days: string[];
  dayWeights: number[];
  /** What networks train on: four in five window evaluation rows, weighted by day, plus the replayed real rows. */
  train: Rows & { weights: number[] };
  /** Every fifth window evaluation row: early stopping and the candidate's threshold. */
  validation: Rows;
  /** Every window evaluation row: what the recalibration rung re-tunes the threshold on. */
  calibration: Rows;
  /** The window's tuning parts: no candidate trains on them, both models are judged on them. */
  judge: Rows;
  /** The days whose tuning parts make `judge`: the deployer compares the models on these days too. */
  judgeDays: string[];
  replayRows: number;
  feedbackIds: string[];
}

/** Assembles what a fine-tune attempt trains on and what judges it: never the same rows. */
@Injectable()
export class TrainingWindowService {
  constructor(
    private readonly config: AppConfig,
    private readonly days: DayDataService,
    private readonly evaluations: EvaluationEventsRepository,
    private readonly drift: DriftReportsRepository,
    private readonly feedback: FeedbackRepository,
    private readonly reference: ReferenceDataService,
    private readonly fits: PreprocessingFitService,
  ) {}

  async assemble(payload: TrainModelPayload, preprocessingVersion: string): Promise<TrainingWindow> {
    if (payload.reason === 'feedback') return this.feedbackWindow(payload.date, preprocessingVersion);
    let window = await this.days.window(payload.date, this.config.FINE_TUNE_WINDOW_DAYS, preprocessingVersion);
    if (this.config.FINE_TUNE_FROM_EPISODE_START === 'true' && window.length) {
      const start = windowStart(
        window.map((w) => w.day),
        await this.episodeDays(window.map((w) => w.day)),
      );
      window = window.filter((w) => w.day >= (start ?? ''));
    }
    const days = window.map((w) => w.day);
    const dayWeights = recencyWeights(days, payload.date, this.config.FINE_TUNE_HALF_LIFE_DAYS);
    const train: TrainingWindow['train'] = { rows: [], labels: [], weights: [] };
    const validation: Rows = { rows: [], labels: [] };
    const calibration: Rows = { rows: [], labels: [] };
    const judge: Rows = { rows: [], labels: [] };
    window.forEach((w, d) => {
      w.evaluation.rows.forEach((row, i) => {
        const label = w.evaluation.labels[i];
        calibration.rows.push(row);
        calibration.labels.push(label);
        if (i % 5 === 0) {
          validation.rows.push(row);
          validation.labels.push(label);
        } else {
          train.rows.push(row);
          train.labels.push(label);
          train.weights.push(dayWeights[d]);
        }
      });
      judge.rows.push(...w.tuning.rows);
      judge.labels.push(...w.tuning.labels);
    });
    const replay = await this.replay(Math.round(this.config.FINE_TUNE_REPLAY_SHARE * calibration.rows.length), payload.date, preprocessingVersion);
    // Replayed rows teach the old concept: they weigh as much as the window's oldest day.
    const replayWeight = dayWeights.length ? Math.min(...dayWeights) : 1;
    train.rows.push(...replay.rows);
    train.labels.push(...replay.labels);
    train.weights.push(...replay.rows.map(() => replayWeight));
    return { days, dayWeights, train, validation, calibration, judge, judgeDays: days, replayRows: replay.rows.length, feedbackIds: [] };
  }

  /** A feedback retrain learns from the labels not yet trained on and is judged on recent tuning rows. */
  private async feedbackWindow(date: string, preprocessingVersion: string): Promise<TrainingWindow> {
    const docs = await this.feedback.unconsumed(this.config.RETRAIN_FEEDBACK_THRESHOLD * 10);
    const fit = await this.fits.byFingerprint(preprocessingVersion);
    const rows = preprocessBatch(
      docs.map((d) => d.features as LoanFeatures),
      fit,
    );
    const labels = docs.map((d) => (d.actualDefault ? 1 : 0));
    const keep = (pick: (i: number) => boolean): Rows => ({ rows: rows.filter((_, i) => pick(i)), labels: labels.filter((_, i) => pick(i)) });
    const train = keep((i) => i % 5 !== 0);
    const judge: TuningRows = await this.days.recentTuningRows(date, this.config.MIN_EVAL_ROWS, this.config.PROMOTION_LOOKBACK_DAYS, preprocessingVersion);
    return {
      days: [date],
      dayWeights: [1],
      train: { ...train, weights: train.rows.map(() => 1) },
      validation: keep((i) => i % 5 === 0),
      calibration: { rows, labels },
      judge: { rows: judge.rows, labels: judge.labels },
      judgeDays: judge.days,
      replayRows: 0,
      feedbackIds: docs.map((d) => d._id),
    };
  }

  /** Days (of those given) that belong to an episode: their evaluation called for retraining or their batch flagged dataset drift. */
  private async episodeDays(days: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const d of days) {
      const events = await this.evaluations.findByDay(d);
      if (events.some((e) => e.decision === 'retrain') || (await this.drift.findByDay(d))?.datasetDrift) out.add(d);
    }
    return out;
  }

  /** `count` real training rows (never the bootstrap's hold-out), drawn without replacement, seeded by the day. */
  private async replay(count: number, date: string, preprocessingVersion: string): Promise<Rows> {
    if (count <= 0) return { rows: [], labels: [] };
    const [{ rows }, fit] = await Promise.all([this.reference.load(), this.fits.byFingerprint(preprocessingVersion)]);
    const labels = rows.map((r) => r[LABEL_COLUMN]);
    // The bootstrap's own hold-out cut: replay never draws from it, so evaluate:real stays honest for fine-tuned versions.
    const pool = Array.from(stratifiedSplit(labels, HOLDOUT_SHARE, HOLDOUT_SEED).train);
    const picked = new Prng(daysBetween('2000-01-01', date)).shuffle(pool).slice(0, Math.min(count, pool.length));
    return { rows: preprocessBatch(picked.map((i) => rows[i]), fit), labels: picked.map((i) => labels[i]) };
  }
}
