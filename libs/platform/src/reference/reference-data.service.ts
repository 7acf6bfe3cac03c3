import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CompleteRow } from '@loan/features';
import { parseCreditCsv } from '@loan/features';
import { AppConfig } from '../app-config';

export interface ReferenceData {
  path: string;
  sha256: string;
  rows: CompleteRow[];
}

/** The real data every fit starts from, read once per process and identified by its sha256. */
@Injectable()
export class ReferenceDataService {
  private readonly logger = new Logger(ReferenceDataService.name);
  private loading?: Promise<ReferenceData>;

  constructor(private readonly config: AppConfig) {}

  load(): Promise<ReferenceData> {
    this.loading ??= this.read();
    return this.loading;
  }

  private async read(): Promise<ReferenceData> {
    const path = resolve(this.config.DATA_CSV_PATH);
    const text = await readFile(path, 'utf8').catch((e: Error) => {
      throw new Error(`cannot read the reference data at ${path} (DATA_CSV_PATH): ${e.message}`);
    });
    const sha256 = createHash('sha256').update(text).digest('hex');
    const rows = parseCreditCsv(text);
    this.logger.log({ path, rows: rows.length, sha256 }, 'reference data loaded');
    return { path, sha256, rows };
  }
}
