// Storage cost against history: `npm run bench:history [-- --days 365 --rows 900]`. Backfills N days of
// processed rows and times one day's replace, read and count on days 1, 30, 100 and N (each after that
// many days are stored), for the day store (DayRowStore: a head document and row chunks, read by `_id`)
// and, side by side on the same server, its peer: the former one-document-per-row layout read and
// deleted by `day`. Prints each figure and its ratio to day 1. Needs the local services
// (`bash scripts/services.sh up`); uses its own database, dropped at the end.
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { DayRowStore, dayRowId, ProcessedRowDoc, ProcessedRowSchema } from '@loan/data-access';

const { values } = parseArgs({ options: { days: { type: 'string', default: '365' }, rows: { type: 'string', default: '900' } } });
const DAYS = Number(values.days);
const ROWS = Number(values.rows);
const CHECKPOINTS = [...new Set([1, 30, 100, DAYS].filter((d) => d <= DAYS))];
const uri = (process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27027/loan_default').replace(/\/[^/?]+(\?|$)/, '/bench_history$1');

const dayOf = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const rowsOf = (day: string): ProcessedRowDoc[] =>
  Array.from({ length: ROWS }, (_, row) => ({
    _id: dayRowId(day, row),
    day,
    row,
    categorical: [1, 2, 1],
    numeric: Array.from({ length: 20 }, (_, j) => Math.sin(row * 31 + j)),
    label: row % 5 === 0 ? 1 : 0,
    split: row % 2 ? 'tuning' : 'evaluation',
    preprocessingVersion: 'bench',
  }));

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

interface Layout {
  name: string;
  replace(day: string, rows: ProcessedRowDoc[]): Promise<unknown>;
  read(day: string): Promise<unknown>;
  count(day: string): Promise<unknown>;
}

async function main(): Promise<void> {
  const conn = await mongoose.createConnection(uri).asPromise();
  await conn.dropDatabase();
  const store = new DayRowStore(conn.model<ProcessedRowDoc>('DayStore', ProcessedRowSchema, 'bench_day_store'));
  const perRow = conn.collection('bench_row_docs');
  const layouts: Layout[] = [
    { name: 'day store (by _id)', replace: (d, r) => store.replaceDay(d, r), read: (d) => store.findByDay(d), count: (d) => store.countByDay(d) },
    {
      name: 'row documents (by day)',
      replace: async (d, r) => {
        await perRow.deleteMany({ day: d });
        await perRow.insertMany(r as never[]);
      },
      read: (d) => perRow.find({ day: d }).toArray(),
      count: (d) => perRow.countDocuments({ day: d }),
    },
  ];
  const results: Record<string, Record<number, { replace: number; read: number; count: number }>> = {};
  for (let i = 1; i <= DAYS; i++) {
    const day = dayOf(i);
    for (const l of layouts) {
      if (!CHECKPOINTS.includes(i)) {
        await l.replace(day, rowsOf(day));
        continue;
      }
      const replace = await ms(() => l.replace(day, rowsOf(day)));
      const read = await ms(() => l.read(dayOf(1)));
      const count = await ms(() => l.count(dayOf(1)));
      (results[l.name] ??= {})[i] = { replace, read, count };
    }
    if (i % 50 === 0) console.error(`[bench:history] ${i}/${DAYS} days stored`);
  }
  console.log(`\n${ROWS} rows a day; times in ms for one day with N days stored (ratio to day 1)\n`);
  console.log(`| layout | operation | ${CHECKPOINTS.map((c) => `day ${c}`).join(' | ')} |`);
  console.log(`|---|---|${CHECKPOINTS.map(() => '---').join('|')}|`);
  for (const l of layouts) {
    for (const op of ['replace', 'read', 'count'] as const) {
      const base = results[l.name][1][op];
      const cells = CHECKPOINTS.map((c) => `${results[l.name][c][op].toFixed(1)} (${(results[l.name][c][op] / base).toFixed(2)}×)`);
      console.log(`| ${l.name} | ${op} | ${cells.join(' | ')} |`);
    }
  }
  const last = CHECKPOINTS[CHECKPOINTS.length - 1];
  const ours = layouts[0].name;
  const peer = layouts[1].name;
  const total = (name: string, c: number) => results[name][c].replace + results[name][c].read;
  console.log(`\nday ${last}, replace + read: day store ${total(ours, last).toFixed(1)} ms, row documents ${total(peer, last).toFixed(1)} ms: ${(total(peer, last) / total(ours, last)).toFixed(1)}× faster; day store day ${last} / day 1 = ${(total(ours, last) / total(ours, 1)).toFixed(2)}×`);
  await conn.dropDatabase();
  await conn.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
