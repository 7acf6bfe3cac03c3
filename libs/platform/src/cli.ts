import { Command, InvalidArgumentError } from 'commander';

/**
 * Runs a commander program (built with exitOverride) and exits: 0 when it succeeded, commander's own code
 * for usage errors and --help (it has printed its message), 1 with the error's message otherwise.
 */
export function runCommandLine(program: Command, name: string, argv: string[] = process.argv): void {
  program.parseAsync(argv).then(
    () => process.exit(0),
    (e: Error & { code?: string; exitCode?: number }) => {
      if (e.code?.startsWith('commander.')) process.exit(e.exitCode ?? 2);
      console.error(`${name}: ${e.message}`);
      process.exit(1);
    },
  );
}

/** A commander option parser for a whole number ≥ 1 (the command lines' counts, seeds and ports). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`not a positive integer: ${value}`);
  return n;
}
