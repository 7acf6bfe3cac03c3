// The backfill's range check: pure logic in front of the queue, so a fake producer that records what it
// was asked to enqueue is enough (the queueing itself is tested against Redis in the e2e suite).
import { BackfillRangeError, DayRunnerService, MAX_BACKFILL_DAYS } from './day-runner.service';
import type { JobsProducer } from './jobs.producer';

function runner(): { service: DayRunnerService; enqueued: string[] } {
  const enqueued: string[] = [];
  const producer = {
    queueFor: () => ({ getJob: async () => undefined }),
    enqueue: async (_name: string, payload: { date: string }) => {
      enqueued.push(payload.date);
      return { getState: async () => 'waiting' };
    },
  } as unknown as JobsProducer;
  return { service: new DayRunnerService(producer), enqueued };
}

describe('DayRunnerService.backfill', () => {
  it('queues every day of the range, both ends included', async () => {
    const { service, enqueued } = runner();
    const out = await service.backfill('2024-02-27', '2024-03-01');
    expect(enqueued).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(out.every((d) => d.created)).toBe(true);
  });

  it('refuses a reversed range with a BackfillRangeError naming both days, queueing nothing', async () => {
    const { service, enqueued } = runner();
    await expect(service.backfill('2024-03-02', '2024-03-01')).rejects.toThrow(new BackfillRangeError('range ends before it starts: 2024-03-02 > 2024-03-01'));
    expect(enqueued).toEqual([]);
  });

  it(`takes ${MAX_BACKFILL_DAYS} days and refuses one more, before listing a huge range`, async () => {
    const { service, enqueued } = runner();
    await expect(service.backfill('2024-01-01', '2024-12-31')).resolves.toHaveLength(366);
    expect(enqueued).toHaveLength(366);
    await expect(service.backfill('2023-01-01', '2024-01-02')).rejects.toThrow(/limited to 366 days \(asked 367\)/);
    await expect(service.backfill('0001-01-01', '9999-12-31')).rejects.toBeInstanceOf(BackfillRangeError);
    expect(enqueued).toHaveLength(366);
  });
});
