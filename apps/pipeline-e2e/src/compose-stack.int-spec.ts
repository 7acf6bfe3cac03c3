// docker-compose.yml's stack without Docker: each service's command and environment as the file gives
// them (nothing exported, so its defaults: the development token, NODE_ENV=development), with only the
// hosts mapped to the real Redis and MongoDB-wire server here and the ports moved by +1000 so a running
// demo is not in the way. The one-shot bootstrap finds the champion and exits 0, every app passes the
// healthcheck compose runs, and the stack serves.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parse } from 'yaml';
import { ALL_QUEUES } from '@loan/contracts';
import { DataAccessModule } from '@loan/data-access';
import { ModelRegistryModule } from '@loan/model-registry';
import { DEVELOPMENT_ADMIN_TOKEN, PlatformModule } from '@loan/platform';
import { createTestEnv, RunningApp, startApp, WORKSPACE_ROOT } from '@loan/testing';
import { seedTinyChampion } from '@loan/testing-models';

type Service = { command?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] }; profiles?: string[] };
const compose = parse(readFileSync(join(WORKSPACE_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const APPS = ['generator', 'processor', 'evaluator-trainer', 'deployer', 'inference-api'];
const PORT_SHIFT = 1000;

@Module({ imports: [PlatformModule.forApp('compose-seed', ALL_QUEUES), DataAccessModule, ModelRegistryModule] })
class SeedModule {}

/** The service's environment with compose's defaults applied, hosts mapped here, ports shifted. */
function serviceEnv(name: string, env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(compose.services[name].environment ?? {})) {
    const value = String(v).replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
    out[k] = /_PORT$|^PORT$/.test(k) ? String(Number(value) + PORT_SHIFT) : value;
  }
  return { ...out, REDIS_URL: env.REDIS_URL, MONGODB_URI: env.MONGODB_URI, QUEUE_PREFIX: env.QUEUE_PREFIX, GENERATOR_CRON_ENABLED: 'false' };
}

describe('the compose stack, as docker-compose.yml wires it (without Docker)', () => {
  const testEnv = createTestEnv('compose_stack');
  const env = testEnv.vars;
  const apps: RunningApp[] = [];
  let context: INestApplicationContext;

  beforeAll(async () => {
    testEnv.apply();
    context = await NestFactory.createApplicationContext(SeedModule, { logger: false });
    await seedTinyChampion(context);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await context?.close();
    await testEnv.cleanup();
  });

  it('the one-shot bootstrap finds the champion and exits 0 at once', async () => {
    const [cmd, ...args] = compose.services['bootstrap'].command ?? [];
    expect(cmd).toBe('node');
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: WORKSPACE_ROOT, env: { ...process.env, ...serviceEnv('bootstrap', env) } });
    expect(stdout).toContain('a champion exists (v1); nothing trained');
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it("every app starts with the service's environment and passes the healthcheck compose runs", async () => {
    for (const name of APPS) {
      const vars = serviceEnv(name, env);
      expect(vars['ADMIN_TOKEN']).toBe(DEVELOPMENT_ADMIN_TOKEN);
      apps.push(startApp(vars['APP'], vars));
    }
    for (const [i, name] of APPS.entries()) {
      const [kind, command, ...args] = compose.services[name].healthcheck?.test ?? [];
      expect([kind, command]).toEqual(['CMD', 'node']);
      const vars = serviceEnv(name, env);
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (apps[i].process.exitCode !== null) throw new Error(`${name} exited:\n${apps[i].output().slice(-2000)}`);
        const ok = await promisify(execFile)(process.execPath, args, { env: { ...process.env, ...vars } }).then(() => true, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`${name} never passed its healthcheck:\n${apps[i].output().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }, 150_000);

  it('serves predictions, and the admin API and dashboard with the development token', async () => {
    const api = `http://127.0.0.1:${Number(serviceEnv('inference-api', env)['PORT'])}`;
    const deadline = Date.now() + 60_000;
    while ((await fetch(`${api}/api/v1/model`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() > deadline) throw new Error('no champion served');
      await new Promise((r) => setTimeout(r, 300));
    }
    const record = { LIMIT_BAL: 50000, SEX: 2, EDUCATION: 2, MARRIAGE: 1, AGE: 35, PAY_0: 2, PAY_2: 2, PAY_3: 0, PAY_4: 0, PAY_5: 0, PAY_6: 0, BILL_AMT1: 46990, BILL_AMT2: 48233, BILL_AMT3: 49291, BILL_AMT4: 28314, BILL_AMT5: 28959, BILL_AMT6: 29547, PAY_AMT1: 2000, PAY_AMT2: 2019, PAY_AMT3: 1200, PAY_AMT4: 1100, PAY_AMT5: 1069, PAY_AMT6: 1000 };
    const predicted = await fetch(`${api}/api/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: [record] }) });
    expect(predicted.status).toBe(200);
    expect(((await predicted.json()) as { modelVersion: number }).modelVersion).toBe(1);
    const auth = { authorization: `Bearer ${DEVELOPMENT_ADMIN_TOKEN}` };
    expect((await fetch(`${api}/api/v1/admin/versions`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${api}/api/v1/admin/dashboard?days=7`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${api}/dashboard/`)).headers.get('content-type')).toContain('text/html');
  }, 90_000);
});
