// Which model versions the registry may delete: the newest few are kept for quick rollback, and any
// version an alias points at (champion, challenger, previous champion) is kept however old it is,
// because deleting it would leave the alias dangling.

export interface PruneInput {
  versions: number[];
  /** How many of the newest versions to keep regardless of aliases; an integer >= 1. */
  keep: number;
  /** Versions aliases point at; null/undefined for an alias that is not set. */
  protectedVersions: Array<number | null | undefined>;
}

export interface PruneSelection {
  /** Both lists descending (newest first); together they hold each input version once. */
  keep: number[];
  prune: number[];
}

export function versionsToPrune(input: PruneInput): PruneSelection {
  if (!Number.isInteger(input.keep) || input.keep < 1) {
    throw new RangeError(`keep must be an integer >= 1, got ${input.keep}`);
  }
  const protectedSet = new Set(input.protectedVersions.filter((v): v is number => typeof v === 'number'));
  const newestFirst = [...new Set(input.versions)].sort((a, b) => b - a);
  const keep: number[] = [];
  const prune: number[] = [];
  newestFirst.forEach((version, rank) => {
    if (rank < input.keep || protectedSet.has(version)) keep.push(version);
    else prune.push(version);
  });
  return { keep, prune };
}
