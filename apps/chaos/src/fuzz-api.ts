// npm run fuzz:api (scripts/fuzz-api.sh): schemathesis against a running inference-api, every route of its
// OpenAPI spec, once with the admin token and once without. The API runs on private servers with two small
// model versions and an admin rate limit high enough that the fuzzer is not throttled (the limit has its
// own tests). Prints the cases run and what failed; exits 1 on a 5xx or a response the spec does not allow.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { AlertsRepository } from '@loan/data-access';
import { DeploymentService } from '@loan/model-registry';
import { positiveInt, runCommandLine } from '@loan/platform';
import { createTestEnv, RunningApp, startApp, waitHealthy, WORKSPACE_ROOT } from '@loan/testing';
import { ChaosModule } from './chaos.module';
import { seedTwoVersions, waitServing } from './seed-versions';
import { privateServers } from './servers';

interface Options {
  schemathesis: string;
  examples: number;
  seed: number;
  basePort: number;
  out: string;
}

interface PassResult {
  name: string;
  exitCode: number;
  cases: number;
  failures: string[];
  statuses: Record<string, number>;
}

/** Runs one schemathesis pass; the cases and statuses come from its HAR report (one entry per request). */
function runPass(options: Options, name: string, url: string, headers: string[], dir: string): Promise<PassResult> {
  const har = join(dir, `${name}.har`);
  const args = [
    '--config-file',
    join(WORKSPACE_ROOT, 'tools/fuzz/schemathesis.toml'),
    'run',
    `${url}/docs-json`,
    '--url',
    url,
    '--checks',
    'all',
    '--max-examples',
    String(options.examples),
    '--seed',
    String(options.seed),
    // One worker: hypothesis's lambda-source cache is not thread-safe (a "recursion depth mismatch" error
    // in schemathesis' coverage phase with 2).
    '--workers',
    '1',
    '--no-color',
    '--report',
    'har',
    '--report-har-path',
    har,
    ...headers.flatMap((h) => ['--header', h]),
  ];
  return new Promise((resolvePass) => {
    execFile(options.schemathesis, args, { maxBuffer: 256 << 20, env: { ...process.env, SCHEMATHESIS_HOOKS: '' } }, (error, stdout, stderr) => {
      writeFileSync(join(dir, `${name}.log`), `${stdout}\n${stderr}`);
      const statuses: Record<string, number> = {};
      let cases = 0;
      try {
        const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: { response: { status: number } }[] } }).log.entries;
        cases = entries.length;
        for (const e of entries) statuses[String(e.response.status)] = (statuses[String(e.response.status)] ?? 0) + 1;
      } catch {
        statuses['unreadable report'] = 1;
      }
      // The failing checks, as schemathesis lists them between its FAILURES (or ERRORS) and WARNINGS headings:
      // each operation's heading line and each check's "- STnnn ..." line.
      const lines = stdout.split('\n');
      const from = lines.findIndex((l) => /={3,} (FAILURES|ERRORS) ={3,}/.test(l));
      const to = lines.findIndex((l, i) => i > from && /={3,} (WARNINGS|SUMMARY) ={3,}/.test(l));
      const failures = from < 0 ? [] : lines.slice(from + 1, to < 0 ? undefined : to).filter((l) => /^_{3,} .+ _{3,}$|^- ST\d+/.test(l.trim())).slice(0, 40);
      resolvePass({ name, exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0, cases, failures, statuses });
    });
  });
}

async function fuzz(options: Options): Promise<void> {
  const { servers, redisUrl, mongoUri } = privateServers(options.basePort, 'fuzz');

  const token = `fuzz-${randomBytes(12).toString('hex')}`;
  const env = createTestEnv('api', { LOG_LEVEL: 'error', ADMIN_TOKEN: token, ADMIN_RATE_LIMIT: '100000' }, { label: 'fuzz', stable: true, redisUrl, mongoUri });
  console.log(`[fuzz] Redis at ${redisUrl}, FerretDB at ${mongoUri}`);
  await servers.up();
  await env.cleanup();
  env.apply();
  const context = await NestFactory.createApplicationContext(ChaosModule, { logger: ['error'] });
  let api: RunningApp | undefined;
  const dir = resolve(options.out);
  mkdirSync(dir, { recursive: true });
  const passes: PassResult[] = [];
  try {
    await seedTwoVersions(context);
    // State for every route to reach its handler: a previous champion to roll back to, an alert to acknowledge.
    await context.get(DeploymentService).promote(2, 'fuzz: a previous champion for rollback');
    await context.get(AlertsRepository).raise({ _id: 'fuzz-alert-1', severity: 'WARNING', kind: 'fuzz', day: '2026-01-01', message: 'an alert for the fuzzer to acknowledge' });
    // Started once the champion exists, so that it loads it at start-up.
    api = startApp('inference-api', { ...env.vars, PORT: String(options.basePort) });
    await waitHealthy(api, options.basePort);
    await waitServing(options.basePort);
    const url = `http://127.0.0.1:${options.basePort}`;
    for (const [name, headers] of [
      ['with-token', [`Authorization: Bearer ${token}`]],
      ['without-token', []],
    ] as const) {
      console.log(`[fuzz] pass ${name}: up to ${options.examples} cases per operation, seed ${options.seed}`);
      const pass = await runPass(options, name, url, [...headers], dir);
      passes.push(pass);
      console.log(`[fuzz]   ${pass.cases} requests, statuses ${JSON.stringify(pass.statuses)}, schemathesis exit ${pass.exitCode}`);
      for (const f of pass.failures) console.log(`[fuzz]   ${f}`);
    }
  } finally {
    await context.close();
    const end = await api?.stop();
    if (api && end && end.code !== 0 && end.signal === null) console.error(`inference-api exited ${end.code}: ${api.output().slice(-2000)}`);
    await servers.down().catch((e: Error) => console.error(`stopping the private servers: ${e.message}`));
  }
  const total = passes.reduce((n, p) => n + p.cases, 0);
  const fiveXx = passes.reduce((n, p) => n + Object.entries(p.statuses).filter(([s]) => s.startsWith('5')).reduce((m, [, c]) => m + c, 0), 0);
  const summary = { examples: options.examples, seed: options.seed, total, fiveXx, passes };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(`[fuzz] ${total} requests in ${passes.length} passes, ${fiveXx} answered 5xx; reports in ${dir}`);
  const failed = passes.filter((p) => p.exitCode !== 0);
  if (fiveXx || failed.length) throw new Error(`${fiveXx} 5xx; schemathesis failed in ${failed.map((p) => p.name).join(', ') || 'no pass'} (see ${dir}/*.log)`);
}

function program(): Command {
  return new Command('fuzz:api')
    .description('Fuzz the inference-api against its OpenAPI spec with schemathesis, with and without the admin token')
    .requiredOption('--schemathesis <path>', 'the schemathesis executable (scripts/fuzz-api.sh installs one)')
    .option('--examples <n>', 'most cases per operation and pass', positiveInt, 40)
    .option('--seed <n>', 'hypothesis seed', positiveInt, 1)
    .option('--base-port <port>', 'the API on base; Redis on base+50, FerretDB on base+51', positiveInt, 3901)
    .option('--out <dir>', 'where the reports go', join(WORKSPACE_ROOT, 'reports/fuzz'))
    .exitOverride()
    .action((options: Options) => fuzz(options));
}

runCommandLine(program(), 'fuzz:api');
