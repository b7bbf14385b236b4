/**
 * One way to consume an SQS batch (ReportBatchItemFailures), for every queue-triggered function: a few
 * messages at a time; a message whose handling throws comes back in `batchItemFailures` (retried, and
 * after maxReceiveCount receives moved to the dead-letter queue by the redrive policy — logged as such on
 * its last attempt); an exposed AppError (a message that is wrong in itself) is logged and dropped, since
 * retrying would not change it.
 */
import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import pLimit from 'p-limit';
import { AppError, describeError } from '../errors.ts';
import type { Logger } from '../ports.ts';
import { withLogContext } from './logger.ts';

export interface SqsBatchOptions {
  readonly log: Logger;
  /** The redrive policy's maxReceiveCount: on that receive a failure is the last one. */
  readonly maxReceiveCount: number;
  /** Messages worked on at once (default 2). */
  readonly concurrency?: number;
  /** What the logs call a message: `queue message`, `nightly message`. */
  readonly noun: string;
  /** Handles one message; throws to have it retried. */
  readonly process: (record: SQSRecord) => Promise<void>;
}

export function sqsBatchHandler(options: SqsBatchOptions) {
  const { log, noun } = options;

  async function consume(record: SQSRecord): Promise<SQSBatchItemFailure | undefined> {
    const messageId = record.messageId;
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    try {
      await options.process(record);
      return undefined;
    } catch (error) {
      if (error instanceof AppError && error.expose) {
        // The reason and the size, never the body: messages carry personal data.
        log.warn(`${noun} refused: not retried`, {
          messageId,
          status: error.statusCode,
          code: error.code,
          bytes: Buffer.byteLength(record.body ?? '', 'utf8'),
          reason: error.message,
          // Field paths and what is wrong with them: never a value.
          ...(error.issues ? { issues: error.issues } : {}),
        });
        return undefined;
      }
      const last = receiveCount >= options.maxReceiveCount;
      log.error(
        last
          ? `${noun} failed for the last time: the redrive policy moves it to the dead-letter queue`
          : `${noun} failed: it will be retried`,
        {
          messageId,
          receiveCount,
          maxReceiveCount: options.maxReceiveCount,
          reason: describeError(error),
          error,
        },
      );
      return { itemIdentifier: messageId };
    }
  }

  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const answers = await pLimit(options.concurrency ?? 2).map(event.Records, (record) =>
      withLogContext({ messageId: record.messageId }, () => consume(record)),
    );
    // In the order of the batch, as SQS gave it.
    const failures = answers.filter((answer): answer is SQSBatchItemFailure => answer !== undefined);
    return { batchItemFailures: failures };
  });
}
