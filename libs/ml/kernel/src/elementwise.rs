// Element-wise pieces: a vector exp (softmax and sigmoids run it on every attention score), and
// the small loops of the residual stream. Plain loops over slices; LLVM vectorises them for simd128.
use core::arch::wasm32::*;

/// e^x on four lanes: Cephes' expf (range reduction by ln 2, degree-6 polynomial), relative error
/// about 2e-7 over [-87, 88]; inputs are clamped there, so the result is finite and never 0·∞.
#[inline(always)]
pub fn exp4(x: v128) -> v128 {
    let x = f32x4_max(f32x4_min(x, f32x4_splat(88.3)), f32x4_splat(-87.3));
    let n = f32x4_nearest(f32x4_mul(x, f32x4_splat(core::f32::consts::LOG2_E)));
    let r = f32x4_sub(f32x4_sub(x, f32x4_mul(n, f32x4_splat(0.693_359_4))), f32x4_mul(n, f32x4_splat(-2.121_944_4e-4)));
    let mut p = f32x4_splat(1.987_569_1e-4);
    for coefficient in [1.398_199_9e-3, 8.333_452e-3, 4.166_579_6e-2, 1.666_666_5e-1, 5.0e-1] {
        p = f32x4_add(f32x4_mul(p, r), f32x4_splat(coefficient));
    }
    let p = f32x4_add(f32x4_add(f32x4_mul(f32x4_mul(p, r), r), r), f32x4_splat(1.0));
    let pow2n = i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(n), i32x4_splat(127)), 23);
    f32x4_mul(p, pow2n)
}

/// In place: v[i] = e^v[i].
pub fn exp_in_place(v: &mut [f32]) {
    let mut chunks = v.chunks_exact_mut(4);
    for c in &mut chunks {
        unsafe {
            let p = c.as_mut_ptr() as *mut v128;
            v128_store(p, exp4(v128_load(p)));
        }
    }
    for x in chunks.into_remainder() {
        *x = x.exp();
    }
}

/// max(x, 0), written as a comparison: f32::max compiles to a call (NaN rules) that cost a seventh
/// of a training step.
#[inline(always)]
pub fn relu(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

/// Logistic function, stable for large |z|.
#[inline(always)]
pub fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Softmax over each row of `rows` × `width` values, in place.
pub fn softmax_rows(v: &mut [f32], width: usize) {
    for row in v.chunks_exact_mut(width) {
        let mut max = f32::NEG_INFINITY;
        for &x in row.iter() {
            if x > max {
                max = x;
            }
        }
        for x in row.iter_mut() {
            *x -= max;
        }
    }
    exp_in_place(v);
    for row in v.chunks_exact_mut(width) {
        let sum: f32 = row.iter().sum();
        let inv = 1.0 / sum;
        for x in row.iter_mut() {
            *x *= inv;
        }
    }
}

/// dst[i] = a[i] + b[i].
pub fn add(dst: &mut [f32], a: &[f32], b: &[f32]) {
    for ((d, &x), &y) in dst.iter_mut().zip(a).zip(b) {
        *d = x + y;
    }
}

/// dst[i] += a[i].
pub fn add_in_place(dst: &mut [f32], a: &[f32]) {
    for (d, &x) in dst.iter_mut().zip(a) {
        *d += x;
    }
}

/// dst[i] *= m[i].
pub fn mul_in_place(dst: &mut [f32], m: &[f32]) {
    for (d, &x) in dst.iter_mut().zip(m) {
        *d *= x;
    }
}

/// dst[i] = a[i]·m[i].
pub fn mul(dst: &mut [f32], a: &[f32], m: &[f32]) {
    for ((d, &x), &y) in dst.iter_mut().zip(a).zip(m) {
        *d = x * y;
    }
}

/// v[i] *= s.
pub fn scale(v: &mut [f32], s: f32) {
    for x in v.iter_mut() {
        *x *= s;
    }
}
