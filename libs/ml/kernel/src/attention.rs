// Multi-head self-attention over each row's tokens, forward and backward, for every row of a batch
// at once. q, k, v, ctx: [rows·tokens, d] with head h in columns h·dh..(h+1)·dh (the layout the
// projections write, so heads are never copied out); scores and probabilities: [rows, heads, T, T].
use crate::elementwise::softmax_rows;
use crate::gemm::{gemm, Init};

pub struct Shape {
    pub rows: usize,
    pub tokens: usize,
    pub d: usize,
    pub heads: usize,
}

impl Shape {
    fn dh(&self) -> usize {
        self.d / self.heads
    }
    /// Start of row i's head h in a [rows·tokens, d] matrix, and of its [T, T] block of scores.
    fn at(&self, i: usize, h: usize) -> (usize, usize) {
        (i * self.tokens * self.d + h * self.dh(), (i * self.heads + h) * self.tokens * self.tokens)
    }
}

/// Packs one head's [T, dh] slice (row stride d) as [dh, T], so products by its transpose stream rows.
unsafe fn pack_transposed(s: &Shape, src: *const f32, dst: *mut f32) {
    let dh = s.dh();
    for t in 0..s.tokens {
        for e in 0..dh {
            *dst.add(e * s.tokens + t) = *src.add(t * s.d + e);
        }
    }
}

/// probs = softmax(q·kᵀ) per row and head (q already scaled by 1/√dh); `kt` is dh·T scratch.
pub unsafe fn scores(s: &Shape, q: *const f32, k: *const f32, probs: &mut [f32], kt: *mut f32) {
    let (t, dh) = (s.tokens, s.dh());
    for i in 0..s.rows {
        for h in 0..s.heads {
            let (m, p) = s.at(i, h);
            pack_transposed(s, k.add(m), kt);
            gemm(t, t, dh, q.add(m), s.d, 1, kt, t, probs.as_mut_ptr().add(p), t, Init::Zero);
        }
    }
    softmax_rows(&mut probs[..s.rows * s.heads * t * t], t);
}

/// ctx = probs·v per row and head.
pub unsafe fn context(s: &Shape, probs: *const f32, v: *const f32, ctx: *mut f32) {
    let (t, dh) = (s.tokens, s.dh());
    for i in 0..s.rows {
        for h in 0..s.heads {
            let (m, p) = s.at(i, h);
            gemm(t, dh, t, probs.add(p), t, 1, v.add(m), s.d, ctx.add(m), s.d, Init::Zero);
        }
    }
}

/// Inputs the backward pass reads: the scaled queries, keys, values, the softmax output, the
/// dropout multipliers on it (if any) and the probabilities after them.
pub struct Saved<'a> {
    pub q: *const f32,
    pub k: *const f32,
    pub v: *const f32,
    pub probs: &'a [f32],
    pub mask: Option<&'a [f32]>,
    pub dropped: *const f32,
}

/// From dctx: dq (for the scaled queries), dk, dv. `scratch` holds 2·T·T + dh·T floats.
pub unsafe fn backward(s: &Shape, saved: &Saved, dctx: *const f32, dq: *mut f32, dk: *mut f32, dv: *mut f32, scratch: &mut [f32]) {
    let (t, dh) = (s.tokens, s.dh());
    let (dp, rest) = scratch.split_at_mut(t * t);
    let (ds, vt) = rest.split_at_mut(t * t);
    let (dp, ds, vt) = (dp.as_mut_ptr(), ds.as_mut_ptr(), vt.as_mut_ptr());
    for i in 0..s.rows {
        for h in 0..s.heads {
            let (m, p) = s.at(i, h);
            // d(dropped probs) = dctx·vᵀ; dv = dropped probsᵀ·dctx
            pack_transposed(s, saved.v.add(m), vt);
            gemm(t, t, dh, dctx.add(m), s.d, 1, vt, t, dp, t, Init::Zero);
            gemm(t, dh, t, saved.dropped.add(p), 1, t, dctx.add(m), s.d, dv.add(m), s.d, Init::Zero);
            // through dropout, then softmax: ds = P ⊙ (dP − Σ_u dP·P)
            for r in 0..t {
                let mut dot = 0.0;
                for u in 0..t {
                    let idx = r * t + u;
                    let g = *dp.add(idx) * saved.mask.map_or(1.0, |mk| mk[p + idx]);
                    *dp.add(idx) = g;
                    dot += g * saved.probs[p + idx];
                }
                for u in 0..t {
                    let idx = r * t + u;
                    *ds.add(idx) = saved.probs[p + idx] * (*dp.add(idx) - dot);
                }
            }
            // dq = ds·k; dk = dsᵀ·q
            gemm(t, dh, t, ds, t, 1, saved.k.add(m), s.d, dq.add(m), s.d, Init::Zero);
            gemm(t, dh, t, ds, 1, t, saved.q.add(m), s.d, dk.add(m), s.d, Init::Zero);
        }
    }
}
