import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Command } from 'commander';

/**
 * `simulate <calendar> [simulator options]`: hands over to the simulator app (dist/apps/simulator), which
 * runs the five apps through the calendar and writes the report; its own --help lists its options.
 */
export function simulateCommand(cli: Command): void {
  cli
    .command('simulate')
    .description('run the five apps through a scenario calendar and write a healing report (options: simulate -- --help)')
    .argument('<calendar>', 'a calendar from calendars/ (calm-30, recession-concept, gradual, recurring, ci-short) or a path to one')
    .argument('[options...]', "the simulator's options, e.g. --recipe quick --audit-rows 2000")
    .allowUnknownOption()
    .helpOption(false)
    .action(
      (calendar: string, options: string[]) =>
        new Promise<void>((resolve, reject) => {
          const main = join(__dirname, '../simulator/main.js');
          const child = spawn(process.execPath, [main, calendar, ...options], { stdio: 'inherit' });
          child.on('error', reject);
          child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the simulator ended with ${signal ?? `exit code ${code}`}`))));
        }),
    );
}
