// Matrix products for the small, skinny shapes of this model (inner sizes 8 to 300, outputs 1 to
// 128 wide), on 128-bit SIMD. One routine serves every product of the forward and backward passes:
// A is read through two strides, so Aᵀ·B (weight gradients) needs no transposed copy; B and C are
// row-major with their own row strides, so a head's slice of a [tokens, d] matrix is used in place.
#![allow(clippy::needless_range_loop)] // register blocks: indices read clearer than iterators here
use core::arch::wasm32::*;

/// What C starts from before the products are added.
#[derive(Clone, Copy)]
pub enum Init {
    Zero,
    /// Add to what C holds (gradient accumulation).
    Keep,
    /// Every row starts as this bias vector (length n).
    Bias(*const f32),
}

/// C[i, j] = init + Σ_p A(i, p)·B[p, j] for i < m, j < n, p < k, where A(i, p) = a[i·ars + p·acs],
/// B[p, j] = b[p·ldb + j] and C[i, j] = c[i·ldc + j].
#[allow(clippy::too_many_arguments)]
pub unsafe fn gemm(m: usize, n: usize, k: usize, a: *const f32, ars: usize, acs: usize, b: *const f32, ldb: usize, c: *mut f32, ldc: usize, init: Init) {
    let mut i = 0;
    while i + 4 <= m {
        rows::<4>(i, n, k, a, ars, acs, b, ldb, c, ldc, init);
        i += 4;
    }
    while i < m {
        rows::<1>(i, n, k, a, ars, acs, b, ldb, c, ldc, init);
        i += 1;
    }
}

/// Rows i..i+R of C across all columns: 8-wide blocks, a 4-wide one, then scalar columns.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn rows<const R: usize>(i: usize, n: usize, k: usize, a: *const f32, ars: usize, acs: usize, b: *const f32, ldb: usize, c: *mut f32, ldc: usize, init: Init) {
    let mut j = 0;
    while j + 8 <= n {
        block::<R, 2>(i, j, k, a, ars, acs, b, ldb, c, ldc, init);
        j += 8;
    }
    while j + 4 <= n {
        block::<R, 1>(i, j, k, a, ars, acs, b, ldb, c, ldc, init);
        j += 4;
    }
    for r in i..i + R {
        scalar_tail(r, j, n, k, a, ars, acs, b, ldb, c, ldc, init);
    }
}

/// An R-row × 4V-column block of C, its accumulators held in registers across the whole k loop.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn block<const R: usize, const V: usize>(i: usize, j: usize, k: usize, a: *const f32, ars: usize, acs: usize, b: *const f32, ldb: usize, c: *mut f32, ldc: usize, init: Init) {
    let mut acc = [[f32x4_splat(0.0); V]; R];
    for r in 0..R {
        for v in 0..V {
            acc[r][v] = match init {
                Init::Zero => f32x4_splat(0.0),
                Init::Keep => v128_load(c.add((i + r) * ldc + j + 4 * v) as *const v128),
                Init::Bias(bias) => v128_load(bias.add(j + 4 * v) as *const v128),
            };
        }
    }
    for p in 0..k {
        let mut bv = [f32x4_splat(0.0); V];
        for v in 0..V {
            bv[v] = v128_load(b.add(p * ldb + j + 4 * v) as *const v128);
        }
        for r in 0..R {
            let av = f32x4_splat(*a.add((i + r) * ars + p * acs));
            for v in 0..V {
                acc[r][v] = f32x4_add(acc[r][v], f32x4_mul(av, bv[v]));
            }
        }
    }
    for r in 0..R {
        for v in 0..V {
            v128_store(c.add((i + r) * ldc + j + 4 * v) as *mut v128, acc[r][v]);
        }
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn scalar_tail(i: usize, from: usize, n: usize, k: usize, a: *const f32, ars: usize, acs: usize, b: *const f32, ldb: usize, c: *mut f32, ldc: usize, init: Init) {
    for j in from..n {
        let mut s = match init {
            Init::Zero => 0.0,
            Init::Keep => *c.add(i * ldc + j),
            Init::Bias(bias) => *bias.add(j),
        };
        for p in 0..k {
            s += *a.add(i * ars + p * acs) * *b.add(p * ldb + j);
        }
        *c.add(i * ldc + j) = s;
    }
}

/// y = x·w + bias for row-major x [m, k], w [k, n].
pub unsafe fn dense(m: usize, k: usize, n: usize, x: *const f32, w: *const f32, bias: *const f32, y: *mut f32) {
    gemm(m, n, k, x, k, 1, w, n, y, n, Init::Bias(bias));
}

/// dw += xᵀ·g for x [m, k], g [m, n] (a weight's gradient, summed over the rows).
pub unsafe fn accumulate_xt_g(m: usize, k: usize, n: usize, x: *const f32, g: *const f32, dw: *mut f32) {
    gemm(k, n, m, x, 1, k, g, n, dw, n, Init::Keep);
}

#[allow(clippy::too_many_arguments)]
/// dx (=, or += with `keep`) g·wᵀ for g [m, n], w [k, n→ stored k×n]; `wt` is scratch for wᵀ [n, k].
pub unsafe fn g_wt(m: usize, k: usize, n: usize, g: *const f32, w: *const f32, wt: *mut f32, dx: *mut f32, keep: bool) {
    transpose(k, n, w, wt);
    gemm(m, k, n, g, n, 1, wt, k, dx, k, if keep { Init::Keep } else { Init::Zero });
}

/// dst [cols, rows] = srcᵀ for row-major src [rows, cols].
pub unsafe fn transpose(rows: usize, cols: usize, src: *const f32, dst: *mut f32) {
    for r in 0..rows {
        for c in 0..cols {
            *dst.add(c * rows + r) = *src.add(r * cols + c);
        }
    }
}

/// sums[j] += Σ_i g[i·n + j] (a bias's gradient).
pub unsafe fn accumulate_column_sums(m: usize, n: usize, g: *const f32, sums: *mut f32) {
    let mut j = 0;
    while j + 4 <= n {
        let mut acc = v128_load(sums.add(j) as *const v128);
        for i in 0..m {
            acc = f32x4_add(acc, v128_load(g.add(i * n + j) as *const v128));
        }
        v128_store(sums.add(j) as *mut v128, acc);
        j += 4;
    }
    for jj in j..n {
        let mut s = *sums.add(jj);
        for i in 0..m {
            s += *g.add(i * n + jj);
        }
        *sums.add(jj) = s;
    }
}
