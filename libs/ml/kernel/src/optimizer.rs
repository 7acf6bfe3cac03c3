// Adam, decoupled weight decay and the weights' moving average, over ranges of the flat parameter
// buffer: what libs/ml/src/training.ts does with tfjs' Adam (β₁ 0.9, β₂ 0.999, ε 1e-7 as tfjs uses),
// its decay of the weight matrices and its WeightAverage.
use crate::network::Net;

impl Net {
    /// One Adam step on params[from..to] from grads[from..to]. `correction1` and `correction2` are
    /// 1 − β₁ᵗ and 1 − β₂ᵗ for this step t (the caller counts steps, as tfjs' optimiser does).
    #[allow(clippy::too_many_arguments)]
    pub fn adam(&mut self, from: usize, to: usize, learning_rate: f32, beta1: f32, beta2: f32, epsilon: f32, correction1: f32, correction2: f32) {
        if self.adam_m.len() != self.params.len() {
            self.adam_m = vec![0.0; self.params.len()];
            self.adam_v = vec![0.0; self.params.len()];
        }
        let (params, grads) = (&mut self.params[from..to], &self.grads[from..to]);
        let (m, v) = (&mut self.adam_m[from..to], &mut self.adam_v[from..to]);
        for i in 0..params.len() {
            let g = grads[i];
            m[i] = beta1 * m[i] + (1.0 - beta1) * g;
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
            let m_hat = m[i] / correction1;
            let v_hat = v[i] / correction2;
            params[i] -= learning_rate * m_hat / (v_hat.sqrt() + epsilon);
        }
    }

    /// Forgets Adam's moments (a new training run).
    pub fn reset_optimizer(&mut self) {
        self.adam_m.clear();
        self.adam_v.clear();
    }

    /// params[from..to] *= factor (decoupled weight decay: factor = 1 − lr·decay).
    pub fn scale_params(&mut self, from: usize, to: usize, factor: f32) {
        for p in &mut self.params[from..to] {
            *p *= factor;
        }
    }

    /// average = params (the start of a moving average).
    pub fn reset_average(&mut self) {
        self.average.clear();
        self.average.extend_from_slice(&self.params);
    }

    /// average[from..to] = decay·average + (1 − decay)·params.
    pub fn update_average(&mut self, from: usize, to: usize, decay: f32) {
        if self.average.len() != self.params.len() {
            self.reset_average();
        }
        for (a, &p) in self.average[from..to].iter_mut().zip(&self.params[from..to]) {
            *a = decay * *a + (1.0 - decay) * p;
        }
    }

    /// grads[from..to] += incoming[from..to] (another thread's share of the batch).
    pub fn add_incoming(&mut self, from: usize, to: usize) {
        for (g, &x) in self.grads[from..to].iter_mut().zip(&self.incoming[from..to]) {
            *g += x;
        }
    }
}
