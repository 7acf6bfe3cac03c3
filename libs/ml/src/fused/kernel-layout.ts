// What the fused kernel is told about a TabTransformer: its shape as integers, its dropout rates, and
// one offset per parameter role into a flat buffer laid out in parameterSpecs order (so the names and
// their order stay defined once, in tab-transformer.ts). The kernel checks the offsets tile the
// buffer with the sizes the shape implies (libs/ml/kernel/src/config.rs) and refuses anything else.
//
// Roles, in order: categories, columns, numeric_w, numeric_b; per layer norm1 γ β, q w b, k w b,
// v w b, out w b, norm2 γ β, ff w1 b1 w2 b2; final norm γ β; numeric norm γ β; per hidden layer
// w (w_tokens for the first), w_numeric (first only), b; output w b; then the total. -1 = absent.
import { ENCODER_PREFIX, HEAD_PREFIX, parameterSpecs } from '../parameter-specs';
import { TabTransformerConfig } from '../tab-transformer-config';
import { sizeOfShape } from '../weight-map';

export interface ParameterBlock {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface KernelLayout {
  /** Every parameter, in buffer order. */
  blocks: ParameterBlock[];
  byName: Map<string, ParameterBlock>;
  /** Parameters in all. */
  total: number;
  /** Offset of the first head parameter: the encoder's fill [0, headStart). */
  headStart: number;
  /** [cats, nums, d, layers, heads, ff, gelu, preNorm, numericTokens, numericLayerNorm, hiddenCount, ...hidden, ...vocab] */
  shape: number[];
  /** Offsets per role (see the header). */
  roles: number[];
  /** attention, feed-forward, residual and head dropout. */
  rates: [number, number, number, number];
}

export function kernelLayout(config: TabTransformerConfig): KernelLayout {
  const blocks: ParameterBlock[] = [];
  let offset = 0;
  for (const spec of parameterSpecs(config)) {
    const size = sizeOfShape(spec.shape);
    blocks.push({ name: spec.name, shape: spec.shape, offset, size });
    offset += size;
  }
  const byName = new Map(blocks.map((b) => [b.name, b]));
  const at = (name: string) => byName.get(name)?.offset ?? -1;
  const e = (name: string) => at(ENCODER_PREFIX + name);
  const h = (name: string) => at(HEAD_PREFIX + name);
  const roles = [e('embedding/categories'), e('embedding/columns'), e('embedding/numeric_w'), e('embedding/numeric_b')];
  for (let l = 0; l < config.numLayers; l++) {
    const p = (name: string) => e(`layer${l}/${name}`);
    roles.push(p('norm1/gamma'), p('norm1/beta'));
    for (const m of ['q', 'k', 'v', 'out']) roles.push(p(`attention/w_${m}`), p(`attention/b_${m}`));
    roles.push(p('norm2/gamma'), p('norm2/beta'), p('ff/w1'), p('ff/b1'), p('ff/w2'), p('ff/b2'));
  }
  roles.push(e('final_norm/gamma'), e('final_norm/beta'), h('numeric_norm/gamma'), h('numeric_norm/beta'));
  config.headHidden.forEach((_, i) => {
    if (i === 0) roles.push(h('hidden0/w_tokens'), h('hidden0/w_numeric'), h('hidden0/b'));
    else roles.push(h(`hidden${i}/w`), -1, h(`hidden${i}/b`));
  });
  roles.push(h('output/w'), h('output/b'), offset);
  const head = blocks.find((b) => b.name.startsWith(HEAD_PREFIX));
  return {
    blocks,
    byName,
    total: offset,
    headStart: head ? head.offset : offset,
    shape: [
      config.categoricalVocabSizes.length,
      config.numericFeatures,
      config.dModel,
      config.numLayers,
      config.numHeads,
      config.dModel * config.ffMultiplier,
      config.ffActivation === 'gelu' ? 1 : 0,
      config.norm === 'pre' ? 1 : 0,
      config.numericTokens ? 1 : 0,
      config.numericNorm === 'layer' ? 1 : 0,
      config.headHidden.length,
      ...config.headHidden,
      ...config.categoricalVocabSizes,
    ],
    roles,
    rates: [config.attentionDropout, config.ffDropout, config.residualDropout, config.headDropout],
  };
}
