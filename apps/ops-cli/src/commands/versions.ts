// Model commands: versions list | save --tag | prune --keep | restore, promote, rollback. The same
// DeploymentService the admin API calls, so the same checks (checksum verified before anything serves).
import { Command } from 'commander';
import { VersionRef } from '@loan/contracts';
import { DeploymentOutcome, DeploymentService } from '@loan/model-registry';
import { positiveInt } from '@loan/platform';
import { printTable, versionNumber, versionRef, versionTag, withApp } from '../app-context';

function printOutcome(o: DeploymentOutcome): void {
  console.log(`${o.action}: champion v${o.champion ?? '–'}, challenger ${o.challenger === null ? 'none' : `v${o.challenger}`}${o.reasons.length ? ` (${o.reasons.join('; ')})` : ''}`);
  console.log('serving instances reload on the message sent');
}

export function versionCommands(cli: Command): void {
  const versions = cli.command('versions').description('list, save (tag), prune and restore model versions');
  versions
    .command('list')
    .description('registered versions, newest first, with their aliases and tags')
    .option('--limit <n>', 'at most this many', positiveInt, 50)
    .option('--json', 'print JSON (the admin API GET /versions shape)', false)
    .action((options: { limit: number; json: boolean }) =>
      withApp(async (app) => {
        const rows = await app.get(DeploymentService).listVersions(options.limit);
        if (options.json) return console.log(JSON.stringify(rows, null, 2));
        if (!rows.length) return console.log('no versions yet: run `npm run cli -- bootstrap`');
        printTable(
          rows.map((v) => ({
            version: v.version,
            alias: v.alias,
            kind: v.kind,
            parent: v.parentVersion,
            attempt: v.attempt,
            f1: typeof v.metrics['f1'] === 'number' ? v.metrics['f1'].toFixed(3) : null,
            created: v.createdAt ? new Date(v.createdAt).toISOString().slice(0, 19).replace('T', ' ') : null,
            tags: v.tags?.join(',') || null,
          })),
        );
      }),
    );
  versions
    .command('save')
    .description('save a version (default the champion) under a tag; tagged versions are never pruned')
    .requiredOption('--tag <tag>', 'the tag: starts with a letter; moved off any other version', versionTag)
    .option('--version <n>', 'the version (default the champion)', versionNumber)
    .action((options: { tag: string; version?: number }) =>
      withApp(async (app) => {
        const saved = await app.get(DeploymentService).tag(options.tag, options.version);
        console.log(`saved v${saved.version} as ${saved.tag}`);
      }),
    );
  versions
    .command('prune')
    .description('delete all but the newest N versions; champion, challenger, previous champion and tagged versions stay')
    .option('--keep <n>', 'versions kept besides the protected ones (default KEEP_VERSIONS)', positiveInt)
    .action((options: { keep?: number }) =>
      withApp(async (app) => {
        const r = await app.get(DeploymentService).prune(options.keep);
        console.log(`kept ${r.kept.map((v) => `v${v}`).join(', ') || 'none'}; pruned ${r.pruned.map((v) => `v${v}`).join(', ') || 'none'}`);
      }),
    );
  versions
    .command('restore')
    .description('make a saved version champion again (by number or tag); its checksum is verified first')
    .argument('<version|tag>', 'a version number or a saved tag', versionRef)
    .action((ref: VersionRef) => withApp(async (app) => printOutcome(await app.get(DeploymentService).restore(ref))));

  cli
    .command('promote')
    .description('make a version champion, whatever the policy says; its checksum is verified first')
    .argument('<version>', 'version number', versionNumber)
    .action((version: number) => withApp(async (app) => printOutcome(await app.get(DeploymentService).promote(version))));
  cli
    .command('rollback')
    .description('back to the previous champion')
    .action(() => withApp(async (app) => printOutcome(await app.get(DeploymentService).rollback())));
}
