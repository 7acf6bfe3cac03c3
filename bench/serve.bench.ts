// What a prediction costs through the running inference-api (HTTP, validation, micro-batching, model),
// measured side by side in one run: 1-row requests alone and under a small concurrent load, and the
// same 1,024 records sent as concurrent 1-row requests vs one batch request. Not a test: it prints
// figures and ratios. Needs a serving API: `npm run demo` in another terminal, then
//   API_URL=http://127.0.0.1:3000 npm run bench:serve
import { readFileSync } from 'node:fs';
import { LABEL_COLUMN } from '@loan/features';
import { parseCreditCsv } from '@loan/synthetic';

const API = process.env.API_URL ?? 'http://127.0.0.1:3000';

function records(n: number): Record<string, number>[] {
  return parseCreditCsv(readFileSync('data/credit-default-taiwan.csv', 'utf8'))
    .slice(0, n)
    .map(({ [LABEL_COLUMN]: _label, ...features }) => features);
}

async function post(recs: unknown[]): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${API}/api/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: recs }) });
  if (res.status !== 200) throw new Error(`predict answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - t;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** `total` 1-row requests from `concurrency` clients; latencies in ms and wall time. */
async function load(recs: Record<string, number>[], total: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        latencies.push(await post([recs[i % recs.length]]));
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t };
}

async function main() {
  const recs = records(1024);
  await load(recs, 50, 4); // warm-up
  const alone = await load(recs, 300, 1);
  const small = await load(recs, 600, 8);
  const singles = await load(recs, 1024, 32);
  const t = performance.now();
  await post(recs);
  const batchMs = performance.now() - t;

  const row = (name: string, r: { latencies: number[]; wallMs: number }) =>
    console.log(
      `${name.padEnd(34)} p50 ${pct(r.latencies, 50).toFixed(2).padStart(7)} ms   p99 ${pct(r.latencies, 99).toFixed(2).padStart(7)} ms   ${(r.latencies.length / (r.wallMs / 1000)).toFixed(0).padStart(6)} req/s`,
    );
  console.log(`inference-api at ${API}`);
  row('1 row, 1 client (300 requests)', alone);
  row('1 row, 8 clients (600 requests)', small);
  row('1 row, 32 clients (1,024 requests)', singles);
  console.log(`1,024 rows in one request            ${batchMs.toFixed(1)} ms`);
  console.log(`ratios: p50 under 8 clients / alone = ${(pct(small.latencies, 50) / pct(alone.latencies, 50)).toFixed(2)}; ` +
    `records/s one batch request / 1,024 concurrent 1-row requests = ${(singles.wallMs / batchMs).toFixed(1)}×`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
