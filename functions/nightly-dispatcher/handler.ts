/**
 * The nightly dispatcher (EventBridge Scheduler, 02:00 Asia/Shanghai). Runs `runNightly`: lists the
 * changed agencies, puts one message per agency on the nightly queue, waits for the queue to drain and
 * dispatches again what was marked meanwhile (the parents of the agencies done: the roll-up), within its
 * time. Then emits the CloudWatch EMF metric `Gongkai/NightlyCompleted` = 1 (the alarm "nightly not
 * completed in 26 hours" watches it) as one JSON line on stdout. A failure emits nothing: the alarm fires.
 *
 * The schedule's input may be `{"all": true}` to recompute every registered agency (a rebuild).
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createSqs } from '../../shared/adapters/clients.ts';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { SqsWorkQueue } from '../../shared/adapters/sqs-work-queue.ts';
import { tracedClients } from '../../shared/adapters/tracing.ts';
import type { Logger } from '../../shared/ports.ts';
import { type NightlyDispatchDeps, type NightlyReport, runNightly } from '../../shared/use-cases/nightly.ts';

export interface NightlyDispatcherDeps {
  readonly nightly: NightlyDispatchDeps;
  readonly log: Logger;
  /** Where the EMF line goes (stdout on AWS: CloudWatch Logs extracts the metric). */
  readonly emitMetric: (line: string) => void;
  /** Time kept back from the function's timeout to finish the report (default 30 s). */
  readonly marginMs?: number;
  readonly maxRounds?: number;
}

/** The Embedded Metric Format line of a completed run (namespace Gongkai, no dimensions). */
export function nightlyCompletedMetric(report: NightlyReport, at: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: 'Gongkai',
          Dimensions: [[]],
          Metrics: [
            { Name: 'NightlyCompleted', Unit: 'Count' },
            { Name: 'NightlyAgenciesDispatched', Unit: 'Count' },
            { Name: 'NightlyAgenciesPending', Unit: 'Count' },
          ],
        },
      ],
    },
    NightlyCompleted: 1,
    NightlyAgenciesDispatched: report.dispatched,
    NightlyAgenciesPending: report.pending.length,
    rounds: report.rounds,
    complete: report.complete,
  });
}

const wantsAll = (event: unknown) =>
  typeof event === 'object' && event !== null && (event as { all?: unknown }).all === true;

export function createNightlyDispatcherHandler(deps: NightlyDispatcherDeps) {
  return middy<unknown, NightlyReport>().handler(async (event, context: Context) => {
    const remaining = context.getRemainingTimeInMillis?.() ?? 900_000;
    const report = await runNightly(deps.nightly, {
      timeoutMs: Math.max(1_000, remaining - (deps.marginMs ?? 30_000)),
      ...(deps.maxRounds ? { maxRounds: deps.maxRounds } : {}),
      ...(wantsAll(event) ? { all: true } : {}),
    });
    deps.emitMetric(nightlyCompletedMetric(report, Date.now()));
    return report;
  });
}

let instance: ReturnType<typeof createNightlyDispatcherHandler> | undefined;

export const handler = lambdaLogContext((event: unknown, context: Context) => {
  if (!instance) {
    const { config, stores } = defaultStores(tracedClients());
    if (!config.nightlyQueueUrl) throw new Error('GONGKAI_NIGHTLY_QUEUE_URL is not set');
    const log = createLogger();
    instance = createNightlyDispatcherHandler({
      nightly: {
        ...stores,
        queue: new SqsWorkQueue(createSqs(config, tracedClients()), config.nightlyQueueUrl),
        clock: () => new Date(),
        log,
      },
      log,
      emitMetric: (line) => process.stdout.write(`${line}\n`),
    });
  }
  return instance(event, context);
}, agencyOfEvent);
