// The project's seeded generator (@loan/stats SeededRandom: sfc32, seeded through splitmix32 and
// warmed up by 12 draws), written again here because the kernel draws millions of dropout decisions
// per step and cannot call back into JavaScript for each. Same algorithm, same stream for the same
// seed: libs/ml/src/fused/fused-kernel.spec.ts checks the two side by side.

pub struct Sfc32 {
    a: u32,
    b: u32,
    c: u32,
    d: u32,
}

fn splitmix32(x: &mut u32) -> u32 {
    *x = x.wrapping_add(0x9e37_79b9);
    let mut z = *x;
    z = (z ^ (z >> 16)).wrapping_mul(0x85eb_ca6b);
    z = (z ^ (z >> 13)).wrapping_mul(0xc2b2_ae35);
    z ^ (z >> 16)
}

impl Sfc32 {
    pub fn new(seed: u32) -> Sfc32 {
        let mut x = seed;
        let mut g = Sfc32 { a: splitmix32(&mut x), b: splitmix32(&mut x), c: splitmix32(&mut x), d: splitmix32(&mut x) };
        for _ in 0..12 {
            g.next_u32();
        }
        g
    }

    #[inline(always)]
    pub fn next_u32(&mut self) -> u32 {
        let t = self.a.wrapping_add(self.b).wrapping_add(self.d);
        self.d = self.d.wrapping_add(1);
        self.a = self.b ^ (self.b >> 9);
        self.b = self.c.wrapping_add(self.c << 3);
        self.c = self.c.rotate_left(21);
        self.c = self.c.wrapping_add(t);
        t
    }

    /// Inverted-dropout multipliers: 1/keep with probability keep, else 0. Each 32-bit draw decides two
    /// cells by its 16-bit halves (keep is rounded to a multiple of 1/65,536: at most 8e-6 off), which
    /// halves the generator's share of a training step.
    pub fn dropout_mask(&mut self, mask: &mut [f32], rate: f32) {
        let keep = 1.0 - rate;
        let threshold = (keep * 65_536.0).round() as u32;
        let scale = 1.0 / keep;
        let mut pairs = mask.chunks_exact_mut(2);
        for pair in &mut pairs {
            let r = self.next_u32();
            pair[0] = if (r & 0xffff) < threshold { scale } else { 0.0 };
            pair[1] = if (r >> 16) < threshold { scale } else { 0.0 };
        }
        for last in pairs.into_remainder() {
            *last = if (self.next_u32() & 0xffff) < threshold { scale } else { 0.0 };
        }
    }
}
