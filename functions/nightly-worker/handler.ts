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
import middy from '@middy/core';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { NIGHTLY_WORK_QUEUE } from '../../infra/tables.ts';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { createLogger } from '../../shared/adapters/logger.ts';
import { CHINA_CALENDAR } from '../../shared/domain/calendar/index.ts';
import { AppError, describeError } from '../../shared/errors.ts';
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
  const { log } = deps;

  async function consume(record: SQSRecord): Promise<SQSBatchItemFailure | undefined> {
    const messageId = record.messageId;
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      await runNightlyWorker(deps.worker, parseNightlyMessage(record.body));
      return undefined;
    } catch (error) {
      if (error instanceof AppError && error.expose) {
        log.warn('nightly message refused: not retried', { messageId, reason: error.message });
        return undefined;
      }
      const last = receiveCount >= deps.maxReceiveCount;
      log.error(
        last
          ? 'nightly message failed for the last time: the redrive policy moves it to the dead-letter queue'
          : 'nightly message failed: it will be retried',
        {
          messageId,
          receiveCount,
          maxReceiveCount: deps.maxReceiveCount,
          reason: describeError(error),
          error,
        },
      );
      return { itemIdentifier: messageId };
    }
  }

  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const failures: SQSBatchItemFailure[] = [];
    const records = [...event.Records];
    const width = Math.min(deps.concurrency ?? 2, records.length);
    await Promise.all(
      Array.from({ length: width }, async () => {
        for (let record = records.shift(); record; record = records.shift()) {
          const failure = await consume(record);
          if (failure) failures.push(failure);
        }
      }),
    );
    const order = new Map(event.Records.map((r, i) => [r.messageId, i]));
    failures.sort((a, b) => (order.get(a.itemIdentifier) ?? 0) - (order.get(b.itemIdentifier) ?? 0));
    return { batchItemFailures: failures };
  });
}

let instance: ReturnType<typeof createNightlyWorkerHandler> | undefined;

export const handler = (event: SQSEvent, context: Context) => {
  if (!instance) {
    const { stores } = defaultStores();
    const log = createLogger();
    instance = createNightlyWorkerHandler({
      worker: { ...stores, calendar: CHINA_CALENDAR, clock: () => new Date(), log },
      log,
      maxReceiveCount: NIGHTLY_WORK_QUEUE.maxReceiveCount,
    });
  }
  return instance(event, context);
};
