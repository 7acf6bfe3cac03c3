// Bundles one Nest app (or script) into dist/<out>/main.js.
// esbuild does the bundling (~1 s an app on 2 cores, against ~30 s for webpack); TypeScript's own
// transpileModule compiles each .ts file because esbuild cannot emit the decorator metadata Nest's DI
// and mongoose's @Prop need. Packages from node_modules stay external and load at run time.
// Type checking is separate: `npm run typecheck`.
// --assets DIR copies a folder of static files next to main.js as <outdir>/<basename of DIR>, where the
// code finds it the same way as in the source tree (join(__dirname, 'public')).
// --bundle-packages bundles node_modules too, but for each --external PACKAGE: one file for a machine
// without npm (scripts/gpu-kit.sh).
import { build } from 'esbuild';
import { cp, readFile, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { assets: { type: 'string', multiple: true, default: [] }, 'bundle-packages': { type: 'boolean', default: false }, external: { type: 'string', multiple: true, default: [] } },
});
const [entry, outdir] = positionals;
if (!entry || !outdir || positionals.length > 2) {
  console.error('usage: node tools/build-app.mjs <entry.ts> <outdir> [--assets DIR]... [--bundle-packages [--external PACKAGE]...]');
  process.exit(2);
}

const base = JSON.parse(await readFile(resolve(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const compilerOptions = {
  ...ts.convertCompilerOptionsFromJson(base, root).options,
  module: ts.ModuleKind.CommonJS,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: false,
};
const aliases = Object.fromEntries(Object.entries(base.paths).map(([k, [v]]) => [k, resolve(root, v)]));

const tsDecorators = {
  name: 'ts-decorator-metadata',
  setup(b) {
    b.onResolve({ filter: /^@loan\// }, (args) => ({ path: aliases[args.path] }));
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const out = ts.transpileModule(source, { compilerOptions, fileName: args.path });
      return { contents: out.outputText, loader: 'js' };
    });
  },
};

const started = Date.now();
await build({
  entryPoints: [resolve(root, entry)],
  outfile: resolve(root, outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  ...(values['bundle-packages'] ? { external: values.external } : { packages: 'external' }),
  plugins: [tsDecorators],
  logLevel: 'warning',
});
for (const dir of values.assets) {
  const target = resolve(root, outdir, basename(dir));
  await rm(target, { recursive: true, force: true });
  await cp(resolve(root, dir), target, { recursive: true });
}
console.log(`built ${entry} → ${outdir}/main.js in ${Date.now() - started} ms`);
