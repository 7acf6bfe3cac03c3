// What serving costs against its peer, side by side in one run on the same cores:
// `npm run bench:serve [-- --seconds 6 --connections 64 --rounds 5]`. It starts, as separate processes, the
// inference-api (on the shared services, its own database, a champion of the full recipe's architecture)
// and a bare NestJS app on the same adapter (Fastify) and body limit answering a constant
// (bench/peers/bare-nest.ts), the same bare app on express 5 (the issue's first peer), then drives them
// with autocannon from this process and prints:
//   1. req/s and p50/p99 of 1-row predicts at N connections, inference-api vs bare Nest on the same
//      adapter, and the ratio; the ratio to bare Nest on express too;
//   2. micro-batching on vs off: the same load against a second inference-api with BATCH_MAX_SIZE=1 and
//      BATCH_MAX_WAIT_MS=0, rows/s ratio;
//   3. 10,000 records in one request vs the same model scoring the same rows in process (preprocess +
//      predict), rows/s ratio;
//   4. the inference-api's peak RSS (VmHWM) over the run.
// This VM's speed drifts between minutes (the bare app alone gave 3,600–7,600 req/s in runs minutes
// apart), so 1–2 run in rounds: each round loads every server once, the two sides of a ratio back to
// back (which goes first alternates), a ratio is taken within a round, and the verdict is on the median
// over the rounds (bench/rounds.ts); 3 pairs of request / in-process timings.
// The champion is trained for one epoch on real rows: its speed, not its quality, is what is measured.
// Not a test: it prints figures and ratios.
import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { DataAccessModule } from '@loan/data-access';
import { LABEL_COLUMN, LoanFeatures, preprocessRow } from '@loan/features';
import { FULL_RECIPE } from '@loan/ml';
import { ModelRegistryModule, ModelRegistryService } from '@loan/model-registry';
import { PlatformModule } from '@loan/platform';
import { parseCreditCsv } from '@loan/features';
import { createTestEnv, RunningApp, WORKSPACE_ROOT } from '@loan/testing';
import { seedTinyChampion } from '@loan/testing-models';
import { spawn } from 'node:child_process';
import { median, range } from './rounds';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '64' },
    'batch-records': { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    /** Writes a V8 CPU profile of the batching inference-api to tmp/bench-serve-profile/ (open in Chrome DevTools). */
    profile: { type: 'boolean', default: false },
    /** Node options of both inference-api servers; default: what docker-compose.yml gives the inference-api ('' for V8's defaults). */
    'node-options': { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const BATCH_RECORDS = Number(values['batch-records']);
const ROUNDS = Number(values.rounds);
const BATCH_PAIRS = 3;
const PORTS = { api: 3961, unbatched: 3962, bare: 3963, express: 3964 };
const composeApi = (parse(readFileSync(join(WORKSPACE_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> }).services['inference-api'];
const API_NODE_OPTIONS = values['node-options'] ?? composeApi.environment?.['NODE_OPTIONS'] ?? '';

@Module({ imports: [PlatformModule.forApp('bench-serve', []), DataAccessModule, ModelRegistryModule] })
class BenchModule {}

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(port: number, body: string, connections = CONNECTIONS, seconds = SECONDS): Promise<Load> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/predict`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
  });
  return { requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** CPU seconds a process has used (utime + stime). */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Measured = Load & { cpu: { server: number; db: number; client: number } };

/** A load run, with the CPU seconds the server, FerretDB and this process (the load generator) spent on it. */
async function measured(port: number, server: RunningApp, body: string): Promise<Measured> {
  const dbPid = Number(readFileSync(join(WORKSPACE_ROOT, '.data/ferretdb-27027.pid'), 'utf8').trim());
  const before = { server: cpuSeconds(server.process.pid), db: cpuSeconds(dbPid), client: process.cpuUsage() };
  const result = await load(port, body);
  const client = process.cpuUsage(before.client);
  return {
    ...result,
    cpu: { server: cpuSeconds(server.process.pid) - before.server, db: cpuSeconds(dbPid) - before.db, client: (client.user + client.system) / 1e6 },
  };
}

/** VmHWM (peak resident memory) or VmRSS (now) of a process, in MB. */
function memoryMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * A server as its own process, stdout and stderr to a file under tmp/ (as production ships logs to a
 * collector): piping them into this process would bill their handling to the load generator.
 */
function startServer(name: string, main: string, env: Record<string, string>, nodeArgs: string[] = []): RunningApp {
  mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
  const log = join(WORKSPACE_ROOT, `tmp/bench-serve-${name}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [...nodeArgs, join(WORKSPACE_ROOT, main)], { cwd: WORKSPACE_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  return {
    name,
    process: child,
    output: () => readFileSync(log, 'utf8').slice(-5000),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
        child.once('exit', (code, signal) => resolve({ code, signal }));
        child.kill('SIGTERM');
      }),
  };
}

async function listening(app: RunningApp, port: number, path: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (app.process.exitCode !== null) throw new Error(`${app.name} exited: ${app.output()}`);
    const ok = await fetch(`http://127.0.0.1:${port}${path}`, { method: path === '/health' ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: path === '/health' ? undefined : '{}' })
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${app.name} did not listen on :${port}`);
}

/** The V8 heap and external memory an app reports on /metrics (prom-client's default metrics), in MB. */
async function heapOf(port: number): Promise<{ heapUsed: number; heapTotal: number; external: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return { heapUsed: value('nodejs_heap_size_used_bytes'), heapTotal: value('nodejs_heap_size_total_bytes'), external: value('nodejs_external_memory_bytes') };
}

async function main(): Promise<void> {
  const env = createTestEnv('serve', { LOG_LEVEL: 'info' }, { label: 'bench', stable: true });
  await env.cleanup();
  env.apply();
  const context: INestApplicationContext = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const apps: RunningApp[] = [];
  try {
    console.error('[bench:serve] training a champion of the full recipe for one epoch (speed, not quality)');
    const { fit } = await seedTinyChampion(context, FULL_RECIPE.config, 1);
    const apiMain = 'dist/apps/inference-api/main.js';
    const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', join(WORKSPACE_ROOT, 'tmp/bench-serve-profile')] : [];
    const api = startServer('api', apiMain, { ...env.vars, PORT: String(PORTS.api), NODE_OPTIONS: API_NODE_OPTIONS }, profile);
    const unbatched = startServer('unbatched', apiMain, { ...env.vars, PORT: String(PORTS.unbatched), BATCH_MAX_SIZE: '1', BATCH_MAX_WAIT_MS: '0', NODE_OPTIONS: API_NODE_OPTIONS });
    const bare = startServer('bare-nest', 'dist/bench/bare-nest/main.js', { PORT: String(PORTS.bare) });
    const express = startServer('bare-express', 'dist/bench/bare-nest/main.js', { PORT: String(PORTS.express), ADAPTER: 'express' });
    apps.push(api, unbatched, bare, express);
    await Promise.all([
      listening(api, PORTS.api, '/health'),
      listening(unbatched, PORTS.unbatched, '/health'),
      listening(bare, PORTS.bare, '/api/v1/predict'),
      listening(express, PORTS.express, '/api/v1/predict'),
    ]);

    const records: LoanFeatures[] = parseCreditCsv(readFileSync(join(WORKSPACE_ROOT, 'data/credit-default-taiwan.csv'), 'utf8')).map(({ [LABEL_COLUMN]: _label, ...f }) => f);
    const oneRow = JSON.stringify({ records: [records[0]] });

    // Warm-up of each server (JIT, model kernels, connection pools), then the measured runs one at a time.
    for (const port of [PORTS.api, PORTS.unbatched, PORTS.bare, PORTS.express]) await load(port, oneRow, 8, 2);
    const rounds: Record<'bare' | 'express' | 'api' | 'unbatched', Measured>[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // The inference-api between the two servers its targets compare it with, so each ratio's sides run
      // back to back; which side goes first alternates by round.
      const servers = { bare, api, unbatched, express };
      const order = r % 2 ? (['unbatched', 'api', 'bare', 'express'] as const) : (['express', 'bare', 'api', 'unbatched'] as const);
      const round: Partial<Record<keyof typeof servers, Measured>> = {};
      for (const name of order) round[name] = await measured(PORTS[name], servers[name], oneRow);
      rounds.push(round as Record<keyof typeof servers, Measured>);
    }

    const rssBeforeBatch = { now: memoryMb(api.process.pid, 'VmRSS'), peak: memoryMb(api.process.pid) };
    const heap = await heapOf(PORTS.api);
    const batch = records.slice(0, BATCH_RECORDS);
    const batchBody = JSON.stringify({ records: batch });
    const timeRequest = async () => {
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORTS.api}/api/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batchBody });
      if (res.status !== 200) throw new Error(`batch predict answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    // The same model, loaded as serving loads it, scoring the same rows in this process.
    const { model } = await context.get(ModelRegistryService).load(1);
    const timeInProcess = async () => {
      const t = performance.now();
      await model.predictProba(batch.map((r) => preprocessRow(r, fit)));
      return performance.now() - t;
    };
    await timeRequest();
    await timeInProcess();
    const pairs: { requestMs: number; inProcessMs: number }[] = [];
    for (let i = 0; i < BATCH_PAIRS; i++) pairs.push({ requestMs: await timeRequest(), inProcessMs: await timeInProcess() });
    model.dispose();
    const rss = memoryMb(api.process.pid);

    const row = (name: string, l: Measured) =>
      console.log(
        `| ${name} | ${l.rps.toFixed(0)} | ${l.p50.toFixed(1)} | ${l.p99.toFixed(1)} | ${l.requests} | ${l.errors + l.non2xx} | ${l.cpu.server.toFixed(1)} / ${l.cpu.db.toFixed(1)} / ${l.cpu.client.toFixed(1)} |`,
      );
    console.log(`\n1-row POST /api/v1/predict, ${CONNECTIONS} connections, ${SECONDS} s each, ${ROUNDS} rounds (autocannon in this process, same cores); inference-api NODE_OPTIONS: ${API_NODE_OPTIONS || '(none: V8 defaults)'}\n`);
    console.log(`| server (round) | req/s | p50 ms | p99 ms | requests | failed | CPU s: server / FerretDB / load generator (of ${SECONDS * 2} on 2 cores) |\n|---|---|---|---|---|---|---|`);
    rounds.forEach((r, i) => {
      row(`bare NestJS on Fastify, constant answer (${i + 1})`, r.bare);
      row(`bare NestJS on express, constant answer (${i + 1})`, r.express);
      row(`inference-api, micro-batching on (${i + 1})`, r.api);
      row(`inference-api, BATCH_MAX_SIZE=1 BATCH_MAX_WAIT_MS=0 (${i + 1})`, r.unbatched);
    });
    console.log(`\n${BATCH_RECORDS.toLocaleString('en')} records in one request vs in process, ${BATCH_PAIRS} pairs back to back (ms): ${pairs.map((p) => `${p.requestMs.toFixed(0)} / ${p.inProcessMs.toFixed(0)}`).join(', ')}`);
    console.log(`inference-api peak RSS (VmHWM): ${rss.toFixed(0)} MB (before the ${BATCH_RECORDS.toLocaleString('en')}-record requests: ${rssBeforeBatch.now.toFixed(0)} MB now, ${rssBeforeBatch.peak.toFixed(0)} MB peak)`);
    console.log(`  of which, before them (its /metrics): V8 heap ${heap.heapUsed.toFixed(0)} MB used of ${heap.heapTotal.toFixed(0)} MB, external (ArrayBuffers, wasm) ${heap.external.toFixed(0)} MB\n`);
    const verdict = (name: string, ratios: number[], target: number) => {
      const m = median(ratios);
      console.log(`${name.padEnd(48)} ${m.toFixed(2)}× (${range(ratios)})  target ≥ ${target}×  ${m >= target ? 'met' : 'NOT met'}`);
    };
    console.log(`${'ratio'.padEnd(48)} median (range over ${ROUNDS} rounds / ${BATCH_PAIRS} pairs)`);
    verdict('inference-api / bare NestJS, same adapter', rounds.map((r) => r.api.rps / r.bare.rps), 0.5);
    const info = (name: string, ratios: number[], note: string) => console.log(`${name.padEnd(48)} ${median(ratios).toFixed(2)}× (${range(ratios)})  ${note}`);
    info('inference-api / bare NestJS on express', rounds.map((r) => r.api.rps / r.express.rps), '(the issue\'s first peer, the adapter before 2026-12-06)');
    verdict('micro-batching on / off (rows/s)', rounds.map((r) => r.api.rps / r.unbatched.rps), 5);
    verdict('batch request / in-process (rows/s)', pairs.map((p) => p.inProcessMs / p.requestMs), 0.8);
    info('bare NestJS: Fastify / express', rounds.map((r) => r.bare.rps / r.express.rps), '(the adapter alone)');
    console.log(`${'peak RSS'.padEnd(48)} ${rss.toFixed(0)} MB  target ≤ 300 MB  ${rss <= 300 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await context.close();
    await env.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
