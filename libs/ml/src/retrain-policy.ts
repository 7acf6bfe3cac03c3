// The self-healing rules, as pure functions: when a day's score calls for fine-tuning, and what follows
// an attempt (deploy, try again, or alert a human). What each attempt does is in attempt-ladder.ts.

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

/** After an attempt: register and deploy a success (judgeAttempt in attempt-ladder), else retry until the last attempt, then alert. */
export function decideAfterTraining(input: { success: boolean; attempt: number; maxAttempts: number }): TrainingDecision {
  if (input.success) return { action: 'deploy' };
  if (input.attempt < input.maxAttempts) return { action: 'retry', nextAttempt: input.attempt + 1 };
  return { action: 'alert' };
}
