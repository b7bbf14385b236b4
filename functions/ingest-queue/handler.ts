/**
 * The internal ingest queue (SQS → Lambda, ReportBatchItemFailures). A message carries the same body as
 * POST /v1/events. Producers on this queue are trusted (only they may send to it), so no key: each
 * event's agency must be registered instead.
 *
 * Only messages that failed for a transient reason (the store) come back in `batchItemFailures` and are
 * retried; after maxReceiveCount receives the redrive policy moves them to the dead-letter queue (logged
 * here on the last attempt, with the reason). A message whose events were all judged — even rejected or
 * in conflict — is done: retrying would judge them the same way, so its refusals are logged instead.
 */
import middy from '@middy/core';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { createLogger } from '../../shared/adapters/logger.ts';
import { AppError, describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/ports.ts';
import { type IngestDeps, ingest, parseBody } from '../../shared/use-cases/ingest.ts';

export interface IngestQueueDeps {
  readonly ingest: IngestDeps;
  readonly log: Logger;
  /** The redrive policy's maxReceiveCount: on that receive a failure is the last one. */
  readonly maxReceiveCount: number;
}

export function createIngestQueueHandler(deps: IngestQueueDeps) {
  const { log } = deps;

  async function consume(record: SQSRecord): Promise<SQSBatchItemFailure | undefined> {
    const messageId = record.messageId;
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      const report = await ingest(deps.ingest, parseBody(record.body), { kind: 'trusted' });
      for (const result of report.results) {
        if (result.status === 'accepted' || result.status === 'duplicate') continue;
        log.warn(`queued event ${result.status}`, {
          messageId,
          index: result.index,
          eventId: result.eventId,
          agencyId: result.agencyId,
          ...(result.issues ? { issues: result.issues } : {}),
          ...(result.message ? { reason: result.message } : {}),
        });
      }
      log.info('queue message ingested', { messageId, ...report.summary });
      return undefined;
    } catch (error) {
      if (error instanceof AppError && error.expose) {
        // A malformed body stays malformed: logged, not retried.
        log.warn('queue message refused: not retried', {
          messageId,
          status: error.statusCode,
          reason: error.message,
        });
        return undefined;
      }
      const last = receiveCount >= deps.maxReceiveCount;
      log.error(
        last
          ? 'queue message failed for the last time: the redrive policy moves it to the dead-letter queue'
          : 'queue message failed: it will be retried',
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
    // Two messages at a time: each may carry 500 events, and the store has its own limit.
    const records = [...event.Records];
    const workers = Array.from({ length: Math.min(2, records.length) }, async () => {
      for (let record = records.shift(); record; record = records.shift()) {
        const failure = await consume(record);
        if (failure) failures.push(failure);
      }
    });
    await Promise.all(workers);
    const order = new Map(event.Records.map((r, i) => [r.messageId, i]));
    failures.sort((a, b) => (order.get(a.itemIdentifier) ?? 0) - (order.get(b.itemIdentifier) ?? 0));
    return { batchItemFailures: failures };
  });
}

let instance: ReturnType<typeof createIngestQueueHandler> | undefined;

export const handler = (event: SQSEvent, context: Context) => {
  if (!instance) {
    const { config, stores } = defaultStores();
    instance = createIngestQueueHandler({
      ingest: { ...stores, clock: () => new Date() },
      log: createLogger(),
      maxReceiveCount: config.queueMaxReceiveCount,
    });
  }
  return instance(event, context);
};
