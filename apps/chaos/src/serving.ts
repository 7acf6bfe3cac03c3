// npm run chaos:serving -- [options]: steady concurrent 1-row predictions against two inference-api
// instances (clients alternate between them, as behind a load balancer) on a Redis and a FerretDB of its
// own, while an operator reloads every few seconds, promotes and rolls back in turn (the other instance
// follows through the reload message on Redis), and Redis is restarted once. Prints requests sent,
// failed and p50/p99; exits 1 on any failed prediction or when the instances end up serving different
// champions. Writes reports/chaos/serving/summary.json.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { LABEL_COLUMN } from '@loan/features';
import { positiveInt, runCommandLine } from '@loan/platform';
import { parseCreditCsv } from '@loan/features';
import { createTestEnv, RunningApp, startApp, waitHealthy, WORKSPACE_ROOT } from '@loan/testing';
import { ChaosModule } from './chaos.module';
import { seedTwoVersions, waitServing } from './seed-versions';
import { privateServers, sleep } from './servers';

interface Options {
  seconds: number;
  clients: number;
  reloadEvery: number;
  switchEvery: number;
  basePort: number;
  out: string;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function servingChaos(options: Options): Promise<void> {
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const log = (msg: string) => console.log(`[chaos:serving ${elapsed().toFixed(0).padStart(3)} s] ${msg}`);
  const { servers, redisUrl, mongoUri } = privateServers(options.basePort, 'chaos');
  const token = `chaos-${randomBytes(12).toString('hex')}`;
  // The operator's calls are many in a short run: the admin limit is raised so that none is throttled.
  const env = createTestEnv('serving', { LOG_LEVEL: 'warn', ADMIN_TOKEN: token, ADMIN_RATE_LIMIT: '10000' }, { label: 'chaos', stable: true, redisUrl, mongoUri });
  log(`starting Redis at ${redisUrl} and FerretDB at ${mongoUri}`);
  await servers.up();
  await env.cleanup();
  env.apply();

  const context = await NestFactory.createApplicationContext(ChaosModule, { logger: ['error', 'warn'] });
  const ports = [options.basePort, options.basePort + 1];
  let apis: RunningApp[] = [];
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const servedBy = new Map<number, number>();
  const admin: { at: number; op: string; status: number | string; ms: number }[] = [];
  let redisDownSeconds = 0;
  let finalModels: (number | null)[] = [];
  try {
    log('training two small versions on real rows (v1 champion, v2 to promote and roll back)');
    await seedTwoVersions(context);
    // Started once the champion exists, so that each loads it at start-up.
    apis = ports.map((p) => startApp('inference-api', { ...env.vars, PORT: String(p) }));
    await Promise.all(apis.map((a, i) => waitHealthy(a, ports[i])));
    await Promise.all(ports.map((p) => waitServing(p)));
    log(`two inference-api instances healthy on :${ports.join(', :')}`);

    const records = parseCreditCsv(readFileSync(join(WORKSPACE_ROOT, 'data/credit-default-taiwan.csv'), 'utf8'))
      .slice(0, 2000)
      .map(({ [LABEL_COLUMN]: _label, ...features }) => features);
    const bodies = records.map((r) => JSON.stringify({ records: [r] }));
    const deadline = Date.now() + options.seconds * 1000;
    let sent = 0;

    const client = async (c: number) => {
      for (let i = c; Date.now() < deadline; i += options.clients) {
        const port = ports[i % ports.length];
        const t = performance.now();
        sent++;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length] });
          const text = await res.text();
          if (res.status !== 200) {
            failures.set(`HTTP ${res.status}: ${text.slice(0, 120)}`, (failures.get(`HTTP ${res.status}: ${text.slice(0, 120)}`) ?? 0) + 1);
            continue;
          }
          const version = (JSON.parse(text) as { modelVersion: number }).modelVersion;
          servedBy.set(version, (servedBy.get(version) ?? 0) + 1);
          latencies.push(performance.now() - t);
        } catch (e) {
          const key = `network: ${(e as Error).cause ? String((e as { cause: Error }).cause.message) : (e as Error).message}`;
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    };

    const call = async (op: string, path: string) => {
      const t = performance.now();
      try {
        const res = await fetch(`http://127.0.0.1:${ports[0]}/api/v1/admin/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        admin.push({ at: elapsed(), op, status: res.status, ms: performance.now() - t });
      } catch (e) {
        admin.push({ at: elapsed(), op, status: (e as Error).message, ms: performance.now() - t });
      }
    };

    const operator = async () => {
      let nextReload = Date.now() + options.reloadEvery * 1000;
      let nextSwitch = Date.now() + options.switchEvery * 1000;
      let promoted = false;
      let redisRestarted = false;
      while (Date.now() < deadline - 2000) {
        if (!redisRestarted && Date.now() > started + (deadline - started) / 2) {
          redisRestarted = true;
          log('restarting Redis');
          redisDownSeconds = await servers.restart('redis', 1500);
          log(`Redis down and back in ${redisDownSeconds.toFixed(1)} s`);
        } else if (Date.now() >= nextSwitch) {
          await call(promoted ? 'rollback' : 'promote v2', promoted ? 'rollback' : 'versions/2/promote');
          promoted = !promoted;
          nextSwitch += options.switchEvery * 1000;
        } else if (Date.now() >= nextReload) {
          await call('reload', 'reload');
          nextReload += options.reloadEvery * 1000;
        }
        await sleep(100);
      }
    };

    log(`${options.clients} clients for ${options.seconds} s; reload every ${options.reloadEvery} s, promote/rollback every ${options.switchEvery} s, one Redis restart`);
    await Promise.all([...Array.from({ length: options.clients }, (_, c) => client(c)), operator()]);
    // Both instances must end on the alias the database holds (the follower learnt of every change).
    await sleep(3000);
    finalModels = await Promise.all(
      ports.map(async (p) => ((await (await fetch(`http://127.0.0.1:${p}/api/v1/model`)).json()) as { version?: number }).version ?? null),
    );

    latencies.sort((a, b) => a - b);
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const adminFailed = admin.filter((a) => a.status !== 200);
    const summary = {
      seconds: options.seconds,
      clients: options.clients,
      sent,
      ok: latencies.length,
      failed,
      failures: Object.fromEntries(failures),
      p50Ms: pct(latencies, 50),
      p99Ms: pct(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? NaN,
      requestsPerSecond: latencies.length / options.seconds,
      servedBy: Object.fromEntries(servedBy),
      adminCalls: admin.length,
      adminByOp: Object.fromEntries(['reload', 'promote v2', 'rollback'].map((op) => [op, admin.filter((a) => a.op === op).length])),
      adminFailed,
      redisDownSeconds,
      finalChampionPerInstance: finalModels,
    };
    const dir = resolve(options.out, 'serving');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    console.log(`sent ${sent}, ok ${latencies.length}, failed ${failed}; p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms, max ${summary.maxMs.toFixed(0)} ms; ${summary.requestsPerSecond.toFixed(0)} req/s`);
    console.log(`served by version: ${[...servedBy].map(([v, n]) => `v${v} ${n}`).join(', ')}`);
    console.log(`operator: ${admin.length} calls (${Object.entries(summary.adminByOp).map(([k, v]) => `${k} ${v}`).join(', ')}), ${adminFailed.length} not 200; Redis down ${redisDownSeconds.toFixed(1)} s`);
    console.log(`champion per instance at the end: ${finalModels.map((v) => `v${v}`).join(', ')}`);
    for (const [k, n] of failures) console.log(`  ✗ ${n} × ${k}`);
    for (const a of adminFailed) console.log(`  ✗ admin ${a.op} at ${a.at.toFixed(1)} s: ${a.status}`);
    const agree = finalModels.every((v) => v !== null && v === finalModels[0]);
    if (failed || adminFailed.length || !agree) {
      throw new Error(`${failed} failed prediction(s), ${adminFailed.length} failed admin call(s)${agree ? '' : `, instances disagree on the champion (${finalModels.join(' vs ')})`}`);
    }
    log(`wrote ${join(dir, 'summary.json')}`);
  } finally {
    await context.close();
    await Promise.all(apis.map((a) => a.stop()));
    await servers.down().catch((e: Error) => console.error(`stopping the private servers: ${e.message}`));
  }
}

function program(): Command {
  return new Command('chaos:serving')
    .description('Steady predictions on two inference-api instances through reloads, promotions, rollbacks and a Redis restart')
    .option('--seconds <n>', 'how long the load runs', positiveInt, 60)
    .option('--clients <n>', 'concurrent clients, each sending one 1-row request at a time', positiveInt, 16)
    .option('--reload-every <seconds>', 'seconds between admin reloads', positiveInt, 3)
    .option('--switch-every <seconds>', 'seconds between a promotion and the next rollback', positiveInt, 10)
    .option('--base-port <port>', 'the two instances on base and base+1; Redis on base+50, FerretDB on base+51', positiveInt, 3801)
    .option('--out <dir>', 'where the summary goes', join(WORKSPACE_ROOT, 'reports/chaos'))
    .exitOverride()
    .action((options: Options) => servingChaos(options));
}

runCommandLine(program(), 'chaos:serving');
