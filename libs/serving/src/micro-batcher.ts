// Dynamic micro-batching for model inference: concurrent requests are gathered into one model call,
// because one forward pass over 64 rows costs far less than 64 passes over one row. A batch is flushed
// when it is full or when its oldest request has waited long enough, and only one batch runs at a time
// because the model runs on one thread: overlapping calls would only queue inside it.

export interface MicroBatcherOptions<I, O> {
  /** Items per batch; a single request larger than this still runs, alone. */
  maxBatchSize: number;
  /** How long the oldest pending request may wait for company before its batch is flushed. */
  maxWaitMs: number;
  /** Runs the model on a batch; must return exactly one output per item, in order. */
  run: (items: I[]) => Promise<O[]>;
}

export interface MicroBatcherStats {
  batches: number;
  items: number;
  requests: number;
  largestBatch: number;
}

interface PendingRequest<I, O> {
  items: I[];
  arrivedAt: number;
  /** Set by the wait timer, so a timer that fires a hair early still flushes. */
  due: boolean;
  resolve: (outputs: O[]) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<I, O> {
  private readonly maxBatchSize: number;
  private readonly maxWaitMs: number;
  private readonly run: (items: I[]) => Promise<O[]>;
  private readonly queue: PendingRequest<I, O>[] = [];
  private pendingItems = 0;
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly counters: MicroBatcherStats = { batches: 0, items: 0, requests: 0, largestBatch: 0 };

  constructor(options: MicroBatcherOptions<I, O>) {
    const { maxBatchSize, maxWaitMs, run } = options;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    }
    if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      throw new RangeError(`maxWaitMs must be a finite number >= 0, got ${maxWaitMs}`);
    }
    if (typeof run !== 'function') throw new TypeError('run must be a function');
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMs = maxWaitMs;
    this.run = run;
  }

  /** Queues one request's items; resolves with exactly its outputs, in order. */
  submit(items: I[]): Promise<O[]> {
    if (this.closed) return Promise.reject(new Error('batcher closed'));
    if (!Array.isArray(items)) return Promise.reject(new TypeError('items must be an array'));
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items: [...items], arrivedAt: Date.now(), due: false, resolve, reject });
      this.pendingItems += items.length;
      this.pump();
    });
  }

  stats(): MicroBatcherStats {
    return { ...this.counters };
  }

  /** Stops accepting requests, flushes everything pending and waits until the last batch is done. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    while (this.running || this.queue.length > 0) {
      this.pump();
      await this.running;
    }
  }

  /** Starts the next batch if none is running and one is ready; otherwise arms the wait timer. */
  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    if (!this.isReady(this.queue[0])) {
      this.armTimer(this.queue[0]);
      return;
    }
    this.clearTimer();
    const batch = this.takeBatch();
    this.running = this.runBatch(batch).finally(() => {
      this.running = null;
      this.pump();
    });
  }

  private isReady(head: PendingRequest<I, O>): boolean {
    return (
      this.closed || this.pendingItems >= this.maxBatchSize || head.due || Date.now() - head.arrivedAt >= this.maxWaitMs
    );
  }

  private armTimer(head: PendingRequest<I, O>): void {
    if (this.timer) return;
    const delay = Math.max(0, head.arrivedAt + this.maxWaitMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      head.due = true;
      this.pump();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Whole requests in FIFO order while the batch stays within maxBatchSize; an oversized head goes alone. */
  private takeBatch(): PendingRequest<I, O>[] {
    const batch = [this.queue.shift() as PendingRequest<I, O>];
    let size = batch[0].items.length;
    while (this.queue.length > 0 && size + this.queue[0].items.length <= this.maxBatchSize) {
      const next = this.queue.shift() as PendingRequest<I, O>;
      size += next.items.length;
      batch.push(next);
    }
    this.pendingItems -= size;
    return batch;
  }

  /** Never rejects: a failure is delivered to the batch's own requests only. */
  private async runBatch(batch: PendingRequest<I, O>[]): Promise<void> {
    const items = batch.flatMap((r) => r.items);
    this.counters.batches += 1;
    this.counters.items += items.length;
    this.counters.requests += batch.length;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, items.length);
    let outputs: O[];
    try {
      outputs = await this.run(items);
      if (!Array.isArray(outputs) || outputs.length !== items.length) {
        const got = Array.isArray(outputs) ? `${outputs.length} outputs` : typeof outputs;
        throw new Error(`model run returned ${got} for ${items.length} items`);
      }
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    let offset = 0;
    for (const request of batch) {
      request.resolve(outputs.slice(offset, offset + request.items.length));
      offset += request.items.length;
    }
  }
}
