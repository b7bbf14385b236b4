/**
 * The local queue runner: an in-process stand-in for SQS + the Lambda event source mapping, with the
 * semantics the queue function relies on:
 * - a received message is invisible for the visibility timeout; the function gets up to `batchSize`
 *   messages as an SQSEvent (ApproximateReceiveCount and all);
 * - with ReportBatchItemFailures, only the messages named in `batchItemFailures` stay (a thrown error or
 *   an unknown identifier fails the whole batch), the others are deleted;
 * - a message received more than `maxReceiveCount` times moves to the dead-letter queue (redrive policy).
 *
 * With a `directory` it is durable, as SQS is once it answered: each message is a file written and fsync'd
 * (then renamed into place, the folder fsync'd) before `send` returns, deleted once handled, moved to
 * `dead/` when dead-lettered; a new queue on the folder (a restart, after a crash too) delivers what is
 * left. Delivery stays at least once: a message handled just before a crash may come again (ingest is
 * idempotent).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaLogContext } from '../../shared/adapters/logger.ts';
import type { Logger } from '../../shared/ports.ts';
import { type LambdaHandler, lambdaContext } from './gateway.ts';

export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  firstReceivedAt?: number;
  /** Why the last receive failed, as far as the runner can tell. */
  lastFailure?: string;
}

export interface LocalQueueOptions {
  readonly name: string;
  readonly handler: LambdaHandler<SQSEvent, SQSBatchResponse | undefined>;
  readonly log: Logger;
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly functionTimeoutSeconds?: number;
  /** Keep the messages in this folder (durable across a crash); in memory only without it. */
  readonly directory?: string;
}

/** Writes a file and makes it durable: data fsync'd, renamed into place, the folder fsync'd. Mode 0600. */
function writeDurably(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const folder = openSync(join(path, '..'), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

export class LocalQueue {
  private readonly messages = new Map<string, QueueMessage>();
  private readonly dead: QueueMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  /** The queue's function, its log lines carrying the invocation's request id. */
  private readonly handler: LocalQueueOptions['handler'];

  constructor(private readonly options: LocalQueueOptions) {
    this.handler = lambdaLogContext(options.handler);
    const { directory } = options;
    if (!directory) return;
    mkdirSync(join(directory, 'dead'), { recursive: true, mode: 0o700 });
    const load = (folder: string) =>
      readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as QueueMessage)
        .sort((a, b) => a.sentAt - b.sentAt);
    for (const m of load(directory)) this.messages.set(m.messageId, { ...m, visibleAt: 0 });
    this.dead.push(...load(join(directory, 'dead')));
  }

  /** Enqueues a body; answers its message id once the message is stored (durably, with a directory). */
  send(body: string): string {
    const messageId = randomUUID();
    const message: QueueMessage = { messageId, body, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 };
    if (this.options.directory) writeDurably(this.fileOf(messageId), JSON.stringify(message));
    this.messages.set(messageId, message);
    this.kick();
    return messageId;
  }

  private fileOf(messageId: string, dead = false): string {
    return join(this.options.directory!, ...(dead ? ['dead'] : []), `${messageId}.json`);
  }

  private delete(message: QueueMessage): void {
    this.messages.delete(message.messageId);
    if (this.options.directory) rmSync(this.fileOf(message.messageId), { force: true });
  }

  private deadLetter(message: QueueMessage): void {
    this.messages.delete(message.messageId);
    this.dead.push(message);
    if (this.options.directory && existsSync(this.fileOf(message.messageId))) {
      writeDurably(this.fileOf(message.messageId, true), JSON.stringify(message));
      rmSync(this.fileOf(message.messageId), { force: true });
    }
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs ?? 100);
    this.timer.unref();
  }

  /** Stops polling and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  stats() {
    const now = Date.now();
    const all = [...this.messages.values()];
    return {
      visible: all.filter((m) => m.visibleAt <= now).length,
      inFlight: all.filter((m) => m.visibleAt > now).length,
      deadLetters: this.dead.length,
    };
  }

  deadLetters(): readonly QueueMessage[] {
    return this.dead;
  }

  /** Resolves when every message is deleted or dead-lettered (retries included). */
  async drained(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.messages.size > 0 || this.running) {
      if (Date.now() > until) throw new Error(`queue ${this.options.name} not drained in ${timeoutMs} ms`);
      this.kick();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Takes over messages kept elsewhere (the queue.json of an older runtime), durably with a directory. */
  restore(kept: { messages?: QueueMessage[]; deadLetters?: QueueMessage[] }): void {
    for (const m of kept.messages ?? []) {
      const message = { ...m, visibleAt: 0 };
      if (this.options.directory) writeDurably(this.fileOf(m.messageId), JSON.stringify(message));
      this.messages.set(m.messageId, message);
    }
    for (const m of kept.deadLetters ?? []) {
      if (this.options.directory) writeDurably(this.fileOf(m.messageId, true), JSON.stringify(m));
      this.dead.push(m);
    }
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    const batch = this.receive();
    if (batch.length === 0) return;
    this.running = this.deliver(batch).finally(() => {
      this.running = undefined;
      if (this.messages.size > 0) setImmediate(() => this.kick());
    });
  }

  private receive(): QueueMessage[] {
    const now = Date.now();
    const { maxReceiveCount, visibilityTimeoutMs, log, name } = this.options;
    const batch: QueueMessage[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= (this.options.batchSize ?? 10)) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= maxReceiveCount) {
        this.deadLetter(message);
        log.error('queue message moved to the dead-letter queue', {
          queue: name,
          messageId: message.messageId,
          receiveCount: message.receiveCount,
          reason: message.lastFailure ?? 'unknown',
        });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilityTimeoutMs;
      batch.push(message);
    }
    return batch;
  }

  private async deliver(batch: QueueMessage[]): Promise<void> {
    const { name, log } = this.options;
    const Records: SQSRecord[] = batch.map((m) => ({
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${name}`,
      awsRegion: 'local',
    }));
    let failed: Set<string>;
    try {
      const response = await this.handler(
        { Records },
        lambdaContext(name, this.options.functionTimeoutSeconds),
      );
      const ids = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      const known = new Set(batch.map((m) => m.messageId));
      failed = ids.every((id) => known.has(id)) ? new Set(ids) : known;
      for (const m of batch) if (failed.has(m.messageId)) m.lastFailure = 'reported in batchItemFailures';
    } catch (error) {
      log.error('queue function failed: the whole batch will be retried', { queue: name, error });
      failed = new Set(batch.map((m) => m.messageId));
      for (const m of batch) m.lastFailure = error instanceof Error ? error.message : String(error);
    }
    for (const m of batch) if (!failed.has(m.messageId)) this.delete(m);
  }
}
