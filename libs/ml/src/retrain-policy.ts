// The self-healing rules, as pure functions: when a day's score calls for fine-tuning, how each
// attempt fine-tunes, and what follows an attempt (deploy, try again, or alert a human).

export interface F1Threshold {
  value: number;
  source: 'configured' | 'champion-validation-minus-margin';
}

/**
 * The F1 a day must reach. A configured value wins; otherwise the champion's own validation F1 minus a
 * margin, because a fixed target like 0.75 is unreachable on this data (best known models ≈ 0.55).
 */
export function f1ThresholdFor(input: { configured?: number | null; championValidationF1: number; margin: number }): F1Threshold {
  if (input.configured !== undefined && input.configured !== null) return { value: input.configured, source: 'configured' };
  return { value: Math.max(0, input.championValidationF1 - input.margin), source: 'champion-validation-minus-margin' };
}

// Whether a day's evaluation retrains: decideAfterEvaluation in ./decay-trigger (AUC decay test).

export type TrainingDecision = { action: 'deploy' } | { action: 'retry'; nextAttempt: number } | { action: 'alert' };

export function decideAfterTraining(input: { candidateF1: number; threshold: number; attempt: number; maxAttempts: number }): TrainingDecision {
  if (input.candidateF1 >= input.threshold) return { action: 'deploy' };
  if (input.attempt < input.maxAttempts) return { action: 'retry', nextAttempt: input.attempt + 1 };
  return { action: 'alert' };
}

export interface FineTuneStep {
  learningRate: number;
  freezeEncoder: boolean;
  maxEpochs: number;
  seed: number;
}

/**
 * Each attempt tries harder than the last: first only the head (the pre-trained encoder kept frozen),
 * then the whole network gently, then the whole network with a larger step and more epochs.
 */
export function fineTuneStep(attempt: number): FineTuneStep {
  if (attempt <= 1) return { learningRate: 5e-4, freezeEncoder: true, maxEpochs: 8, seed: 101 };
  if (attempt === 2) return { learningRate: 2e-4, freezeEncoder: false, maxEpochs: 8, seed: 202 };
  return { learningRate: 5e-4, freezeEncoder: false, maxEpochs: 12, seed: 300 + attempt };
}
