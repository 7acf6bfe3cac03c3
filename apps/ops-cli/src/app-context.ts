import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidArgumentError } from 'commander';
import { isIsoDay, parseVersionNumber, parseVersionRef, VERSION_NUMBER_MESSAGE, VERSION_TAG_MESSAGE, VersionRef } from '@loan/contracts';
import { OpsCliModule } from './ops-cli.module';

/** Runs one command inside the same modules the apps use (queues, repositories, registry), then closes them. */
export async function withApp<T>(run: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(OpsCliModule, { logger: ['error', 'warn'] });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

// Argument parsers: the admin API's rules, with commander's "error: option … argument … is invalid" framing.

export function isoDay(value: string): string {
  if (!isIsoDay(value)) throw new InvalidArgumentError(`not a calendar day (YYYY-MM-DD): ${value}`);
  return value;
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`not a number: ${value}`);
  return n;
}

export function versionNumber(value: string): number {
  const n = parseVersionNumber(value);
  if (n === null) throw new InvalidArgumentError(`${VERSION_NUMBER_MESSAGE}, got ${value}`);
  return n;
}

export function versionRef(value: string): VersionRef {
  const ref = parseVersionRef(value);
  if (!ref) throw new InvalidArgumentError(`not a version number or a tag (${VERSION_TAG_MESSAGE}): ${value}`);
  return ref;
}

export function versionTag(value: string): string {
  const ref = parseVersionRef(value);
  if (!ref || !('tag' in ref)) throw new InvalidArgumentError(`${VERSION_TAG_MESSAGE}, got ${value}`);
  return ref.tag;
}

/** Prints rows as aligned columns (the CLI's one table format). */
export function printTable(rows: Record<string, unknown>[]): void {
  if (!rows.length) return;
  const keys = Object.keys(rows[0]);
  const text = (v: unknown) => (v === null || v === undefined ? '–' : String(v));
  const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => text(r[k]).length)));
  console.log(keys.map((k, i) => k.padEnd(widths[i])).join('  ').trimEnd());
  for (const r of rows) console.log(keys.map((k, i) => text(r[k]).padEnd(widths[i])).join('  ').trimEnd());
}
