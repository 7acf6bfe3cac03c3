// Hold-out quality across several random 80/20 splits, for the recipes and a logistic-regression
// reference on identical rows — one split's 4,800 rows carry ±0.007 of AUC noise on their own.
// node tools/build-app.mjs libs/ml/scripts/compare-splits.ts tmp/compare && node tmp/compare/main.js [recipe...] [--splits 2024,1,2]
import { parseArgs } from 'node:util';
import { classificationReport, RECIPES, selectBackend, stratifiedSplit, trainWithRecipe } from '../src';
import { loadRealDataSplit, pick } from '../src/testing/encode-real-data';
import { logisticRegressionBaseline } from './logistic-baseline';

async function main(): Promise<void> {
  const { values, positionals: names } = parseArgs({ allowPositionals: true, options: { splits: { type: 'string', default: '2024,1,2,3,4' } } });
  const splits = values.splits.split(',').map(Number);
  const recipes = (names.length ? names : ['quick']).map((n) => {
    if (!RECIPES[n]) throw new Error(`unknown recipe ${n}`);
    return RECIPES[n];
  });
  await selectBackend(undefined, (l) => console.log(l));
  const rows: Record<string, number | string>[] = [];
  for (const splitSeed of splits) {
    const data = loadRealDataSplit(0.2, splitSeed);
    const inner = stratifiedSplit(data.train.labels, 0.15, splitSeed + 1);
    const lr = await logisticRegressionBaseline(data.train, data.test);
    rows.push({ split: splitSeed, model: 'logistic', rocAuc: lr.rocAuc, prAuc: lr.prAuc, f1: lr.f1AtTuned, seconds: NaN });
    for (const recipe of recipes) {
      const result = await trainWithRecipe(recipe, { unlabelled: data.train.rows, train: pick(data.train, inner.train), validation: pick(data.train, inner.test) });
      const probs = await result.model.predictProba(data.test.rows);
      const r = classificationReport(data.test.labels, probs, result.threshold);
      rows.push({ split: splitSeed, model: recipe.name, rocAuc: r.rocAuc, prAuc: r.prAuc, f1: r.f1, seconds: result.elapsedMs / 1000 });
      result.model.dispose();
    }
    console.log(JSON.stringify(rows.filter((r) => r.split === splitSeed)));
  }
  for (const model of ['logistic', ...recipes.map((r) => r.name)]) {
    const mine = rows.filter((r) => r.model === model);
    const mean = (k: string) => mine.reduce((s, r) => s + (r[k] as number), 0) / mine.length;
    console.log(`${model.padEnd(9)} mean over ${mine.length} splits: ROC-AUC ${mean('rocAuc').toFixed(4)}  PR-AUC ${mean('prAuc').toFixed(4)}  F1@tuned ${mean('f1').toFixed(4)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
