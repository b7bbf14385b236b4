/**
 * `gongkai run`: the whole pipeline on the embedded default, in a fresh temporary store — the events go in
 * through the real ingest use case, the nightly computes the statistics, the generator publishes a version
 * to s3rver — and each agency-year's artifacts are copied out of the store into a folder.
 *
 * This module starts the store and hands over to the stages (run-stages.ts), loaded meanwhile: dynalite
 * and s3rver start in threads of their own while this thread loads the handlers and the renderers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLine } from '../../shared/adapters/event-file.ts';
import { invalidArgument } from '../../shared/errors.ts';
import type { Logger } from '../../shared/ports.ts';
import { openLocalStorage } from './runtime.ts';

export interface RunOptions {
  /**
   * Reads the events: calls back once per line (valid or not), in file order, and awaits `backpressure`
   * now and then (the events are ingested while the file is read).
   */
  readonly readEvents: (
    onLine: (line: EventLine) => void,
    backpressure: () => Promise<void>,
  ) => Promise<unknown>;
  readonly out: string;
  readonly agencyId?: string;
  readonly year?: number;
  /** The template file every report is generated with (else the agency's: the demo's for hz-psb; else national). */
  readonly templateFile?: string;
  /** The office's text (slots of the template) for the year asked for (`year` is required with it). */
  readonly narrativeFile?: string;
  readonly log: Logger;
  readonly progress: (text: string) => void;
}

export interface RunResult {
  readonly written: { agencyId: string; year: number; version: number; folder: string; draft: boolean }[];
  readonly ingested: Record<string, number>;
}

export async function runPipeline(options: RunOptions): Promise<RunResult> {
  if (options.narrativeFile !== undefined && options.year === undefined) {
    throw invalidArgument('--narrative is the text of one report year: give --year too');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-run-'));
  try {
    const [storage, stages] = await Promise.allSettled([
      openLocalStorage(dataDir),
      import('./run-stages.ts'),
    ]);
    if (storage.status === 'rejected') throw storage.reason;
    try {
      if (stages.status === 'rejected') throw stages.reason;
      return await stages.value.runStages(storage.value, options);
    } finally {
      await storage.value.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
