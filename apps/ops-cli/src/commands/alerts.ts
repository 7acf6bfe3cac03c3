import { Command, InvalidArgumentError } from 'commander';
import { AlertsRepository } from '@loan/data-access';
import { printTable, withApp } from '../app-context';

export function alertCommands(cli: Command): void {
  const alerts = cli.command('alerts').description('list and acknowledge alerts');
  alerts
    .command('list')
    .description('alerts, newest first')
    .option('--all', 'acknowledged ones too (default: open only)', false)
    .option('--severity <s>', 'INFO, WARNING or CRITICAL', (v: string) => {
      if (!['INFO', 'WARNING', 'CRITICAL'].includes(v)) throw new InvalidArgumentError(`severity must be INFO, WARNING or CRITICAL, got ${v}`);
      return v;
    })
    .option('--json', 'print JSON (the admin API GET /alerts shape)', false)
    .action((options: { all: boolean; severity?: string; json: boolean }) =>
      withApp(async (app) => {
        const found = (await app.get(AlertsRepository).list(options.all ? {} : { acknowledged: false })).filter((a) => !options.severity || a.severity === options.severity);
        if (options.json) return console.log(JSON.stringify(found, null, 2));
        if (!found.length) return console.log(options.all ? 'no alerts' : 'no open alerts');
        printTable(
          found.map((a) => ({
            id: a._id,
            severity: a.severity,
            day: a.day,
            acknowledged: a.acknowledged ? 'yes' : 'no',
            message: a.message.length > 100 ? `${a.message.slice(0, 99)}…` : a.message,
          })),
        );
      }),
    );
  alerts
    .command('ack')
    .description('acknowledge an alert (also when it already was)')
    .argument('<id>', 'the alert id, as `alerts list` shows it')
    .action((id: string) =>
      withApp(async (app) => {
        if (!(await app.get(AlertsRepository).acknowledge(id))) throw new Error(`no alert ${id}`);
        console.log(`acknowledged ${id}`);
      }),
    );
}
