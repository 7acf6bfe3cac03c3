// The TabTransformer's forward and backward passes as one call each, the same maths as
// libs/ml/src/tab-transformer.ts (which stays the reference: the specs compare the two):
//   tokens: category embedding + column embedding (+ numeric tokens x·w_f + b_f)
//   → N encoder layers (pre- or post-norm; attention, then a ReLU/GELU feed-forward)
//   → [flattened tokens, (LayerNorm'd) numerics] → ReLU MLP → one logit.
// Activations live in buffers that grow to the largest batch seen and are reused; training keeps
// every layer's, inference one layer's, in chunks of INFERENCE_CHUNK rows.
use crate::attention::{self, Shape};
use crate::config::{Config, Layout};
use crate::elementwise::{add, add_in_place, exp_in_place, mul, mul_in_place, relu, scale, sigmoid};
use crate::gemm::{accumulate_column_sums, accumulate_xt_g, dense, g_wt, gemm, Init};
use crate::layer_norm;
use crate::random::Sfc32;

pub const INFERENCE_CHUNK: usize = 256;
const GELU_K: f32 = 1.702;

#[derive(Default)]
struct LayerActs {
    h1: Vec<f32>,
    xhat1: Vec<f32>,
    rstd1: Vec<f32>,
    q: Vec<f32>,
    k: Vec<f32>,
    v: Vec<f32>,
    probs: Vec<f32>,
    attention_mask: Vec<f32>,
    dropped: Vec<f32>,
    ctx: Vec<f32>,
    residual_mask1: Vec<f32>,
    x_mid: Vec<f32>,
    h2: Vec<f32>,
    xhat2: Vec<f32>,
    rstd2: Vec<f32>,
    z1: Vec<f32>,
    a1: Vec<f32>,
    ff_mask: Vec<f32>,
    residual_mask2: Vec<f32>,
}

#[derive(Default)]
struct Workspace {
    rows: usize,
    layers: usize,
    /// Residual stream before each layer and after the last ([rows·tokens, d] each).
    xs: Vec<Vec<f32>>,
    acts: Vec<LayerActs>,
    /// Encoder output (after the final norm, pre-norm only) and its norm's saved values.
    enc: Vec<f32>,
    xhat_final: Vec<f32>,
    rstd_final: Vec<f32>,
    numeric: Vec<f32>,
    xhat_numeric: Vec<f32>,
    rstd_numeric: Vec<f32>,
    /// Per hidden layer of the head: pre-activation, output (after dropout), dropout multipliers.
    hz: Vec<Vec<f32>>,
    ha: Vec<Vec<f32>>,
    hmask: Vec<Vec<f32>>,
    // Backward scratch.
    s1: Vec<f32>,
    s2: Vec<f32>,
    dx: Vec<f32>,
    dq: Vec<f32>,
    dk: Vec<f32>,
    dv: Vec<f32>,
    dctx: Vec<f32>,
    dz1: Vec<f32>,
    dhead_a: Vec<f32>,
    dhead_b: Vec<f32>,
    dnumeric: Vec<f32>,
    dlogit: Vec<f32>,
    attention_scratch: Vec<f32>,
    wt: Vec<f32>,
}

fn sized(v: &mut Vec<f32>, len: usize) {
    if v.len() < len {
        v.resize(len, 0.0);
    }
}

pub struct Net {
    pub c: Config,
    pub lay: Layout,
    pub params: Vec<f32>,
    pub grads: Vec<f32>,
    /// Gradients from other threads, added with add_incoming.
    pub incoming: Vec<f32>,
    pub adam_m: Vec<f32>,
    pub adam_v: Vec<f32>,
    /// Exponential moving average of the parameters.
    pub average: Vec<f32>,
    pub categorical: Vec<i32>,
    pub numeric: Vec<f32>,
    /// One label per row (classifier), or one target per categorical cell (replaced-token detection).
    pub labels: Vec<f32>,
    pub weights: Vec<f32>,
    /// One logit per row, or per categorical cell for replaced-token detection.
    pub logits: Vec<f32>,
    ws: Workspace,
}

impl Net {
    pub fn new(c: Config, lay: Layout) -> Net {
        let total = lay.total;
        Net {
            c,
            lay,
            params: vec![0.0; total],
            grads: vec![0.0; total],
            incoming: vec![0.0; total],
            adam_m: Vec::new(),
            adam_v: Vec::new(),
            average: Vec::new(),
            categorical: Vec::new(),
            numeric: Vec::new(),
            labels: Vec::new(),
            weights: Vec::new(),
            logits: Vec::new(),
            ws: Workspace::default(),
        }
    }

    /// Room for `rows` rows of input (ids, numerics, labels or cell targets, weights, logits).
    pub fn reserve(&mut self, rows: usize) {
        let c = &self.c;
        if self.categorical.len() < rows * c.cats {
            self.categorical.resize(rows * c.cats, 0);
        }
        sized(&mut self.numeric, rows * c.nums);
        sized(&mut self.labels, rows * c.cats.max(1));
        sized(&mut self.weights, rows);
        sized(&mut self.logits, rows * c.cats.max(1));
    }

    fn workspace(&mut self, rows: usize, layers: usize) {
        let c = &self.c;
        let ws = &mut self.ws;
        if ws.rows >= rows && ws.layers >= layers {
            return;
        }
        let rows = rows.max(ws.rows);
        let layers = layers.max(ws.layers);
        let (nt, d, ff) = (rows * c.tokens, c.d, c.ff);
        let scores = rows * c.heads * c.tokens * c.tokens;
        ws.xs.resize_with(layers + 1, Vec::new);
        for x in ws.xs.iter_mut() {
            sized(x, nt * d);
        }
        ws.acts.resize_with(layers, LayerActs::default);
        for a in ws.acts.iter_mut() {
            for v in [&mut a.h1, &mut a.xhat1, &mut a.q, &mut a.k, &mut a.v, &mut a.ctx, &mut a.x_mid, &mut a.h2, &mut a.xhat2] {
                sized(v, nt * d);
            }
            sized(&mut a.rstd1, nt);
            sized(&mut a.rstd2, nt);
            sized(&mut a.probs, scores);
            sized(&mut a.z1, nt * ff);
            sized(&mut a.a1, nt * ff);
            if c.attention_dropout > 0.0 {
                sized(&mut a.attention_mask, scores);
                sized(&mut a.dropped, scores);
            }
            if c.residual_dropout > 0.0 {
                sized(&mut a.residual_mask1, nt * d);
                sized(&mut a.residual_mask2, nt * d);
            }
            if c.ff_dropout > 0.0 {
                sized(&mut a.ff_mask, nt * ff);
            }
        }
        let head_in = c.head_input();
        for v in [&mut ws.enc, &mut ws.xhat_final, &mut ws.s1, &mut ws.s2, &mut ws.dx, &mut ws.dq, &mut ws.dk, &mut ws.dv, &mut ws.dctx] {
            sized(v, nt * d);
        }
        sized(&mut ws.rstd_final, nt);
        for v in [&mut ws.numeric, &mut ws.xhat_numeric, &mut ws.dnumeric] {
            sized(v, rows * c.nums);
        }
        sized(&mut ws.rstd_numeric, rows);
        sized(&mut ws.dz1, nt * ff);
        let widest = c.hidden.iter().copied().max().unwrap_or(0).max(head_in);
        sized(&mut ws.dhead_a, rows * widest);
        sized(&mut ws.dhead_b, rows * widest);
        sized(&mut ws.dlogit, rows * c.cats.max(1));
        ws.hz.resize_with(c.hidden.len(), Vec::new);
        ws.ha.resize_with(c.hidden.len(), Vec::new);
        ws.hmask.resize_with(c.hidden.len(), Vec::new);
        for (i, &h) in c.hidden.iter().enumerate() {
            sized(&mut ws.hz[i], rows * h);
            sized(&mut ws.ha[i], rows * h);
            if c.head_dropout > 0.0 {
                sized(&mut ws.hmask[i], rows * h);
            }
        }
        let dh = d / c.heads;
        sized(&mut ws.attention_scratch, 2 * c.tokens * c.tokens + dh * c.tokens);
        let mut wt = d * ff.max(d);
        let mut width = c.tokens * d;
        for &h in &c.hidden {
            wt = wt.max(width * h).max(c.nums * h);
            width = h;
        }
        sized(&mut ws.wt, wt.max(head_in));
        ws.rows = rows;
        ws.layers = layers;
    }

    /// Logits for `rows` rows of input, in inference mode (no dropout), in chunks.
    pub fn predict(&mut self, rows: usize) {
        let mut start = 0;
        while start < rows {
            let n = INFERENCE_CHUNK.min(rows - start);
            self.workspace(n, 1);
            unsafe {
                let enc = self.encode(start, n, None);
                self.head_forward(start, n, enc, None);
            }
            start += n;
        }
    }

    /// Mean weighted BCE of rows [0, rows) and its gradients (written over grads[first..]): the whole
    /// network, or with `freeze_encoder` the head alone. Dropout masks come from `seed`.
    pub fn gradients(&mut self, rows: usize, seed: u32, freeze_encoder: bool) -> f32 {
        let first = if freeze_encoder { self.lay.head_start } else { 0 };
        self.grads[first..].fill(0.0);
        self.workspace(rows, self.c.layers);
        let mut rng = Sfc32::new(seed);
        unsafe {
            let enc = self.encode(0, rows, Some(&mut rng));
            self.head_forward(0, rows, enc, Some(&mut rng));
            let loss = self.loss_gradient(rows);
            self.head_backward(rows, enc, !freeze_encoder);
            if !freeze_encoder {
                self.encoder_backward(0, rows);
            }
            loss
        }
    }

    /// Mean BCE of replaced-token detection over rows × categorical cells (targets in `labels`),
    /// with a logistic unit per column on its contextual embedding (`detector_w` [cats, d] and
    /// `detector_b` [cats] in the parameter buffer), and the gradients of the encoder and detector.
    pub fn detection_gradients(&mut self, rows: usize, seed: u32, detector_w: usize, detector_b: usize) -> f32 {
        let (c, d) = (self.c.cats, self.c.d);
        self.grads.fill(0.0);
        self.workspace(rows, self.c.layers);
        let mut rng = Sfc32::new(seed);
        unsafe {
            let enc = self.encode(0, rows, Some(&mut rng));
            let t = self.c.tokens;
            let count = (rows * c) as f32;
            let mut loss = 0.0;
            let p = self.params.as_ptr();
            let dx = self.ws.dx.as_mut_ptr();
            core::ptr::write_bytes(dx, 0, rows * t * d);
            for i in 0..rows {
                for col in 0..c {
                    let e = enc.add((i * t + col) * d);
                    let w = p.add(detector_w + col * d);
                    let mut z = *p.add(detector_b + col);
                    for j in 0..d {
                        z += *e.add(j) * *w.add(j);
                    }
                    let y = self.labels[i * c + col];
                    self.logits[i * c + col] = z;
                    loss += relu(z) - z * y + (-z.abs()).exp().ln_1p();
                    let g = (sigmoid(z) - y) / count;
                    self.grads[detector_b + col] += g;
                    for j in 0..d {
                        self.grads[detector_w + col * d + j] += g * *e.add(j);
                        *dx.add((i * t + col) * d + j) = g * *w.add(j);
                    }
                }
            }
            self.encoder_backward(0, rows);
            loss / count
        }
    }

    /// Tokens → encoder output for rows [start, start + n); returns where that output lives.
    unsafe fn encode(&mut self, start: usize, n: usize, mut rng: Option<&mut Sfc32>) -> *const f32 {
        let train = rng.is_some();
        self.embed(start, n);
        let layers = self.c.layers;
        let mut last = 0;
        for l in 0..layers {
            // Training keeps every layer's activations; inference ping-pongs two streams over one set.
            let (input, output, set) = if train { (l, l + 1, l) } else { (l % 2, (l + 1) % 2, 0) };
            self.layer_forward(n, l, input, output, set, rng.as_deref_mut());
            last = output;
        }
        let (nt, d) = (n * self.c.tokens, self.c.d);
        let ws = &mut self.ws;
        match (self.lay.final_gamma, self.lay.final_beta) {
            (Some(g), Some(b)) => {
                let p = &self.params;
                layer_norm::forward(d, &ws.xs[last][..nt * d], &p[g..g + d], &p[b..b + d], &mut ws.enc[..nt * d], &mut ws.xhat_final[..nt * d], &mut ws.rstd_final[..nt]);
                ws.enc.as_ptr()
            }
            _ => ws.xs[last].as_ptr(),
        }
    }

    unsafe fn embed(&mut self, start: usize, n: usize) {
        let c = &self.c;
        let (t, d) = (c.tokens, c.d);
        let p = &self.params;
        let x = &mut self.ws.xs[0];
        for i in 0..n {
            let row = start + i;
            for col in 0..c.cats {
                let e = category_row(c, &self.lay, self.categorical[row * c.cats + col], col);
                let ce = self.lay.columns + col * d;
                let out = (i * t + col) * d;
                for j in 0..d {
                    x[out + j] = p[e + j] + p[ce + j];
                }
            }
            if let (Some(w), Some(b)) = (self.lay.numeric_w, self.lay.numeric_b) {
                for f in 0..c.nums {
                    let v = self.numeric[row * c.nums + f];
                    let out = (i * t + c.cats + f) * d;
                    for j in 0..d {
                        x[out + j] = v * p[w + f * d + j] + p[b + f * d + j];
                    }
                }
            }
        }
    }

    /// One encoder layer: stream `input` → stream `output`, activations in set `set`.
    unsafe fn layer_forward(&mut self, n: usize, l: usize, input: usize, output: usize, set: usize, mut rng: Option<&mut Sfc32>) {
        let Net { c, lay, params, ws, .. } = self;
        let lo = &lay.layers[l];
        let p = params.as_ptr();
        let (t, d, ff) = (c.tokens, c.d, c.ff);
        let nt = n * t;
        let shape = Shape { rows: n, tokens: t, d, heads: c.heads };
        let scores = n * c.heads * t * t;
        let x_in = ws.xs[input].as_ptr();
        let x_out = ws.xs[output].as_mut_ptr();
        let (o, tmp, kt) = (ws.s1.as_mut_ptr(), ws.s2.as_mut_ptr(), ws.attention_scratch.as_mut_ptr());
        let a = &mut ws.acts[set];
        let pv = |off: usize, len: usize| slice(p.add(off), len);

        // Attention sub-layer.
        let attention_in = if c.pre_norm {
            layer_norm::forward(d, slice(x_in, nt * d), pv(lo.norm1_gamma, d), pv(lo.norm1_beta, d), &mut a.h1[..nt * d], &mut a.xhat1[..nt * d], &mut a.rstd1[..nt]);
            a.h1.as_ptr()
        } else {
            x_in
        };
        dense(nt, d, d, attention_in, p.add(lo.wq), p.add(lo.bq), a.q.as_mut_ptr());
        scale(&mut a.q[..nt * d], 1.0 / ((d / c.heads) as f32).sqrt());
        dense(nt, d, d, attention_in, p.add(lo.wk), p.add(lo.bk), a.k.as_mut_ptr());
        dense(nt, d, d, attention_in, p.add(lo.wv), p.add(lo.bv), a.v.as_mut_ptr());
        attention::scores(&shape, a.q.as_ptr(), a.k.as_ptr(), &mut a.probs[..scores], kt);
        let dropped = match rng.as_deref_mut() {
            Some(r) if c.attention_dropout > 0.0 => {
                r.dropout_mask(&mut a.attention_mask[..scores], c.attention_dropout);
                mul(&mut a.dropped[..scores], &a.probs[..scores], &a.attention_mask[..scores]);
                a.dropped.as_ptr()
            }
            _ => a.probs.as_ptr(),
        };
        attention::context(&shape, dropped, a.v.as_ptr(), a.ctx.as_mut_ptr());
        dense(nt, d, d, a.ctx.as_ptr(), p.add(lo.wo), p.add(lo.bo), o);
        if let Some(r) = rng.as_deref_mut().filter(|_| c.residual_dropout > 0.0) {
            r.dropout_mask(&mut a.residual_mask1[..nt * d], c.residual_dropout);
            mul_in_place(slice_mut(o, nt * d), &a.residual_mask1[..nt * d]);
        }
        if c.pre_norm {
            add(&mut a.x_mid[..nt * d], slice(x_in, nt * d), slice(o, nt * d));
        } else {
            add(slice_mut(tmp, nt * d), slice(x_in, nt * d), slice(o, nt * d));
            layer_norm::forward(d, slice(tmp, nt * d), pv(lo.norm1_gamma, d), pv(lo.norm1_beta, d), &mut a.x_mid[..nt * d], &mut a.xhat1[..nt * d], &mut a.rstd1[..nt]);
        }

        // Feed-forward sub-layer.
        let ff_in = if c.pre_norm {
            layer_norm::forward(d, &a.x_mid[..nt * d], pv(lo.norm2_gamma, d), pv(lo.norm2_beta, d), &mut a.h2[..nt * d], &mut a.xhat2[..nt * d], &mut a.rstd2[..nt]);
            a.h2.as_ptr()
        } else {
            a.x_mid.as_ptr()
        };
        dense(nt, d, ff, ff_in, p.add(lo.w1), p.add(lo.b1), a.z1.as_mut_ptr());
        activate(c.gelu, &a.z1[..nt * ff], &mut a.a1[..nt * ff]);
        if let Some(r) = rng.as_deref_mut().filter(|_| c.ff_dropout > 0.0) {
            r.dropout_mask(&mut a.ff_mask[..nt * ff], c.ff_dropout);
            mul_in_place(&mut a.a1[..nt * ff], &a.ff_mask[..nt * ff]);
        }
        dense(nt, ff, d, a.a1.as_ptr(), p.add(lo.w2), p.add(lo.b2), o);
        if let Some(r) = rng.as_mut().filter(|_| c.residual_dropout > 0.0) {
            r.dropout_mask(&mut a.residual_mask2[..nt * d], c.residual_dropout);
            mul_in_place(slice_mut(o, nt * d), &a.residual_mask2[..nt * d]);
        }
        if c.pre_norm {
            add(slice_mut(x_out, nt * d), &a.x_mid[..nt * d], slice(o, nt * d));
        } else {
            add(slice_mut(tmp, nt * d), &a.x_mid[..nt * d], slice(o, nt * d));
            layer_norm::forward(d, slice(tmp, nt * d), pv(lo.norm2_gamma, d), pv(lo.norm2_beta, d), slice_mut(x_out, nt * d), &mut a.xhat2[..nt * d], &mut a.rstd2[..nt]);
        }
    }

    /// The MLP head over [encoder output, numerics] for rows [start, start + n): logits[start..].
    unsafe fn head_forward(&mut self, start: usize, n: usize, enc: *const f32, mut rng: Option<&mut Sfc32>) {
        let Net { c, lay, params, ws, numeric, logits, .. } = self;
        let p = params.as_ptr();
        let (f, td) = (c.nums, c.tokens * c.d);
        let raw_numeric = numeric.as_ptr().add(start * f);
        let num = match (lay.numeric_gamma, lay.numeric_beta) {
            (Some(g), Some(b)) => {
                layer_norm::forward(f, slice(raw_numeric, n * f), slice(p.add(g), f), slice(p.add(b), f), &mut ws.numeric[..n * f], &mut ws.xhat_numeric[..n * f], &mut ws.rstd_numeric[..n]);
                ws.numeric.as_ptr()
            }
            _ => raw_numeric,
        };
        let out = logits.as_mut_ptr().add(start);
        if c.hidden.is_empty() {
            // The output unit reads [tokens, numerics] through one weight of td + f rows.
            gemm(n, 1, td, enc, td, 1, p.add(lay.out_w), 1, out, 1, Init::Bias(p.add(lay.out_b)));
            if f > 0 {
                gemm(n, 1, f, num, f, 1, p.add(lay.out_w + td), 1, out, 1, Init::Keep);
            }
            return;
        }
        let mut input = enc;
        let mut width = td;
        for (i, &h) in c.hidden.iter().enumerate() {
            let ho = &lay.hidden[i];
            let z = ws.hz[i].as_mut_ptr();
            dense(n, width, h, input, p.add(ho.w), p.add(ho.b), z);
            if let Some(wn) = ho.w_numeric {
                gemm(n, h, f, num, f, 1, p.add(wn), h, z, h, Init::Keep);
            }
            let a = &mut ws.ha[i][..n * h];
            for (y, &x) in a.iter_mut().zip(&ws.hz[i][..n * h]) {
                *y = relu(x);
            }
            if let Some(r) = rng.as_deref_mut().filter(|_| c.head_dropout > 0.0) {
                r.dropout_mask(&mut ws.hmask[i][..n * h], c.head_dropout);
                mul_in_place(a, &ws.hmask[i][..n * h]);
            }
            input = ws.ha[i].as_ptr();
            width = h;
        }
        gemm(n, 1, width, input, width, 1, p.add(lay.out_w), 1, out, 1, Init::Bias(p.add(lay.out_b)));
    }

    /// Mean of w·BCE(σ(z), y) over the rows (weights already carry a share's fraction of its batch),
    /// and its gradient at each logit into dlogit.
    fn loss_gradient(&mut self, n: usize) -> f32 {
        let inv_n = 1.0 / n as f32;
        let mut loss = 0.0;
        for i in 0..n {
            let (z, y, w) = (self.logits[i], self.labels[i], self.weights[i]);
            loss += w * (relu(z) - z * y + (-z.abs()).exp().ln_1p());
            self.ws.dlogit[i] = w * (sigmoid(z) - y) * inv_n;
        }
        loss * inv_n
    }

    /// Gradients of the head's parameters from dlogit; with `into_encoder`, the gradient at the
    /// encoder output too (into ws.dx).
    unsafe fn head_backward(&mut self, n: usize, enc: *const f32, into_encoder: bool) {
        let Net { c, lay, params, grads, ws, numeric, .. } = self;
        let p = params.as_ptr();
        let g = grads.as_mut_ptr();
        let (f, td) = (c.nums, c.tokens * c.d);
        let num = if lay.numeric_gamma.is_some() { ws.numeric.as_ptr() } else { numeric.as_ptr() };
        let dlogit = ws.dlogit.as_ptr();
        let wt = ws.wt.as_mut_ptr();
        let dnum = ws.dnumeric.as_mut_ptr();
        *g.add(lay.out_b) += slice(dlogit, n).iter().sum::<f32>();
        if c.hidden.is_empty() {
            accumulate_xt_g(n, td, 1, enc, dlogit, g.add(lay.out_w));
            if f > 0 {
                accumulate_xt_g(n, f, 1, num, dlogit, g.add(lay.out_w + td));
                g_wt(n, f, 1, dlogit, p.add(lay.out_w + td), wt, dnum, false);
            }
            if into_encoder {
                g_wt(n, td, 1, dlogit, p.add(lay.out_w), wt, ws.dx.as_mut_ptr(), false);
            }
        } else {
            let last = c.hidden.len() - 1;
            let h_last = c.hidden[last];
            accumulate_xt_g(n, h_last, 1, ws.ha[last].as_ptr(), dlogit, g.add(lay.out_w));
            // da: gradient at the current layer's output; it becomes dz in place, then the next da.
            let (mut da, mut other) = (ws.dhead_a.as_mut_ptr(), ws.dhead_b.as_mut_ptr());
            g_wt(n, h_last, 1, dlogit, p.add(lay.out_w), wt, da, false);
            for i in (0..c.hidden.len()).rev() {
                let h = c.hidden[i];
                let ho = &lay.hidden[i];
                let dz = slice_mut(da, n * h);
                if c.head_dropout > 0.0 {
                    mul_in_place(dz, &ws.hmask[i][..n * h]);
                }
                for (gz, &z) in dz.iter_mut().zip(&ws.hz[i][..n * h]) {
                    if z <= 0.0 {
                        *gz = 0.0;
                    }
                }
                accumulate_column_sums(n, h, da, g.add(ho.b));
                if i > 0 {
                    let below = c.hidden[i - 1];
                    accumulate_xt_g(n, below, h, ws.ha[i - 1].as_ptr(), da, g.add(ho.w));
                    g_wt(n, below, h, da, p.add(ho.w), wt, other, false);
                    core::mem::swap(&mut da, &mut other);
                } else {
                    accumulate_xt_g(n, td, h, enc, da, g.add(ho.w));
                    if let Some(wn) = ho.w_numeric {
                        accumulate_xt_g(n, f, h, num, da, g.add(wn));
                        g_wt(n, f, h, da, p.add(wn), wt, dnum, false);
                    }
                    if into_encoder {
                        g_wt(n, td, h, da, p.add(ho.w), wt, ws.dx.as_mut_ptr(), false);
                    }
                }
            }
        }
        if let (Some(gamma), Some(beta)) = (lay.numeric_gamma, lay.numeric_beta) {
            // Only γ and β learn here (the numerics are inputs): dx is written over dnum, which fits it.
            let (dgamma, dbeta) = (slice_mut(g.add(gamma), f), slice_mut(g.add(beta), f));
            layer_norm::backward(n, f, dnum, &ws.xhat_numeric[..n * f], &ws.rstd_numeric[..n], slice(p.add(gamma), f), dnum, false, dgamma, dbeta);
        }
    }

    /// From the gradient at the encoder output (ws.dx) down through every layer to the embeddings.
    unsafe fn encoder_backward(&mut self, start: usize, n: usize) {
        let nt = n * self.c.tokens;
        let d = self.c.d;
        if let (Some(gamma), Some(beta)) = (self.lay.final_gamma, self.lay.final_beta) {
            let Net { params, grads, ws, .. } = self;
            let g = grads.as_mut_ptr();
            let dx = ws.dx.as_mut_ptr();
            layer_norm::backward(nt, d, dx, &ws.xhat_final[..nt * d], &ws.rstd_final[..nt], &params[gamma..gamma + d], dx, false, slice_mut(g.add(gamma), d), slice_mut(g.add(beta), d));
        }
        for l in (0..self.c.layers).rev() {
            self.layer_backward(n, l);
        }
        self.embed_backward(start, n);
    }

    /// ws.dx: the gradient at layer l's output on entry, at its input on return.
    unsafe fn layer_backward(&mut self, n: usize, l: usize) {
        let Net { c, lay, params, grads, ws, .. } = self;
        let lo = &lay.layers[l];
        let p = params.as_ptr();
        let g = grads.as_mut_ptr();
        let (t, d, ff) = (c.tokens, c.d, c.ff);
        let nt = n * t;
        let shape = Shape { rows: n, tokens: t, d, heads: c.heads };
        let scores = n * c.heads * t * t;
        let x_in = ws.xs[l].as_ptr();
        let (dx, s1, s2, wt) = (ws.dx.as_mut_ptr(), ws.s1.as_mut_ptr(), ws.s2.as_mut_ptr(), ws.wt.as_mut_ptr());
        let (dq, dk, dv, dctx, dz1) = (ws.dq.as_mut_ptr(), ws.dk.as_mut_ptr(), ws.dv.as_mut_ptr(), ws.dctx.as_mut_ptr(), ws.dz1.as_mut_ptr());
        let a = &ws.acts[l];
        let ln_back = |dy: *mut f32, xhat: &[f32], rstd: &[f32], gamma: usize, beta: usize, out: *mut f32, accumulate: bool| {
            layer_norm::backward(nt, d, dy, &xhat[..nt * d], &rstd[..nt], slice(p.add(gamma), d), out, accumulate, slice_mut(g.add(gamma), d), slice_mut(g.add(beta), d));
        };
        // Through the second sub-layer: for post-norm dx first crosses its norm.
        if !c.pre_norm {
            ln_back(dx, &a.xhat2, &a.rstd2, lo.norm2_gamma, lo.norm2_beta, dx, false);
        }
        residual_branch(slice(dx, nt * d), c.residual_dropout > 0.0, &a.residual_mask2, slice_mut(s1, nt * d));
        accumulate_xt_g(nt, ff, d, a.a1.as_ptr(), s1, g.add(lo.w2));
        accumulate_column_sums(nt, d, s1, g.add(lo.b2));
        g_wt(nt, ff, d, s1, p.add(lo.w2), wt, dz1, false);
        let dz = slice_mut(dz1, nt * ff);
        if c.ff_dropout > 0.0 {
            mul_in_place(dz, &a.ff_mask[..nt * ff]);
        }
        activation_backward(c.gelu, &a.z1[..nt * ff], dz);
        let ff_in = if c.pre_norm { a.h2.as_ptr() } else { a.x_mid.as_ptr() };
        accumulate_xt_g(nt, d, ff, ff_in, dz1, g.add(lo.w1));
        accumulate_column_sums(nt, ff, dz1, g.add(lo.b1));
        g_wt(nt, d, ff, dz1, p.add(lo.w1), wt, s2, false);
        if c.pre_norm {
            ln_back(s2, &a.xhat2, &a.rstd2, lo.norm2_gamma, lo.norm2_beta, dx, true);
        } else {
            add_in_place(slice_mut(dx, nt * d), slice(s2, nt * d));
            ln_back(dx, &a.xhat1, &a.rstd1, lo.norm1_gamma, lo.norm1_beta, dx, false);
        }
        // Through the attention sub-layer.
        residual_branch(slice(dx, nt * d), c.residual_dropout > 0.0, &a.residual_mask1, slice_mut(s1, nt * d));
        accumulate_xt_g(nt, d, d, a.ctx.as_ptr(), s1, g.add(lo.wo));
        accumulate_column_sums(nt, d, s1, g.add(lo.bo));
        g_wt(nt, d, d, s1, p.add(lo.wo), wt, dctx, false);
        let dropout = c.attention_dropout > 0.0;
        let saved = attention::Saved {
            q: a.q.as_ptr(),
            k: a.k.as_ptr(),
            v: a.v.as_ptr(),
            probs: &a.probs[..scores],
            mask: if dropout { Some(&a.attention_mask[..scores]) } else { None },
            dropped: if dropout { a.dropped.as_ptr() } else { a.probs.as_ptr() },
        };
        attention::backward(&shape, &saved, dctx, dq, dk, dv, &mut ws.attention_scratch);
        scale(slice_mut(dq, nt * d), 1.0 / ((d / c.heads) as f32).sqrt());
        let attention_in = if c.pre_norm { a.h1.as_ptr() } else { x_in };
        for (grad, w, b, keep) in [(dq, lo.wq, lo.bq, false), (dk, lo.wk, lo.bk, true), (dv, lo.wv, lo.bv, true)] {
            accumulate_xt_g(nt, d, d, attention_in, grad, g.add(w));
            accumulate_column_sums(nt, d, grad, g.add(b));
            g_wt(nt, d, d, grad, p.add(w), wt, s2, keep);
        }
        if c.pre_norm {
            ln_back(s2, &a.xhat1, &a.rstd1, lo.norm1_gamma, lo.norm1_beta, dx, true);
        } else {
            add_in_place(slice_mut(dx, nt * d), slice(s2, nt * d));
        }
    }

    /// Embedding gradients from ws.dx, the gradient at the first layer's input.
    unsafe fn embed_backward(&mut self, start: usize, n: usize) {
        let Net { c, lay, grads, ws, categorical, numeric, .. } = self;
        let (t, d) = (c.tokens, c.d);
        let dx = &ws.dx;
        for i in 0..n {
            let row = start + i;
            for col in 0..c.cats {
                let e = category_row(c, lay, categorical[row * c.cats + col], col);
                let ce = lay.columns + col * d;
                let src = (i * t + col) * d;
                for j in 0..d {
                    grads[e + j] += dx[src + j];
                    grads[ce + j] += dx[src + j];
                }
            }
            if let (Some(w), Some(b)) = (lay.numeric_w, lay.numeric_b) {
                for f in 0..c.nums {
                    let v = numeric[row * c.nums + f];
                    let src = (i * t + c.cats + f) * d;
                    for j in 0..d {
                        grads[w + f * d + j] += v * dx[src + j];
                        grads[b + f * d + j] += dx[src + j];
                    }
                }
            }
        }
    }
}

/// Where column `col`'s embedding of category `id` starts in the parameters; an id outside the column's
/// vocabulary reads as 0 (unknown), as tab-transformer.ts reads it.
fn category_row(c: &Config, lay: &Layout, id: i32, col: usize) -> usize {
    let id = if id >= 0 && (id as usize) < c.vocab[col] { id as usize } else { 0 };
    lay.categories + (c.vocab_offsets[col] + id) * c.d
}

/// The gradient entering a residual branch: dx through the branch's dropout multipliers, if any.
fn residual_branch(dx: &[f32], dropout: bool, mask: &[f32], out: &mut [f32]) {
    if dropout {
        mul(out, dx, &mask[..dx.len()]);
    } else {
        out.copy_from_slice(dx);
    }
}

/// ReLU, or GELU's sigmoid form z·σ(1.702·z) (libs/ml/src/tab-transformer.ts).
fn activate(gelu: bool, z: &[f32], out: &mut [f32]) {
    if !gelu {
        for (y, &x) in out.iter_mut().zip(z) {
            *y = relu(x);
        }
        return;
    }
    for (y, &x) in out.iter_mut().zip(z) {
        *y = -GELU_K * x;
    }
    exp_in_place(out);
    for (y, &x) in out.iter_mut().zip(z) {
        *y = x / (1.0 + *y);
    }
}

/// dz *= the activation's derivative at z.
fn activation_backward(gelu: bool, z: &[f32], dz: &mut [f32]) {
    if !gelu {
        for (g, &x) in dz.iter_mut().zip(z) {
            if x <= 0.0 {
                *g = 0.0;
            }
        }
        return;
    }
    for (g, &x) in dz.iter_mut().zip(z) {
        let s = sigmoid(GELU_K * x);
        *g *= s + GELU_K * x * s * (1.0 - s);
    }
}

unsafe fn slice<'a>(p: *const f32, len: usize) -> &'a [f32] {
    core::slice::from_raw_parts(p, len)
}

unsafe fn slice_mut<'a>(p: *mut f32, len: usize) -> &'a mut [f32] {
    core::slice::from_raw_parts_mut(p, len)
}
