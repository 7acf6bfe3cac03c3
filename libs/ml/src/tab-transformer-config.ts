// TabTransformer architecture settings. Plain JSON data: it is stored inside model artifacts and
// covered by their checksum, so keep it free of functions and undefined values.
import { CATEGORY_VOCAB_SIZES, NUMERIC_COLUMNS } from '@loan/features';

export interface TabTransformerConfig {
  /** Vocabulary size per categorical column, ids 0..size-1 with 0 = unknown. */
  categoricalVocabSizes: number[];
  /** Number of (already standardised) numeric features. */
  numericFeatures: number;
  /** Width of every token embedding and of the transformer. */
  dModel: number;
  numLayers: number;
  numHeads: number;
  /** Feed-forward hidden width as a multiple of dModel. */
  ffMultiplier: number;
  ffActivation: 'relu' | 'gelu';
  /** 'pre': LayerNorm before each sub-layer (stable with deep stacks); 'post': the original Transformer. */
  norm: 'pre' | 'post';
  attentionDropout: number;
  ffDropout: number;
  /** Dropout on each sub-layer's output before it is added back to the residual stream. */
  residualDropout: number;
  /**
   * Also turn each numeric feature into a token (x·w_j + b_j, as in FT-Transformer) so attention
   * can relate amounts to repayment statuses. Off = the paper's TabTransformer, where numerics
   * only meet the categorical context in the MLP head. Costs ~(C+F)/C × the encoder compute.
   */
  numericTokens: boolean;
  /**
   * How numeric features enter the head: 'layer' = LayerNorm across the row's numeric features (as in
   * the TabTransformer paper), 'none' = as given (they arrive standardised already).
   */
  numericNorm: 'layer' | 'none';
  /** Hidden widths of the MLP head that reads [flattened contextual embeddings, LayerNorm(numeric)]. */
  headHidden: number[];
  headDropout: number;
  /** Seed for weight initialisation. */
  seed: number;
}

export const DEFAULT_TAB_TRANSFORMER_CONFIG: Readonly<TabTransformerConfig> = Object.freeze({
  categoricalVocabSizes: [...CATEGORY_VOCAB_SIZES],
  numericFeatures: NUMERIC_COLUMNS.length,
  dModel: 32,
  numLayers: 6,
  numHeads: 4,
  ffMultiplier: 4,
  ffActivation: 'relu',
  norm: 'pre',
  attentionDropout: 0.1,
  ffDropout: 0.1,
  residualDropout: 0,
  numericTokens: false,
  numericNorm: 'layer',
  headHidden: [128, 64],
  headDropout: 0.1,
  seed: 42,
});

/** Fills defaults and checks the sizes fit together; throws on nonsense rather than failing mid-training. */
export function resolveTabTransformerConfig(partial: Partial<TabTransformerConfig> = {}): TabTransformerConfig {
  const c: TabTransformerConfig = {
    ...DEFAULT_TAB_TRANSFORMER_CONFIG,
    ...partial,
    categoricalVocabSizes: [...(partial.categoricalVocabSizes ?? DEFAULT_TAB_TRANSFORMER_CONFIG.categoricalVocabSizes)],
    headHidden: [...(partial.headHidden ?? DEFAULT_TAB_TRANSFORMER_CONFIG.headHidden)],
  };
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`TabTransformer config: ${name} must be a positive integer, got ${v}`);
  };
  const rate = (name: string, v: number) => {
    if (!(v >= 0 && v < 1)) throw new Error(`TabTransformer config: ${name} must be in [0, 1), got ${v}`);
  };
  if (c.categoricalVocabSizes.length === 0) throw new Error('TabTransformer config: needs at least one categorical column');
  c.categoricalVocabSizes.forEach((v, i) => positiveInt(`categoricalVocabSizes[${i}]`, v));
  if (!Number.isInteger(c.numericFeatures) || c.numericFeatures < 0) {
    throw new Error(`TabTransformer config: numericFeatures must be a non-negative integer, got ${c.numericFeatures}`);
  }
  positiveInt('dModel', c.dModel);
  positiveInt('numLayers', c.numLayers);
  positiveInt('numHeads', c.numHeads);
  positiveInt('ffMultiplier', c.ffMultiplier);
  if (c.dModel % c.numHeads !== 0) {
    throw new Error(`TabTransformer config: dModel (${c.dModel}) must be divisible by numHeads (${c.numHeads})`);
  }
  c.headHidden.forEach((v, i) => positiveInt(`headHidden[${i}]`, v));
  rate('attentionDropout', c.attentionDropout);
  rate('ffDropout', c.ffDropout);
  rate('residualDropout', c.residualDropout);
  rate('headDropout', c.headDropout);
  if (c.norm !== 'pre' && c.norm !== 'post') throw new Error(`TabTransformer config: norm must be 'pre' or 'post'`);
  if (c.ffActivation !== 'relu' && c.ffActivation !== 'gelu') {
    throw new Error(`TabTransformer config: ffActivation must be 'relu' or 'gelu'`);
  }
  if (c.numericNorm !== 'layer' && c.numericNorm !== 'none') {
    throw new Error(`TabTransformer config: numericNorm must be 'layer' or 'none'`);
  }
  if (typeof c.numericTokens !== 'boolean') throw new Error('TabTransformer config: numericTokens must be a boolean');
  if (!Number.isInteger(c.seed)) throw new Error(`TabTransformer config: seed must be an integer, got ${c.seed}`);
  return c;
}
