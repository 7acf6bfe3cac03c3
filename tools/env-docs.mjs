// docs/environment.md from the code: every variable AppConfig (libs/platform/src/app-config.ts)
// validates, with its default, its rule (from the class-validator decorators) and its meaning (the
// property's doc comment, else the section comment above it); the apps' port variables (from
// bootstrapApp calls); and the few variables read outside AppConfig (listed below, each checked to be
// read where it says). `--check` fails when the committed file differs or .env.example misses one.
// Usage: node tools/env-docs.mjs [--check]
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = 'docs/environment.md';
const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

/** Read outside AppConfig: [name, default, meaning, file that reads it]. */
const OUTSIDE = [
  ['TF_BACKEND', '(unset)', 'Forces one tfjs backend (tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu; webgpu then takes even a software adapter); unset: the first that loads, in the app\'s order.', 'libs/ml/src/backend.ts'],
  ['ML_KERNEL', 'fused', 'What runs the TabTransformer\'s arithmetic: fused (the WebAssembly SIMD kernel, libs/ml/kernel) or tfjs (tfjs ops, the reference); fused falls back to tfjs where WebAssembly SIMD is missing.', 'libs/ml/src/fused/kernel-choice.ts'],
  ['APP', 'generator', 'Docker image only: which app the container runs (docker-compose.yml sets it per service).', 'Dockerfile'],
];

function configVariables() {
  const file = 'libs/platform/src/app-config.ts';
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const cls = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'AppConfig');
  const text = source.getFullText();
  const out = [];
  let section = '';
  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const name = member.name.getText(source);
    const leading = (ts.getLeadingCommentRanges(text, member.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end));
    const line = leading.find((c) => c.startsWith('//'));
    if (line) section = line.replace(/^\/\/\s*/, '');
    const doc = leading.filter((c) => c.startsWith('/**')).map((c) => c.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).join(' ').trim()).join(' ');
    const rules = [];
    for (const d of ts.getDecorators(member) ?? []) {
      if (!ts.isCallExpression(d.expression)) continue;
      const fn = d.expression.expression.getText(source);
      const args = d.expression.arguments.map((a) => a.getText(source));
      const rule = {
        IsOptional: 'optional',
        IsInt: 'integer',
        IsNumber: 'number',
        IsString: 'string',
        IsIn: () => `one of ${args[0].replace(/[[\]']/g, '').replace(/,\s*/g, ', ')}`,
        Min: () => `≥ ${args[0]}`,
        Max: () => `≤ ${args[0]}`,
        MinLength: () => `at least ${args[0]} characters`,
        Matches: () => `matches \`${args[0]}\``,
      }[fn];
      if (rule) rules.push(typeof rule === 'function' ? rule() : rule);
    }
    const rule = rules.join(', ');
    const init = member.initializer;
    const initial = !init ? '(unset)' : ts.isStringLiteral(init) ? init.text : init.getText(source).replace(/(?<=\d)_(?=\d)/g, '');
    if (!doc) throw new Error(`AppConfig.${name} has no doc comment: say what it means (docs/environment.md is generated from it)`);
    out.push({ name, default: initial, rule, meaning: doc, section });
  }
  return out;
}

function portVariables() {
  const out = [];
  for (const app of readdirSync(join(root, 'apps')).sort()) {
    const main = join(root, 'apps', app, 'src/main.ts');
    if (!existsSync(main)) continue;
    const m = /portEnv:\s*'([A-Z_]+)',\s*defaultPort:\s*(\d+)/s.exec(readFileSync(main, 'utf8'));
    if (m) out.push({ name: m[1], default: m[2], rule: 'integer port', meaning: `Port of the ${app} (GET /health there${app === 'inference-api' ? '; the API, /dashboard, /docs, /metrics, /admin/queues' : ''}).`, section: 'ports' });
  }
  return out;
}

function render() {
  const config = configVariables();
  const ports = portVariables().filter((p) => !config.some((c) => c.name === p.name));
  for (const [name, , , file] of OUTSIDE) {
    if (!readFileSync(join(root, file), 'utf8').includes(name)) throw new Error(`${name} is documented as read by ${file}, which does not mention it`);
  }
  const cell = (s) => String(s).replace(/\|/g, '\\|');
  const rows = [
    ...config.map((v) => `| \`${v.name}\` | \`${cell(v.default)}\` | ${cell(v.rule)} | ${cell([v.section && `*${v.section}*`, v.meaning].filter(Boolean).join(': '))} |`),
    ...ports.map((v) => `| \`${v.name}\` | \`${v.default}\` | ${v.rule} | ${cell(v.meaning)} |`),
    ...OUTSIDE.map(([name, def, meaning]) => `| \`${name}\` | \`${def}\` | | ${cell(meaning)} |`),
  ];
  const names = [...config, ...ports].map((v) => v.name).concat(OUTSIDE.map(([n]) => n));
  const text = [
    '# Environment variables',
    '',
    'Generated by `node tools/env-docs.mjs` from `libs/platform/src/app-config.ts` (every app validates these at',
    'start-up and stops naming a bad one), the apps\' `bootstrapApp` port settings, and the few variables read',
    'elsewhere. CI runs it with `--check`, so this table cannot drift from the code. `.env.example` lists them all.',
    '',
    '| variable | default | rule | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  return { text, names };
}

const { text, names } = render();
if (values.check) {
  const problems = [];
  const current = existsSync(join(root, OUT)) ? readFileSync(join(root, OUT), 'utf8') : '';
  if (current !== text) problems.push(`${OUT} is out of date: run node tools/env-docs.mjs`);
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  for (const name of names.filter((n) => n !== 'APP')) {
    if (!new RegExp(`^#?\\s*${name}=`, 'm').test(example)) problems.push(`.env.example does not list ${name}`);
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`${OUT} and .env.example cover all ${names.length} variables`);
} else {
  writeFileSync(join(root, OUT), text);
  console.log(`wrote ${OUT} (${names.length} variables)`);
}
