// Every parameter of a TabTransformer, named and in a fixed order: the contract between the model,
// its artifacts and the fused kernel's flat buffer (fused/kernel-layout.ts).
import { TabTransformerConfig } from './tab-transformer-config';

/** Parameters of the contextual encoder (embeddings + transformer): what pre-training produces. */
export const ENCODER_PREFIX = 'encoder/';
/** Parameters of the numeric normalisation and MLP head. */
export const HEAD_PREFIX = 'head/';

type Init = 'glorot' | 'embedding' | 'small' | 'zeros' | 'ones';

export interface ParameterSpec {
  name: string;
  shape: number[];
  init: Init;
  /** Glorot limit override, for a block of a larger logical matrix. */
  limit?: number;
}

/** Every parameter the config implies, in a fixed order: the contract between model and artifact. */
export function parameterSpecs(config: TabTransformerConfig): ParameterSpec[] {
  const d = config.dModel;
  const columns = config.categoricalVocabSizes.length;
  const vocab = config.categoricalVocabSizes.reduce((a, b) => a + b, 0);
  const ff = d * config.ffMultiplier;
  const specs: ParameterSpec[] = [
    { name: `${ENCODER_PREFIX}embedding/categories`, shape: [vocab, d], init: 'embedding' },
    { name: `${ENCODER_PREFIX}embedding/columns`, shape: [columns, d], init: 'small' },
  ];
  const numericTokens = config.numericTokens ? config.numericFeatures : 0;
  if (numericTokens > 0) {
    specs.push({ name: `${ENCODER_PREFIX}embedding/numeric_w`, shape: [numericTokens, d], init: 'embedding' });
    specs.push({ name: `${ENCODER_PREFIX}embedding/numeric_b`, shape: [numericTokens, d], init: 'small' });
  }
  const tokens = columns + numericTokens;
  const norm = (prefix: string, width: number) => {
    specs.push({ name: `${prefix}/gamma`, shape: [width], init: 'ones' });
    specs.push({ name: `${prefix}/beta`, shape: [width], init: 'zeros' });
  };
  for (let l = 0; l < config.numLayers; l++) {
    const p = `${ENCODER_PREFIX}layer${l}`;
    norm(`${p}/norm1`, d);
    for (const m of ['q', 'k', 'v', 'out']) {
      specs.push({ name: `${p}/attention/w_${m}`, shape: [d, d], init: 'glorot' });
      specs.push({ name: `${p}/attention/b_${m}`, shape: [d], init: 'zeros' });
    }
    norm(`${p}/norm2`, d);
    specs.push({ name: `${p}/ff/w1`, shape: [d, ff], init: 'glorot' });
    specs.push({ name: `${p}/ff/b1`, shape: [ff], init: 'zeros' });
    specs.push({ name: `${p}/ff/w2`, shape: [ff, d], init: 'glorot' });
    specs.push({ name: `${p}/ff/b2`, shape: [d], init: 'zeros' });
  }
  if (config.norm === 'pre') norm(`${ENCODER_PREFIX}final_norm`, d);
  if (config.numericFeatures > 0 && config.numericNorm === 'layer') norm(`${HEAD_PREFIX}numeric_norm`, config.numericFeatures);
  // The first head layer reads [tokens, numeric]; its weight is stored as two blocks so the forward
  // pass adds two products instead of concatenating (concat and its slice gradient are slow on wasm).
  let width = tokens * d + config.numericFeatures;
  config.headHidden.forEach((h, i) => {
    if (i === 0) {
      const glorot = Math.sqrt(6 / (width + h));
      specs.push({ name: `${HEAD_PREFIX}hidden0/w_tokens`, shape: [tokens * d, h], init: 'glorot', limit: glorot });
      if (config.numericFeatures > 0) {
        specs.push({ name: `${HEAD_PREFIX}hidden0/w_numeric`, shape: [config.numericFeatures, h], init: 'glorot', limit: glorot });
      }
    } else {
      specs.push({ name: `${HEAD_PREFIX}hidden${i}/w`, shape: [width, h], init: 'glorot' });
    }
    specs.push({ name: `${HEAD_PREFIX}hidden${i}/b`, shape: [h], init: 'zeros' });
    width = h;
  });
  specs.push({ name: `${HEAD_PREFIX}output/w`, shape: [width, 1], init: 'glorot' });
  specs.push({ name: `${HEAD_PREFIX}output/b`, shape: [1], init: 'zeros' });
  return specs;
}

export const isEncoderParam = (name: string): boolean => name.startsWith(ENCODER_PREFIX);
export const isHeadParam = (name: string): boolean => name.startsWith(HEAD_PREFIX);
