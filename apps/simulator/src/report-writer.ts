import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HealingSummary, healingChartSpecs, healingReportMarkdown, ReportContext, SimulationDay } from '@loan/simulation';

// vega and vega-lite are ES modules with top-level await: require() cannot load them, and TypeScript's
// CommonJS output would turn a plain import() into require(). This keeps a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

interface VegaLite {
  compile(spec: unknown): { spec: unknown };
}
interface Vega {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}

/** Renders each chart to SVG with vega (headless, no canvas needed). */
async function renderCharts(days: readonly SimulationDay[]): Promise<{ name: string; svg: string }[]> {
  const [vl, vega] = await Promise.all([importEsm<VegaLite>('vega-lite'), importEsm<Vega>('vega')]);
  const out: { name: string; svg: string }[] = [];
  for (const { name, spec } of healingChartSpecs(days)) {
    const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
    out.push({ name, svg: await view.toSVG() });
    view.finalize();
  }
  return out;
}

/** Writes summary.json, report.md, charts.html and one SVG per chart under dir. */
export async function writeHealingReport(dir: string, ctx: ReportContext, summary: HealingSummary, days: readonly SimulationDay[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const charts = await renderCharts(days);
  const files: [string, string][] = [
    ['summary.json', JSON.stringify({ context: ctx, summary, days }, null, 2) + '\n'],
    ['report.md', healingReportMarkdown(ctx, summary, days)],
    [
      'charts.html',
      `<!doctype html><html><head><meta charset="utf-8"><title>Healing report: ${ctx.calendar}</title></head>` +
        `<body style="font-family:sans-serif"><h1>Healing report: ${ctx.calendar}</h1>${charts.map((c) => `<figure>${c.svg}</figure>`).join('\n')}</body></html>\n`,
    ],
    ...charts.map((c): [string, string] => [`${c.name}.svg`, c.svg]),
  ];
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
