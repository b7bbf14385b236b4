/**
 * A work queue on SQS: messages as JSON bodies, sent with SendMessageBatch (10 per request, the failed
 * entries sent again); "drained" read from the queue's approximate counts (waiting, in flight, delayed),
 * which SQS updates within about a minute: the queue counts as drained only when they are all zero on
 * two reads `settleMs` apart.
 */
import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import type { WorkQueue } from '../ports.ts';

const BATCH = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SqsWorkQueueOptions {
  /** Between two reads of the counts. */
  readonly pollMs?: number;
  /** How long the counts must stay at zero. */
  readonly settleMs?: number;
  /** Requests in flight at once while sending. */
  readonly concurrency?: number;
}

export class SqsWorkQueue<M> implements WorkQueue<M> {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly options: SqsWorkQueueOptions = {},
  ) {}

  async send(messages: readonly M[]): Promise<void> {
    const batches: SendMessageBatchRequestEntry[][] = [];
    for (let i = 0; i < messages.length; i += BATCH) {
      batches.push(
        messages.slice(i, i + BATCH).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
      );
    }
    await pLimit(this.options.concurrency ?? 8).map(batches, (batch) => this.sendBatch(batch));
  }

  async drained(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    const pollMs = this.options.pollMs ?? 5_000;
    const settleMs = this.options.settleMs ?? 10_000;
    let zeroSince: number | undefined;
    for (;;) {
      const now = Date.now();
      if ((await this.depth()) === 0) {
        zeroSince ??= now;
        if (now - zeroSince >= settleMs) return true;
      } else {
        zeroSince = undefined;
      }
      if (Date.now() + pollMs > until) return false;
      await sleep(pollMs);
    }
  }

  private async depth(): Promise<number> {
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
      const answer = await this.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failed = answer.Failed ?? [];
      const permanent = failed.filter((f) => f.SenderFault);
      if (permanent.length > 0) {
        throw new Error(
          `SQS refused ${permanent.length} message(s): ${permanent.map((f) => `${f.Code}: ${f.Message}`).join('; ')}`,
        );
      }
      if (attempt >= 5 && failed.length > 0) throw new Error(`SQS kept failing ${failed.length} message(s)`);
      const retry = new Set(failed.map((f) => f.Id));
      pending = pending.filter((e) => retry.has(e.Id));
    }
  }
}
