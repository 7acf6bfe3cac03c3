import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { Prng } from './prng';
import { ENCODER_PREFIX, HEAD_PREFIX, parameterSpecs, TabTransformer } from './tab-transformer';
import { resolveTabTransformerConfig } from './tab-transformer-config';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';

describe('TabTransformer', () => {
  const { rows } = makeSyntheticRows(40, 1);

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  it('has the documented defaults (d 32, 6 layers, 4 heads, ff 4×d, pre-LN)', () => {
    const c = resolveTabTransformerConfig();
    expect(c).toMatchObject({ dModel: 32, numLayers: 6, numHeads: 4, ffMultiplier: 4, norm: 'pre' });
    expect(c.categoricalVocabSizes).toHaveLength(9);
    expect(c.numericFeatures).toBe(14);
  });

  it('rejects inconsistent sizes', () => {
    expect(() => resolveTabTransformerConfig({ dModel: 10, numHeads: 4 })).toThrow(/divisible/);
    expect(() => resolveTabTransformerConfig({ ffDropout: 1 })).toThrow(/ffDropout/);
    expect(() => resolveTabTransformerConfig({ numLayers: 0 })).toThrow(/numLayers/);
  });

  it('produces one probability in (0, 1) per row and contextual embeddings of [rows·columns, d]', async () => {
    const model = new TabTransformer(TINY_CONFIG);
    const m = model.toMatrix(rows);
    const shapes = tf.tidy(() => [model.encode(m).shape, model.logits(m).shape]);
    expect(shapes).toEqual([[40 * 9, 8], [40]]);
    const p = await model.predictProba(rows);
    expect(p).toHaveLength(40);
    expect(Array.from(p).every((v) => v > 0 && v < 1)).toBe(true);
    model.dispose();
  });

  it.each([
    { norm: 'post' as const, ffActivation: 'gelu' as const },
    { norm: 'pre' as const, numericNorm: 'none' as const, headHidden: [] },
    { numericTokens: true },
    { numLayers: 2, headHidden: [16, 8], attentionDropout: 0.1, ffDropout: 0.1, residualDropout: 0.1, headDropout: 0.1 },
  ])('runs the %o variant, training and inference modes', async (variant) => {
    const model = new TabTransformer({ ...TINY_CONFIG, ...variant });
    const m = model.toMatrix(rows);
    const train = tf.tidy(() => Array.from(model.logits(m, new Prng(1)).dataSync()));
    expect(train.every(Number.isFinite)).toBe(true);
    const p = await model.predictProba(m);
    expect(Array.from(p).every((v) => v > 0 && v < 1)).toBe(true);
    model.dispose();
  });

  it('has every parameter the spec lists, split into encoder and head', () => {
    const model = new TabTransformer(TINY_CONFIG);
    const names = model.params.names();
    expect(names).toEqual(parameterSpecs(model.config).map((s) => s.name));
    expect(names.every((n) => n.startsWith(ENCODER_PREFIX) || n.startsWith(HEAD_PREFIX))).toBe(true);
    expect(names.filter((n) => n.startsWith(ENCODER_PREFIX)).length).toBeGreaterThan(10);
    model.dispose();
  });

  it('same seed ⇒ identical weights and predictions; another seed differs', async () => {
    const a = new TabTransformer({ ...TINY_CONFIG, seed: 7 });
    const b = new TabTransformer({ ...TINY_CONFIG, seed: 7 });
    const c = new TabTransformer({ ...TINY_CONFIG, seed: 8 });
    const wa = await a.exportWeights();
    const wb = await b.exportWeights();
    for (const name of Object.keys(wa)) expect(Array.from(wb[name].values)).toEqual(Array.from(wa[name].values));
    expect(Array.from(await b.predictProba(rows))).toEqual(Array.from(await a.predictProba(rows)));
    expect(Array.from(await c.predictProba(rows))).not.toEqual(Array.from(await a.predictProba(rows)));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('scores each row independently of its batch (no leakage across rows)', async () => {
    const model = new TabTransformer(TINY_CONFIG);
    const all = await model.predictProba(rows);
    const small = await model.predictProba(model.toMatrix(rows), 7);
    const single = await model.predictProba([rows[13]]);
    expect(Array.from(small)).toEqual(Array.from(all));
    expect(single[0]).toBeCloseTo(all[13], 6);
    model.dispose();
  });

  it('treats out-of-range category ids and non-finite numerics as unknown / mean', async () => {
    const model = new TabTransformer(TINY_CONFIG);
    const base = { categorical: [0, 1, 1, 3, 3, 3, 3, 3, 3], numeric: new Array(14).fill(0) };
    const odd = { categorical: [99, 1, 1, 3, 3, 3, 3, 3, -4], numeric: [NaN, ...new Array(13).fill(0)] };
    const fixed = { ...base, categorical: [0, 1, 1, 3, 3, 3, 3, 3, 0] };
    const [pOdd, pFixed] = await model.predictProba([odd, fixed]);
    expect(pOdd).toBeCloseTo(pFixed, 6);
    expect(() => model.toMatrix([{ categorical: [1], numeric: [] }])).toThrow(/expected 9 categorical and 14 numeric/);
    model.dispose();
  });

  it('gives the same outputs on the wasm and cpu backends (guards against kernel bugs)', async () => {
    const model = new TabTransformer({ ...TINY_CONFIG, numLayers: 2 });
    const onWasm = await model.predictProba(rows);
    // The cpu backend greets Node users with a "use tfjs-node" banner on first use; keep the log clean.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await tf.setBackend('cpu');
    try {
      const onCpu = await model.predictProba(rows);
      onCpu.forEach((v, i) => expect(v).toBeCloseTo(onWasm[i], 5));
    } finally {
      await tf.setBackend('wasm');
      warn.mockRestore();
      model.dispose();
    }
  });

  it('refuses to run after dispose', async () => {
    const model = new TabTransformer(TINY_CONFIG);
    model.dispose();
    await expect(model.predictProba(rows)).rejects.toThrow(/disposed/);
  });
});
