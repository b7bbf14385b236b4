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
import type { Context, SQSEvent } from 'aws-lambda';
import { defaultIngestStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { sqsBatchHandler } from '../../shared/adapters/sqs-batch.ts';
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
  return sqsBatchHandler({
    log,
    maxReceiveCount: deps.maxReceiveCount,
    // Two messages at a time: each may carry 500 events, and the store has its own limit.
    concurrency: 2,
    noun: 'queue message',
    process: async (record) => {
      const messageId = record.messageId;
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
    },
  });
}

let instance: ReturnType<typeof createIngestQueueHandler> | undefined;

export const handler = lambdaLogContext((event: SQSEvent, context: Context) => {
  if (!instance) {
    const { config, stores } = defaultIngestStores();
    instance = createIngestQueueHandler({
      ingest: { ...stores, clock: () => new Date() },
      log: createLogger(),
      maxReceiveCount: config.queueMaxReceiveCount,
    });
  }
  return instance(event, context);
}, agencyOfEvent);
