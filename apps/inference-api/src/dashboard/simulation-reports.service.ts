import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@loan/platform';

export interface SimulationListing {
  name: string;
  description: string | null;
  days: number;
  startedAt: string | null;
  summary: Record<string, unknown>;
}

export interface SimulationReport {
  name: string;
  context: Record<string, unknown>;
  summary: Record<string, unknown>;
  days: Record<string, unknown>[];
  report: string | null;
}

/** A report folder's name as the simulator writes it (a calendar's name): nothing that could leave the folder. */
export const REPORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class ReportNotFoundError extends Error {}

/** The simulator's reports (SIMULATION_REPORTS_DIR/<calendar>/summary.json and report.md), read from disk on each call. */
@Injectable()
export class SimulationReportsService {
  constructor(private readonly config: AppConfig) {}

  private get root(): string {
    return resolve(this.config.SIMULATION_REPORTS_DIR);
  }

  async list(): Promise<SimulationListing[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const listed: SimulationListing[] = [];
    for (const entry of entries.filter((e) => e.isDirectory() && REPORT_NAME.test(e.name)).sort((a, b) => a.name.localeCompare(b.name))) {
      const report = await this.summaryOf(entry.name).catch(() => null); // a folder without a readable summary.json is not a report
      if (!report) continue;
      listed.push({
        name: entry.name,
        description: typeof report.context['description'] === 'string' ? report.context['description'] : null,
        days: report.days.length,
        startedAt: typeof report.context['startedAt'] === 'string' ? report.context['startedAt'] : null,
        summary: report.summary,
      });
    }
    return listed;
  }

  async get(name: string): Promise<SimulationReport> {
    if (!REPORT_NAME.test(name)) throw new ReportNotFoundError(`no simulation report ${JSON.stringify(name)}`);
    const report = await this.summaryOf(name).catch(() => {
      throw new ReportNotFoundError(`no simulation report ${JSON.stringify(name)}`);
    });
    const markdown = await readFile(join(this.root, name, 'report.md'), 'utf8').catch(() => null);
    return { name, ...report, report: markdown };
  }

  private async summaryOf(name: string): Promise<Omit<SimulationReport, 'name' | 'report'>> {
    const parsed = JSON.parse(await readFile(join(this.root, name, 'summary.json'), 'utf8')) as Partial<SimulationReport>;
    if (!Array.isArray(parsed.days)) throw new Error('not a simulation summary');
    return { context: parsed.context ?? {}, summary: parsed.summary ?? {}, days: parsed.days };
  }
}
