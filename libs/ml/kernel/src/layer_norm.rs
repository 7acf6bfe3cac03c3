// Layer normalisation over the last axis, forward and backward; the same maths as
// libs/ml/src/ops/layer-norm.ts (Ba et al. 2016):
//   x̂ = (x − μ)·r, r = 1/√(σ² + ε);  y = x̂·γ + β
//   dγ = Σ_rows dy·x̂;  dβ = Σ_rows dy;  dx = r·(g − mean(g) − x̂·mean(g·x̂)), g = dy·γ

pub const EPSILON: f32 = 1e-5;

/// Normalises `rows` rows of `width`: writes y, and x̂ and r for the backward pass.
pub fn forward(width: usize, x: &[f32], gamma: &[f32], beta: &[f32], y: &mut [f32], xhat: &mut [f32], rstd: &mut [f32]) {
    let inv_w = 1.0 / width as f32;
    for ((xr, yr), (hr, r)) in x.chunks_exact(width).zip(y.chunks_exact_mut(width)).zip(xhat.chunks_exact_mut(width).zip(rstd.iter_mut())) {
        let mean = xr.iter().sum::<f32>() * inv_w;
        let mut var = 0.0;
        for &v in xr {
            let c = v - mean;
            var += c * c;
        }
        let rs = 1.0 / (var * inv_w + EPSILON).sqrt();
        *r = rs;
        for j in 0..width {
            let h = (xr[j] - mean) * rs;
            hr[j] = h;
            yr[j] = h * gamma[j] + beta[j];
        }
    }
}

/// From dy (the gradient at y): dx (written, or added to with `accumulate`), and dγ, dβ added to.
/// dx may be dy itself (each row is read in full before it is written).
#[allow(clippy::too_many_arguments)]
pub unsafe fn backward(rows: usize, width: usize, dy: *const f32, xhat: &[f32], rstd: &[f32], gamma: &[f32], dx: *mut f32, accumulate: bool, dgamma: &mut [f32], dbeta: &mut [f32]) {
    let inv_w = 1.0 / width as f32;
    for row in 0..rows {
        let dyr = core::slice::from_raw_parts(dy.add(row * width), width);
        let hr = &xhat[row * width..(row + 1) * width];
        let mut mean_g = 0.0;
        let mut mean_gx = 0.0;
        for j in 0..width {
            let g = dyr[j] * gamma[j];
            mean_g += g;
            mean_gx += g * hr[j];
            dgamma[j] += dyr[j] * hr[j];
            dbeta[j] += dyr[j];
        }
        mean_g *= inv_w;
        mean_gx *= inv_w;
        let r = rstd[row];
        for j in 0..width {
            let v = r * (*dy.add(row * width + j) * gamma[j] - mean_g - hr[j] * mean_gx);
            let out = dx.add(row * width + j);
            *out = if accumulate { *out + v } else { v };
        }
    }
}
