import { MicroBatcher } from './micro-batcher';

/** A model whose batches finish only when the test says so, recording what ran and how many at once. */
function controlledModel() {
  const calls: number[][] = [];
  const finishers: Array<(outputs?: string[]) => void> = [];
  let active = 0;
  let maxActive = 0;
  const run = jest.fn((items: number[]): Promise<string[]> => {
    calls.push(items);
    active += 1;
    maxActive = Math.max(maxActive, active);
    return new Promise<string[]>((resolve) => {
      finishers.push((outputs) => {
        active -= 1;
        resolve(outputs ?? items.map((x) => `out${x}`));
      });
    });
  });
  return {
    run,
    calls,
    /** Finishes the oldest unfinished batch. */
    finishNext: (outputs?: string[]) => (finishers.shift() as (o?: string[]) => void)(outputs),
    maxActive: () => maxActive,
  };
}

/** Lets promise callbacks (resolutions, the batcher's follow-up flush) run without moving the clock. */
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('MicroBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs concurrent submits within the wait window as one batch and maps outputs back', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 100, maxWaitMs: 10, run: model.run });
    const a = batcher.submit([1, 2]);
    await jest.advanceTimersByTimeAsync(4);
    const b = batcher.submit([3]);
    const c = batcher.submit([4, 5, 6]);
    await jest.advanceTimersByTimeAsync(5);
    expect(model.run).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(1); // 10 ms after the first request
    expect(model.calls).toEqual([[1, 2, 3, 4, 5, 6]]);
    model.finishNext();
    await expect(a).resolves.toEqual(['out1', 'out2']);
    await expect(b).resolves.toEqual(['out3']);
    await expect(c).resolves.toEqual(['out4', 'out5', 'out6']);
    expect(batcher.stats()).toEqual({ batches: 1, items: 6, requests: 3, largestBatch: 6 });
  });

  it('flushes at once when pending items reach maxBatchSize', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 5, maxWaitMs: 1000, run: model.run });
    void batcher.submit([1, 2, 3]);
    expect(model.run).not.toHaveBeenCalled();
    const b = batcher.submit([4, 5]);
    expect(model.calls).toEqual([[1, 2, 3, 4, 5]]);
    model.finishNext();
    await expect(b).resolves.toEqual(['out4', 'out5']);
  });

  it('never splits a request: the one that does not fit waits for the next batch', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 5, maxWaitMs: 50, run: model.run });
    const a = batcher.submit([1, 2, 3]);
    const b = batcher.submit([4, 5, 6]);
    expect(model.calls).toEqual([[1, 2, 3]]);
    model.finishNext();
    await expect(a).resolves.toEqual(['out1', 'out2', 'out3']);
    // b alone is below maxBatchSize and has not waited 50 ms yet
    expect(model.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(50);
    expect(model.calls).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    model.finishNext();
    await expect(b).resolves.toEqual(['out4', 'out5', 'out6']);
  });

  it('runs a request larger than maxBatchSize in a batch of its own', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 4, maxWaitMs: 50, run: model.run });
    const small = batcher.submit([1]);
    const big = batcher.submit([10, 11, 12, 13, 14, 15]);
    const after = batcher.submit([2]);
    expect(model.calls).toEqual([[1]]);
    model.finishNext();
    await settle();
    expect(model.calls).toEqual([[1], [10, 11, 12, 13, 14, 15]]);
    model.finishNext();
    await settle();
    expect(model.calls).toHaveLength(2); // [2] alone still waits for its window
    await jest.advanceTimersByTimeAsync(50);
    expect(model.calls[2]).toEqual([2]);
    model.finishNext();
    await expect(small).resolves.toEqual(['out1']);
    await expect(big).resolves.toHaveLength(6);
    await expect(after).resolves.toEqual(['out2']);
    expect(batcher.stats().largestBatch).toBe(6);
  });

  it('runs one batch at a time; requests that arrive meanwhile go out as soon as it finishes if already due', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 3, maxWaitMs: 20, run: model.run });
    const results = [batcher.submit([1, 2, 3])];
    expect(model.calls).toHaveLength(1);
    results.push(batcher.submit([4]));
    await jest.advanceTimersByTimeAsync(30); // [4] is overdue, but a batch is still running
    results.push(batcher.submit([5, 6, 7]), batcher.submit([8]));
    expect(model.calls).toHaveLength(1);

    model.finishNext();
    await settle();
    expect(model.calls[1]).toEqual([4]); // overdue → flushed right away, not after another wait
    model.finishNext();
    await settle();
    expect(model.calls[2]).toEqual([5, 6, 7]); // full → right away
    model.finishNext();
    await settle();
    expect(model.calls).toHaveLength(3); // [8] arrived at t=30 and waits until t=50
    await jest.advanceTimersByTimeAsync(20);
    expect(model.calls[3]).toEqual([8]);
    model.finishNext();

    expect(await Promise.all(results)).toEqual([['out1', 'out2', 'out3'], ['out4'], ['out5', 'out6', 'out7'], ['out8']]);
    expect(model.maxActive()).toBe(1);
  });

  it('keeps model concurrency at one under a burst of mixed requests', async () => {
    const active = { now: 0, max: 0 };
    const run = async (items: number[]): Promise<number[]> => {
      active.now += 1;
      active.max = Math.max(active.max, active.now);
      await new Promise((r) => setTimeout(r, 3));
      active.now -= 1;
      return items.map((x) => x * 2);
    };
    const batcher = new MicroBatcher({ maxBatchSize: 8, maxWaitMs: 2, run });
    const requests = Array.from({ length: 40 }, (_, i) => Array.from({ length: (i % 5) + 1 }, (_, j) => i * 10 + j));
    const pending = requests.map((items) => batcher.submit(items));
    await jest.advanceTimersByTimeAsync(1000);
    const outputs = await Promise.all(pending);
    expect(outputs).toEqual(requests.map((items) => items.map((x) => x * 2)));
    expect(active.max).toBe(1);
    const stats = batcher.stats();
    expect(stats.requests).toBe(40);
    expect(stats.items).toBe(requests.flat().length);
    expect(stats.largestBatch).toBeLessThanOrEqual(8);
    expect(stats.batches).toBeLessThan(40);
  });

  it('rejects every request of a failing batch and only those', async () => {
    const model = controlledModel();
    let failNext = true;
    const run = (items: number[]) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('model exploded'));
      }
      return model.run(items);
    };
    const batcher = new MicroBatcher({ maxBatchSize: 3, maxWaitMs: 5, run });
    const a = batcher.submit([1, 2]);
    const b = batcher.submit([3]);
    const c = batcher.submit([4]);
    await expect(a).rejects.toThrow('model exploded');
    await expect(b).rejects.toThrow('model exploded');
    await jest.advanceTimersByTimeAsync(5);
    model.finishNext();
    await expect(c).resolves.toEqual(['out4']);
  });

  it('rejects a batch whose run returns the wrong number of outputs', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 10, maxWaitMs: 5, run: model.run });
    const a = batcher.submit([1, 2]);
    const b = batcher.submit([3]);
    await jest.advanceTimersByTimeAsync(5);
    model.finishNext(['x', 'y']);
    await expect(a).rejects.toThrow(/2 outputs for 3 items/);
    await expect(b).rejects.toThrow(/2 outputs for 3 items/);
    const c = batcher.submit([4]);
    await jest.advanceTimersByTimeAsync(5);
    model.finishNext();
    await expect(c).resolves.toEqual(['out4']);
  });

  it('rejects a batch whose run throws synchronously', async () => {
    const batcher = new MicroBatcher<number, number>({
      maxBatchSize: 1,
      maxWaitMs: 0,
      run: () => {
        throw new Error('sync failure');
      },
    });
    await expect(batcher.submit([1])).rejects.toThrow('sync failure');
  });

  it('resolves an empty submit to [] without running the model', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 2, maxWaitMs: 5, run: model.run });
    await expect(batcher.submit([])).resolves.toEqual([]);
    await jest.advanceTimersByTimeAsync(10);
    expect(model.run).not.toHaveBeenCalled();
    expect(batcher.stats()).toEqual({ batches: 0, items: 0, requests: 0, largestBatch: 0 });
  });

  it('close flushes pending requests without waiting, waits for the running batch, then refuses new work', async () => {
    const model = controlledModel();
    const batcher = new MicroBatcher({ maxBatchSize: 2, maxWaitMs: 10_000, run: model.run });
    const a = batcher.submit([1, 2]); // full → running
    const b = batcher.submit([3]); // pending, far from its deadline
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await expect(batcher.submit([9])).rejects.toThrow('batcher closed');

    await settle();
    expect(model.calls).toHaveLength(1); // still one batch at a time
    model.finishNext();
    await settle();
    expect(model.calls[1]).toEqual([3]); // flushed without its 10 s wait
    expect(closed).toBe(false);
    model.finishNext();
    await closing;
    expect(closed).toBe(true);
    await expect(a).resolves.toEqual(['out1', 'out2']);
    await expect(b).resolves.toEqual(['out3']);
  });

  it('close on an idle batcher resolves at once', async () => {
    const batcher = new MicroBatcher({ maxBatchSize: 2, maxWaitMs: 5, run: async (xs: number[]) => xs });
    await expect(batcher.close()).resolves.toBeUndefined();
    await expect(batcher.submit([])).rejects.toThrow('batcher closed');
  });

  it.each([
    [{ maxBatchSize: 0, maxWaitMs: 5 }],
    [{ maxBatchSize: 2.5, maxWaitMs: 5 }],
    [{ maxBatchSize: Number.NaN, maxWaitMs: 5 }],
    [{ maxBatchSize: 4, maxWaitMs: -1 }],
    [{ maxBatchSize: 4, maxWaitMs: Number.POSITIVE_INFINITY }],
    [{ maxBatchSize: 4, maxWaitMs: Number.NaN }],
  ])('rejects invalid options %o with a RangeError', (options) => {
    expect(() => new MicroBatcher({ ...options, run: async (xs: number[]) => xs })).toThrow(RangeError);
  });
});
