/**
 * The nightly worker (SQS → Lambda, ReportBatchItemFailures): one message = one agency
 * (`runNightlyWorker`: fold its log into statistics, findings and deadlines; its consolidated statistics
 * if it has children; mark its parent; clear its markers).
 *
 * A message that fails for a transient reason comes back in `batchItemFailures` and is retried; after
 * maxReceiveCount receives the redrive policy moves it to the dead-letter queue (logged as such here).
 * Its marker stays, so the next nightly tries the agency again. A message that is not a nightly message
 * is logged and dropped (retrying would not change it).
 */
import type { Context, SQSEvent } from 'aws-lambda';

import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { sqsBatchHandler } from '../../shared/adapters/sqs-batch.ts';
import { tracedClients } from '../../shared/adapters/tracing.ts';
import { NIGHTLY_WORK_QUEUE } from '../../shared/config.ts';
import { CHINA_CALENDAR } from '../../shared/domain/calendar/index.ts';
import type { Logger } from '../../shared/ports.ts';
import {
  type NightlyWorkerDeps,
  parseNightlyMessage,
  runNightlyWorker,
} from '../../shared/use-cases/nightly.ts';

export interface NightlyWorkerHandlerDeps {
  readonly worker: NightlyWorkerDeps;
  readonly log: Logger;
  /** The redrive policy's maxReceiveCount: on that receive a failure is the last one. */
  readonly maxReceiveCount: number;
  /** Messages worked on at once (default 2). */
  readonly concurrency?: number;
}

export function createNightlyWorkerHandler(deps: NightlyWorkerHandlerDeps) {
  return sqsBatchHandler({
    log: deps.log,
    maxReceiveCount: deps.maxReceiveCount,
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
    noun: 'nightly message',
    process: async (record) => {
      await runNightlyWorker(deps.worker, parseNightlyMessage(record.body));
    },
  });
}

let instance: ReturnType<typeof createNightlyWorkerHandler> | undefined;

export const handler = lambdaLogContext((event: SQSEvent, context: Context) => {
  if (!instance) {
    const { stores } = defaultStores(tracedClients());
    const log = createLogger();
    instance = createNightlyWorkerHandler({
      worker: { ...stores, calendar: CHINA_CALENDAR, clock: () => new Date(), log },
      log,
      maxReceiveCount: NIGHTLY_WORK_QUEUE.maxReceiveCount,
    });
  }
  return instance(event, context);
}, agencyOfEvent);
