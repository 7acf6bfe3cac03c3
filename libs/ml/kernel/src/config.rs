// The network's shape and where each parameter lives in the flat parameter buffer. The TypeScript
// side (libs/ml/src/fused/kernel-layout.ts) owns the names and their order (parameterSpecs); it hands
// over one offset per role here, and `Layout::read` checks every block fits the sizes the shape implies,
// so the two sides cannot disagree silently.

pub struct Config {
    /// Categorical columns, numeric features, tokens per row (categorical, plus numeric if tokenised).
    pub cats: usize,
    pub nums: usize,
    pub tokens: usize,
    pub d: usize,
    pub layers: usize,
    pub heads: usize,
    /// Feed-forward hidden width.
    pub ff: usize,
    pub gelu: bool,
    pub pre_norm: bool,
    pub numeric_tokens: bool,
    pub numeric_layer_norm: bool,
    pub hidden: Vec<usize>,
    pub vocab: Vec<usize>,
    /// Start of each column's block in the concatenated category table.
    pub vocab_offsets: Vec<usize>,
    pub total_vocab: usize,
    pub attention_dropout: f32,
    pub ff_dropout: f32,
    pub residual_dropout: f32,
    pub head_dropout: f32,
}

impl Config {
    /// From [cats, nums, d, layers, heads, ff, gelu, preNorm, numericTokens, numericLayerNorm,
    /// hiddenCount, ...hidden, ...vocab] and [attention, ff, residual, head] dropout rates.
    pub fn read(ints: &[i32], rates: &[f32]) -> Option<Config> {
        let get = |i: usize| ints.get(i).copied().filter(|v| *v >= 0).map(|v| v as usize);
        let (cats, nums, d, layers, heads, ff) = (get(0)?, get(1)?, get(2)?, get(3)?, get(4)?, get(5)?);
        let flag = |i: usize| get(i).map(|v| v == 1);
        let (gelu, pre_norm, numeric_tokens, numeric_layer_norm) = (flag(6)?, flag(7)?, flag(8)?, flag(9)?);
        let k = get(10)?;
        let hidden: Vec<usize> = (0..k).map(|i| get(11 + i)).collect::<Option<_>>()?;
        let vocab: Vec<usize> = (0..cats).map(|i| get(11 + k + i)).collect::<Option<_>>()?;
        if ints.len() != 11 + k + cats || rates.len() != 4 {
            return None;
        }
        if cats == 0 || d == 0 || layers == 0 || heads == 0 || d % heads != 0 || ff == 0 || hidden.contains(&0) || vocab.contains(&0) {
            return None;
        }
        if rates.iter().any(|r| !(*r >= 0.0 && *r < 1.0)) {
            return None;
        }
        let mut vocab_offsets = vec![0; cats];
        for c in 1..cats {
            vocab_offsets[c] = vocab_offsets[c - 1] + vocab[c - 1];
        }
        let tokens = cats + if numeric_tokens { nums } else { 0 };
        Some(Config {
            cats,
            nums,
            tokens,
            d,
            layers,
            heads,
            ff,
            gelu,
            pre_norm,
            numeric_tokens: numeric_tokens && nums > 0,
            numeric_layer_norm: numeric_layer_norm && nums > 0,
            total_vocab: vocab.iter().sum(),
            hidden,
            vocab,
            vocab_offsets,
            attention_dropout: rates[0],
            ff_dropout: rates[1],
            residual_dropout: rates[2],
            head_dropout: rates[3],
        })
    }

    /// Width of what the head's first layer reads: the flattened tokens, then the numeric features.
    pub fn head_input(&self) -> usize {
        self.tokens * self.d + self.nums
    }
}

pub struct LayerOffsets {
    pub norm1_gamma: usize,
    pub norm1_beta: usize,
    pub wq: usize,
    pub bq: usize,
    pub wk: usize,
    pub bk: usize,
    pub wv: usize,
    pub bv: usize,
    pub wo: usize,
    pub bo: usize,
    pub norm2_gamma: usize,
    pub norm2_beta: usize,
    pub w1: usize,
    pub b1: usize,
    pub w2: usize,
    pub b2: usize,
}

pub struct HiddenOffsets {
    /// The weight over the previous layer (over the flattened tokens for the first).
    pub w: usize,
    /// First layer only, with numeric features: the weight over them.
    pub w_numeric: Option<usize>,
    pub b: usize,
}

pub struct Layout {
    pub categories: usize,
    pub columns: usize,
    pub numeric_w: Option<usize>,
    pub numeric_b: Option<usize>,
    pub layers: Vec<LayerOffsets>,
    pub final_gamma: Option<usize>,
    pub final_beta: Option<usize>,
    pub numeric_gamma: Option<usize>,
    pub numeric_beta: Option<usize>,
    pub hidden: Vec<HiddenOffsets>,
    pub out_w: usize,
    pub out_b: usize,
    /// Parameters in all; where the head's begin (the encoder's come first).
    pub total: usize,
    pub head_start: usize,
}

impl Layout {
    /// Offsets in the order of the module comment of kernel-layout.ts, -1 for an absent block, the total last.
    pub fn read(v: &[i32], c: &Config) -> Option<Layout> {
        let mut at = 0;
        let total = *v.last()? as usize;
        // (start, size, belongs to the head)
        let mut blocks: Vec<(usize, usize, bool)> = Vec::new();
        let in_head = core::cell::Cell::new(false);
        // Each read takes the next offset and the block's size, which must fit; optional ones may be -1.
        let mut next = |size: usize, present: bool| -> Option<Option<usize>> {
            let raw = *v.get(at)?;
            at += 1;
            match (raw >= 0, present) {
                (true, true) if raw as usize + size <= total => {
                    blocks.push((raw as usize, size, in_head.get()));
                    Some(Some(raw as usize))
                }
                (false, false) => Some(None),
                _ => None,
            }
        };
        let d = c.d;
        let categories = next(c.total_vocab * d, true)??;
        let columns = next(c.cats * d, true)??;
        let numeric_w = next(c.nums * d, c.numeric_tokens)?;
        let numeric_b = next(c.nums * d, c.numeric_tokens)?;
        let mut layers = Vec::new();
        for _ in 0..c.layers {
            layers.push(LayerOffsets {
                norm1_gamma: next(d, true)??,
                norm1_beta: next(d, true)??,
                wq: next(d * d, true)??,
                bq: next(d, true)??,
                wk: next(d * d, true)??,
                bk: next(d, true)??,
                wv: next(d * d, true)??,
                bv: next(d, true)??,
                wo: next(d * d, true)??,
                bo: next(d, true)??,
                norm2_gamma: next(d, true)??,
                norm2_beta: next(d, true)??,
                w1: next(d * c.ff, true)??,
                b1: next(c.ff, true)??,
                w2: next(c.ff * d, true)??,
                b2: next(d, true)??,
            });
        }
        let final_gamma = next(d, c.pre_norm)?;
        let final_beta = next(d, c.pre_norm)?;
        in_head.set(true);
        let numeric_gamma = next(c.nums, c.numeric_layer_norm)?;
        let numeric_beta = next(c.nums, c.numeric_layer_norm)?;
        let mut hidden = Vec::new();
        let mut width = c.tokens * d;
        for (i, &h) in c.hidden.iter().enumerate() {
            hidden.push(HiddenOffsets { w: next(width * h, true)??, w_numeric: next(c.nums * h, i == 0 && c.nums > 0)?, b: next(h, true)?? });
            width = h;
        }
        if c.hidden.is_empty() {
            width = c.head_input();
        }
        let out_w = next(width, true)??;
        let out_b = next(1, true)??;
        if at + 1 != v.len() {
            return None;
        }
        // The blocks must tile [0, total) exactly, encoder first: no overlap, no gap.
        blocks.sort_unstable();
        let mut end = 0;
        for &(start, size, _) in &blocks {
            if start != end {
                return None;
            }
            end = start + size;
        }
        if end != total {
            return None;
        }
        // The head's blocks (numeric norm, hidden layers, output) must follow every encoder block, so
        // that training the head alone is one contiguous range.
        let head_start = blocks.iter().filter(|b| b.2).map(|b| b.0).min()?;
        if blocks.iter().any(|b| !b.2 && b.0 > head_start) {
            return None;
        }
        Some(Layout { categories, columns, numeric_w, numeric_b, layers, final_gamma, final_beta, numeric_gamma, numeric_beta, hidden, out_w, out_b, total, head_start })
    }
}
