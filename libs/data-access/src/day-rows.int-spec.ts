import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { createTestEnv } from '@loan/testing';
import { DataAccessModule } from './data-access.module';
import { dayRowId } from './repositories/day-rows';
import { RawDataRepository } from './repositories/raw-data.repository';
import { RawRowDoc } from './schemas/raw-row.schema';

describe('day rows on the MongoDB-wire server', () => {
  const env = createTestEnv('dayrows');
  let app: INestApplicationContext;
  let raw: RawDataRepository;

  beforeAll(async () => {
    @Module({ imports: [MongooseModule.forRoot(env.vars.MONGODB_URI), DataAccessModule] })
    class DayRowsTestModule {}
    app = await NestFactory.createApplicationContext(DayRowsTestModule, { logger: ['error'] });
    raw = app.get(RawDataRepository);
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  const rowsOf = (day: string, n: number, tag: string): RawRowDoc[] =>
    Array.from({ length: n }, (_, row) => ({ _id: dayRowId(day, row), day, row, scenario: tag, record: { AGE: row } }));

  it('stores, reads in row order, counts and replaces a day whole; other days stay', async () => {
    await raw.replaceDay('2026-01-01', rowsOf('2026-01-01', 1234, 'a'));
    await raw.replaceDay('2026-01-02', rowsOf('2026-01-02', 10, 'other'));
    const first = await raw.findByDay('2026-01-01');
    expect(first.map((r) => r.row)).toEqual(Array.from({ length: 1234 }, (_, i) => i));
    expect(await raw.countByDay('2026-01-01')).toBe(1234);

    await raw.replaceDay('2026-01-01', rowsOf('2026-01-01', 700, 'b'));
    const second = await raw.findByDay('2026-01-01');
    expect(second).toHaveLength(700);
    expect(new Set(second.map((r) => r.scenario))).toEqual(new Set(['b']));
    expect(await raw.countByDay('2026-01-02')).toBe(10);
    expect(await raw.findByDay('2026-01-03')).toEqual([]);
    expect(await raw.countByDay('2026-01-03')).toBe(0);
    // Only the live generation's chunks remain: a head per day, 2 chunks of day 1, 1 of day 2.
    const docs = await raw['store']['model'].collection.countDocuments({});
    expect(docs).toBe(2 + 2 + 1);
    await expect(raw.replaceDay('2026-01-01', rowsOf('2026-01-02', 1, 'x'))).rejects.toThrow(/does not belong/);
  });

  it('a reader never sees a day half-replaced', async () => {
    const day = '2026-02-01';
    await raw.replaceDay(day, rowsOf(day, 1200, 'v0'));
    const seen: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let v = 1; v <= 6; v++) await raw.replaceDay(day, rowsOf(day, 1200 + v * 100, `v${v}`));
      writing = false;
    })();
    while (writing) {
      const rows = await raw.findByDay(day);
      const tags = new Set(rows.map((r) => r.scenario));
      // One generation, complete: its tag and its exact row count.
      expect(tags.size).toBe(1);
      const tag = [...tags][0];
      expect(rows).toHaveLength(1200 + Number(tag.slice(1)) * 100);
      seen.push(tag);
    }
    await writer;
    expect(seen.length).toBeGreaterThan(0);
  });
});
