import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { GradientWorkerPool, gradientWorkerEntry, kernelChoice } from '@loan/ml';
import { AppConfig } from '@loan/platform';
import { MlBackendService } from './ml-backend.service';

/**
 * The gradient worker threads training splits its batches over (TRAIN_THREADS; docs/performance.md).
 * Started on first use, from this process's own entry script (an app's main.js calls
 * runGradientWorkerIfAsked() first), for the fused kernel or tfjs ops on wasm or cpu (native TensorFlow
 * threads its own kernels).
 * A pool that cannot start is logged and training runs on the main thread: slower, never broken.
 */
@Injectable()
export class TrainingThreadsService implements OnApplicationShutdown {
  private readonly logger = new Logger(TrainingThreadsService.name);
  private starting?: Promise<GradientWorkerPool | undefined>;

  constructor(
    private readonly config: AppConfig,
    private readonly backend: MlBackendService,
  ) {}

  /** The pool to pass as trainClassifier({ workers }), or undefined for single-threaded training. */
  pool(): Promise<GradientWorkerPool | undefined> {
    this.starting ??= this.start();
    return this.starting;
  }

  async onApplicationShutdown(): Promise<void> {
    await (await this.starting)?.close();
  }

  private async start(): Promise<GradientWorkerPool | undefined> {
    const threads = this.config.TRAIN_THREADS;
    if (threads <= 1) return undefined;
    const backend = await this.backend.backend();
    const kernel = kernelChoice();
    if (kernel === 'tfjs' && backend !== 'wasm' && backend !== 'cpu') {
      this.logger.log({ backend, kernel, threads }, 'TRAIN_THREADS ignored: a native or GPU backend runs its own kernels in parallel');
      return undefined;
    }
    const entry = gradientWorkerEntry();
    try {
      if (!entry) throw new Error('this process was not started from an entry script that serves gradient workers');
      const pool = await GradientWorkerPool.start(threads, entry);
      this.logger.log({ backend, kernel, threads }, 'training splits each batch over worker threads');
      return pool;
    } catch (e) {
      this.logger.warn({ error: (e as Error).message, threads }, 'gradient worker threads did not start; training on one thread');
      return undefined;
    }
  }
}
