// A fused TabTransformer for WebAssembly SIMD: the whole forward pass, the whole backward pass and
// the optimiser step are one call each, instead of the hundreds of small tfjs ops per step whose
// dispatch and copies dominate training on CPU (docs/performance.md). libs/ml/src/fused/ drives it;
// tab-transformer.ts stays the reference implementation the specs hold it to.
//
// ABI: plain exports over linear memory. The host writes a network's shape and parameter offsets into
// args(), creates it with net_new, then writes parameters and inputs straight into the buffers whose
// addresses the net_* accessors return (valid until the next call that may allocate: net_reserve,
// net_predict, the gradient calls). Invalid shapes or offsets give a null network, not a trap.
#![allow(clippy::missing_safety_doc)]

mod attention;
mod config;
mod elementwise;
mod gemm;
mod layer_norm;
mod network;
mod optimizer;
mod random;

use config::{Config, Layout};
use network::Net;
use random::Sfc32;

static mut ARGS: Vec<i32> = Vec::new();

/// Room for `len` 32-bit arguments (shape, offsets) for the next net_new.
#[no_mangle]
pub unsafe extern "C" fn args(len: usize) -> *mut i32 {
    let a = &mut *core::ptr::addr_of_mut!(ARGS);
    a.clear();
    a.resize(len, 0);
    a.as_mut_ptr()
}

/// A network from args()[..shape_len] (see Config::read) and args()[shape_len..][..layout_len]
/// (see Layout::read), with its four dropout rates; null if they do not describe a valid one.
#[no_mangle]
pub unsafe extern "C" fn net_new(shape_len: usize, layout_len: usize, attention: f32, ff: f32, residual: f32, head: f32) -> *mut Net {
    let a = &*core::ptr::addr_of!(ARGS);
    if a.len() < shape_len + layout_len {
        return core::ptr::null_mut();
    }
    let Some(c) = Config::read(&a[..shape_len], &[attention, ff, residual, head]) else { return core::ptr::null_mut() };
    let Some(lay) = Layout::read(&a[shape_len..shape_len + layout_len], &c) else { return core::ptr::null_mut() };
    Box::into_raw(Box::new(Net::new(c, lay)))
}

#[no_mangle]
pub unsafe extern "C" fn net_free(net: *mut Net) {
    if !net.is_null() {
        drop(Box::from_raw(net));
    }
}

#[no_mangle]
pub unsafe extern "C" fn net_param_count(net: *mut Net) -> usize {
    (*net).lay.total
}

/// Where the head's parameters begin (they follow the encoder's).
#[no_mangle]
pub unsafe extern "C" fn net_head_start(net: *mut Net) -> usize {
    (*net).lay.head_start
}

#[no_mangle]
pub unsafe extern "C" fn net_params(net: *mut Net) -> *mut f32 {
    (*net).params.as_mut_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn net_grads(net: *mut Net) -> *mut f32 {
    (*net).grads.as_mut_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn net_incoming(net: *mut Net) -> *mut f32 {
    (*net).incoming.as_mut_ptr()
}

/// The moving average of the parameters (allocated on first use).
#[no_mangle]
pub unsafe extern "C" fn net_average(net: *mut Net) -> *mut f32 {
    let n = &mut *net;
    if n.average.len() != n.params.len() {
        n.reset_average();
    }
    n.average.as_mut_ptr()
}

/// Input buffers for `rows` rows; their addresses follow (net_categorical and the rest).
#[no_mangle]
pub unsafe extern "C" fn net_reserve(net: *mut Net, rows: usize) {
    (*net).reserve(rows);
}

#[no_mangle]
pub unsafe extern "C" fn net_categorical(net: *mut Net) -> *mut i32 {
    (*net).categorical.as_mut_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn net_numeric(net: *mut Net) -> *mut f32 {
    (*net).numeric.as_mut_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn net_labels(net: *mut Net) -> *mut f32 {
    (*net).labels.as_mut_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn net_weights(net: *mut Net) -> *mut f32 {
    (*net).weights.as_mut_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn net_logits(net: *mut Net) -> *mut f32 {
    (*net).logits.as_mut_ptr()
}

/// Inference-mode logits of the first `rows` reserved rows, into net_logits.
#[no_mangle]
pub unsafe extern "C" fn net_predict(net: *mut Net, rows: usize) {
    (*net).predict(rows);
}

/// Training-mode loss and gradients (net_grads) of the first `rows` rows; dropout from `seed`.
#[no_mangle]
pub unsafe extern "C" fn net_gradients(net: *mut Net, rows: usize, seed: u32, freeze_encoder: i32) -> f32 {
    (*net).gradients(rows, seed, freeze_encoder != 0)
}

/// Replaced-token detection loss and gradients; the detector's weight [cats, d] and bias [cats]
/// are parameters at the given offsets (beyond the model's own, which the layout tiles). NaN if they do not fit.
#[no_mangle]
pub unsafe extern "C" fn net_detection_gradients(net: *mut Net, rows: usize, seed: u32, detector_w: usize, detector_b: usize) -> f32 {
    let n = &mut *net;
    let (c, d) = (n.c.cats, n.c.d);
    let fits = |at: usize, len: usize| at >= n.lay.total && at + len <= n.params.len();
    if !fits(detector_w, c * d) || !fits(detector_b, c) || (detector_w < detector_b + c && detector_b < detector_w + c * d) {
        return f32::NAN;
    }
    n.detection_gradients(rows, seed, detector_w, detector_b)
}

/// Adds `extra` parameters after the model's (e.g. a pre-training detector); returns the new total.
#[no_mangle]
pub unsafe extern "C" fn net_extend(net: *mut Net, extra: usize) -> usize {
    let n = &mut *net;
    let total = n.lay.total + extra;
    for v in [&mut n.params, &mut n.grads, &mut n.incoming] {
        v.resize(total, 0.0);
    }
    n.reset_optimizer();
    n.average.clear();
    total
}

#[no_mangle]
pub unsafe extern "C" fn net_buffer_len(net: *mut Net) -> usize {
    (*net).params.len()
}

#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn net_adam(net: *mut Net, from: usize, to: usize, learning_rate: f32, beta1: f32, beta2: f32, epsilon: f32, correction1: f32, correction2: f32) {
    (*net).adam(from, to, learning_rate, beta1, beta2, epsilon, correction1, correction2);
}

#[no_mangle]
pub unsafe extern "C" fn net_reset_optimizer(net: *mut Net) {
    (*net).reset_optimizer();
}

#[no_mangle]
pub unsafe extern "C" fn net_scale_params(net: *mut Net, from: usize, to: usize, factor: f32) {
    (*net).scale_params(from, to, factor);
}

#[no_mangle]
pub unsafe extern "C" fn net_reset_average(net: *mut Net) {
    (*net).reset_average();
}

#[no_mangle]
pub unsafe extern "C" fn net_update_average(net: *mut Net, from: usize, to: usize, decay: f32) {
    (*net).update_average(from, to, decay);
}

#[no_mangle]
pub unsafe extern "C" fn net_add_incoming(net: *mut Net, from: usize, to: usize) {
    (*net).add_incoming(from, to);
}

/// The first `count` draws of the kernel's generator for `seed`, into args() (the test that it is
/// the same stream as @loan/stats SeededRandom).
#[no_mangle]
pub unsafe extern "C" fn random_stream(seed: u32, count: usize) -> *mut i32 {
    let out = args(count);
    let mut g = Sfc32::new(seed);
    for i in 0..count {
        *out.add(i) = g.next_u32() as i32;
    }
    out
}
