/**
 * The local scheduler: the nightly job at 02:00 Asia/Shanghai (as the EventBridge schedule on AWS), and
 * on demand. Runs never overlap: a run asked for while one is going waits for it and shares its result.
 */
import { Cron } from 'croner';
import type { Logger } from '../../shared/ports.ts';

export const NIGHTLY_CRON = '0 2 * * *';
export const NIGHTLY_TIMEZONE = 'Asia/Shanghai';

export interface Scheduler {
  /** Runs the job now (or joins the run in progress). */
  runNow(reason: string): Promise<unknown>;
  nextRun(): Date | null;
  stop(): Promise<void>;
}

export function startScheduler(options: {
  job: () => Promise<unknown>;
  log: Logger;
  /** false: on demand only (tests). */
  schedule?: boolean;
}): Scheduler {
  const { job, log } = options;
  let current: Promise<unknown> | undefined;

  const runNow = (reason: string) => {
    if (current) return current;
    const started = Date.now();
    log.info('nightly started', { reason });
    current = job()
      .then(
        (result) => {
          log.info('nightly done', { reason, ms: Date.now() - started });
          return result;
        },
        (error: unknown) => {
          log.error('nightly failed', { reason, error });
          throw error;
        },
      )
      .finally(() => {
        current = undefined;
      });
    return current;
  };

  const cron =
    options.schedule === false
      ? undefined
      : new Cron(NIGHTLY_CRON, { timezone: NIGHTLY_TIMEZONE, protect: true }, () => {
          runNow('schedule').catch(() => undefined);
        });

  return {
    runNow,
    nextRun: () => cron?.nextRun() ?? null,
    stop: async () => {
      cron?.stop();
      await current?.catch(() => undefined);
    },
  };
}
