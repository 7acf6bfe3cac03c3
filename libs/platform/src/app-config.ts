// Environment, validated once at start-up: a bad value stops the app with a message naming the variable.
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export class AppConfig {
  /** 'production' refuses development and demo admin tokens; 'test' is what the test suites run with. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** pino log level of every app (JSON lines on stdout). */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Port of the inference-api: the API, /dashboard, /docs, /metrics, /health, /admin/queues. */
  @Transform(toNumber) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Redis for the queues and the reload messages: redis://, rediss:// (TLS) or redis-sentinel://s1:26379,s2:26379/<master>[/<db>]. */
  @Matches(/^(rediss?|redis-sentinel):\/\//, { message: 'REDIS_URL must start with redis://, rediss:// or redis-sentinel://' })
  REDIS_URL = 'redis://127.0.0.1:6390';

  /** MongoDB (7, or a MongoDB-wire server such as FerretDB) with the database name in the path. */
  @Matches(/^mongodb(\+srv)?:\/\/.+\/[^/?]+/, { message: 'MONGODB_URI must be mongodb://host:port/database' })
  MONGODB_URI = 'mongodb://127.0.0.1:27027/loan_default';

  /** Prefix of every BullMQ key, so several deployments or test runs can share one Redis. */
  @IsString() @Matches(/^[a-zA-Z0-9_-]+$/)
  QUEUE_PREFIX = 'loan';

  /** The real data the distribution model and the preprocessing are fitted to. */
  @IsString()
  DATA_CSV_PATH = 'data/credit-default-taiwan.csv';

  // generator
  /** When the generator starts a day (cron syntax, UTC). */
  @IsString()
  GENERATOR_CRON = '0 2 * * *';
  /** 'false': no scheduled days (run them with the admin API or the CLI). */
  @IsIn(['true', 'false'])
  GENERATOR_CRON_ENABLED = 'true';
  /**
   * Days of predictions and of raw/processed rows kept; the daily cron tallies older predictions into
   * prediction_daily and removes older rows (summaries stay). 0 keeps everything.
   */
  @Transform(toNumber) @IsInt() @Min(0) @Max(3650)
  RETENTION_DAYS = 90;
  /** Fewest loan applications the generator samples for a day (the size is drawn uniformly up to DAILY_MAX_ROWS). */
  @Transform(toNumber) @IsInt() @Min(1) @Max(100000)
  DAILY_MIN_ROWS = 800;
  /** Most loan applications the generator samples for a day. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(100000)
  DAILY_MAX_ROWS = 1300;
  /** Share of feature cells the generator blanks, never the label (the processor imputes them). */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(0.5)
  MISSING_RATE = 0.05;
  /** Share of numeric cells the generator turns into outliers (the processor caps them at the IQR fences). */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(0.5)
  OUTLIER_RATE = 0.02;
  /** Share of rows given one unrepairable value (the processor quarantines them). */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(0.5)
  INVALID_RATE = 0.005;

  // processor
  /** Share of a day's rows for evaluation (the champion is scored on them, fine-tunes train on them); the rest is tuning (judging). */
  @Transform(toNumber) @IsNumber() @Min(0.05) @Max(0.95)
  EVAL_SHARE = 0.5;
  /** Drift: each feature's false-positive rate on no-drift days (its threshold is that no-drift quantile at the batch size). */
  @Transform(toNumber) @IsNumber() @Min(0.001) @Max(0.2)
  DRIFT_FEATURE_ALPHA = 0.01;
  /** Dataset drift when P(Binomial(features, DRIFT_FEATURE_ALPHA) ≥ flagged features) is below this. */
  @Transform(toNumber) @IsNumber() @Min(0.0001) @Max(0.5)
  DRIFT_DATASET_ALPHA = 0.01;

  // evaluator-trainer
  /** Operator/test override: when set, a day whose F1 is below it also retrains (else F1 is only reported, its bar = validation F1 − F1_MARGIN). */
  @IsOptional() @Transform(toNumber) @IsNumber() @Min(0) @Max(1)
  F1_THRESHOLD?: number;
  /** The reported F1 bar is the champion's validation F1 minus this. */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1)
  F1_MARGIN = 0.05;
  /**
   * Threads a training step is split over (data parallelism: each takes a share of every batch;
   * docs/performance.md), on the fused kernel or on tfjs ops over wasm/cpu; pre-training steps too, on the
   * fused kernel. 1 = the main thread only.
   * Ignored for tfjs ops on native TensorFlow or WebGPU, which run their own kernels in parallel.
   */
  @Transform(toNumber) @IsInt() @Min(1) @Max(64)
  TRAIN_THREADS = 1;
  /** Fine-tune attempts for a decayed day before a CRITICAL alert. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(10)
  MAX_RETRAIN_ATTEMPTS = 3;
  /** One-sided false-alarm rate of each test that triggers fine-tuning (the AUC decay test, the calibration test). */
  @Transform(toNumber) @IsNumber() @Min(0.0001) @Max(0.2)
  DECAY_ALPHA = 0.01;
  /** AUC drop below the champion's expected AUC tolerated before the test (the synthetic world's realism gap). */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(0.3)
  DECAY_AUC_MARGIN = 0.02;
  /**
   * Move of the champion's calibration offset (log-odds) tolerated before the calibration test, at
   * DECAY_ALPHA: the synthetic world's realism gap (no-drift days sit 0.13 above the real hold-out's).
   */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(3)
  CALIBRATION_MARGIN = 0.15;
  /** A fine-tune trains on the evaluation parts of this many recent processed days (README "How a model heals"). */
  @Transform(toNumber) @IsInt() @Min(1) @Max(90)
  FINE_TUNE_WINDOW_DAYS = 7;
  /** Recency weight of a window day: 0.5^(age in days / this). */
  @Transform(toNumber) @IsNumber() @Min(0.1) @Max(365)
  FINE_TUNE_HALF_LIFE_DAYS = 2;
  /** Real training rows replayed against forgetting, as a share of the window's rows (0 = none). */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(2)
  FINE_TUNE_REPLAY_SHARE = 0.25;
  /** 'true': the window starts at the first day of the current decay episode when that is later. */
  @IsIn(['true', 'false'])
  FINE_TUNE_FROM_EPISODE_START = 'true';
  /** One-sided level of the success rule: candidate beats champion on the judge rows (DeLong p, F1 bootstrap bound). */
  @Transform(toNumber) @IsNumber() @Min(1e-9) @Max(0.5)
  ATTEMPT_ALPHA = 0.05;

  // deployer
  /** Rows (the recent days' tuning parts, unseen by every model) both models are compared on. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(1_000_000)
  MIN_EVAL_ROWS = 1000;
  /** A candidate must beat the champion's F1 by more than this to be promoted. */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1)
  PROMOTION_MIN_F1_GAIN = 0.01;
  /** How many recent days' tuning parts the comparison may gather to reach MIN_EVAL_ROWS. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(90)
  PROMOTION_LOOKBACK_DAYS = 7;
  /** Versions kept by a prune besides champion, challenger and the previous champion. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(1000)
  KEEP_VERSIONS = 5;

  // inference-api
  /** Most records scored in one model call; concurrent requests are merged up to this. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(10000)
  BATCH_MAX_SIZE = 1024;
  /** How long the first waiting request may wait for others to join its batch. */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1000)
  BATCH_MAX_WAIT_MS = 5;
  /** Largest accepted request body; 10,000 records of 23 fields fit in about 4 MB. */
  @IsString() @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 8mb or 512kb' })
  BODY_LIMIT = '8mb';
  /** Labelled feedback (not yet trained on) that triggers a fine-tune. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(10_000_000)
  RETRAIN_FEEDBACK_THRESHOLD = 1000;
  /** Share of served records the challenger also scores (shadow mode). */
  @Transform(toNumber) @IsNumber() @Min(0) @Max(1)
  SHADOW_SAMPLE_RATE = 1;
  /** Where `npm run simulate` writes its reports (one folder per calendar); the dashboard lists them. */
  @IsString()
  SIMULATION_REPORTS_DIR = 'reports/simulation';
  /** Admin API requests allowed per client per minute. */
  @Transform(toNumber) @IsInt() @Min(1) @Max(100000)
  ADMIN_RATE_LIMIT = 60;

  // queues
  /** Attempts per queue job before it stays failed (visible in Bull Board). */
  @Transform(toNumber) @IsInt() @Min(1) @Max(20)
  JOB_ATTEMPTS = 3;
  /** First retry delay of a failed job; it doubles on each attempt. */
  @Transform(toNumber) @IsInt() @Min(10)
  JOB_BACKOFF_MS = 2000;

  /** Bearer token of the admin API, the dashboard and Bull Board (16+ characters); unset: they answer 401. */
  @IsOptional() @IsString() @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  ADMIN_TOKEN?: string;
}

export class ConfigValidationError extends Error {}

/**
 * The admin token a development stack may run with when none is set (compose, the demo). Anyone can
 * read it here, so production mode refuses it, and refuses the demo's and .env.example's patterns too.
 */
export const DEVELOPMENT_ADMIN_TOKEN = 'development-admin-token-not-for-production';
const DEMO_TOKEN_PATTERNS = [/^development-admin-token/, /^demo-admin-token/, /^change-me/];

/** Variables whose values never appear in an error message (a token, or credentials inside a URL). */
const SECRET_VARIABLES = new Set(['ADMIN_TOKEN']);

/** A value as an error message may show it: secrets by length only, URLs without their credentials. */
export function redactedValue(variable: string, value: unknown): string {
  if (SECRET_VARIABLES.has(variable)) return `<redacted, ${String(value ?? '').length} characters>`;
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(value)) return JSON.stringify(value.replace(/\/\/[^/@]*@/, '//<redacted>@'));
  return JSON.stringify(value);
}

export function validateConfig(env: Record<string, unknown>): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig()).concat('ADMIN_TOKEN', 'F1_THRESHOLD').filter((k) => env[k] !== undefined).map((k) => [k, env[k]]),
  );
  const config = plainToInstance(AppConfig, known);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}=${redactedValue(e.property, e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new ConfigValidationError(`invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.DAILY_MIN_ROWS > config.DAILY_MAX_ROWS) {
    throw new ConfigValidationError('invalid configuration:\n  DAILY_MIN_ROWS must not exceed DAILY_MAX_ROWS');
  }
  const needed = Math.max(config.FINE_TUNE_WINDOW_DAYS, config.PROMOTION_LOOKBACK_DAYS);
  if (config.RETENTION_DAYS > 0 && config.RETENTION_DAYS < needed) {
    throw new ConfigValidationError(
      `invalid configuration:\n  RETENTION_DAYS=${config.RETENTION_DAYS} would remove rows that fine-tuning or promotion still read: set 0 or at least ${needed} (FINE_TUNE_WINDOW_DAYS, PROMOTION_LOOKBACK_DAYS)`,
    );
  }
  if (config.NODE_ENV === 'production' && config.ADMIN_TOKEN && DEMO_TOKEN_PATTERNS.some((p) => p.test(config.ADMIN_TOKEN as string))) {
    throw new ConfigValidationError('invalid configuration:\n  ADMIN_TOKEN is a development or demo token, refused when NODE_ENV=production: set a long random one');
  }
  return config;
}
