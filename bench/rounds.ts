// Shared by the benches that repeat a side-by-side comparison in rounds: this VM's speed drifts between
// minutes, so a ratio is taken within each round (both sides meet the same machine) and reported as the
// median over the rounds with its range.
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const range = (xs: readonly number[], digits = 2): string => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
