/**
 * The nightly's AWS path without AWS: the dispatcher handler over the SQS work queue adapter (the real
 * SDK client, talking to a small stand-in of SQS's JSON protocol on 127.0.0.1 — SendMessageBatch and
 * GetQueueAttributes), the EMF metric line, and the worker handler fed the messages as an SQS event
 * (partial batch failures). The stores are the real ones on dynalite.
 */

import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNightlyDispatcherHandler } from '../../functions/nightly-dispatcher/handler.ts';
import { createNightlyWorkerHandler } from '../../functions/nightly-worker/handler.ts';
import { createSqs } from '../../shared/adapters/clients.ts';
import { memoryLogger } from '../../shared/adapters/logger.ts';
import { SqsWorkQueue } from '../../shared/adapters/sqs-work-queue.ts';
import { CHINA_CALENDAR } from '../../shared/domain/calendar/index.ts';
import type { StatisticsStore } from '../../shared/ports.ts';
import { ingest } from '../../shared/use-cases/ingest.ts';
import type { NightlyMessage } from '../../shared/use-cases/nightly.ts';
import { sqsRecord } from '../support/sqs.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

/** What the stand-in received, and how it answers. */
const fake = {
  bodies: [] as string[],
  batches: 0,
  /** Entry ids to fail once (a transient failure SQS reports per entry). */
  failOnce: new Set<string>(),
  /** Entry ids refused as the sender's fault. */
  refuse: new Set<string>(),
  depths: [] as number[],
};
let server: Server;
let endpoint: string;
let gk: TestGongkai;
const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const action = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    res.setHeader('content-type', 'application/x-amz-json-1.0');
    if (action === 'SendMessageBatch') {
      fake.batches += 1;
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const e of input.Entries as { Id: string; MessageBody: string }[]) {
        const tag = JSON.parse(e.MessageBody).agencyId as string;
        if (fake.refuse.has(tag)) {
          Failed.push({ Id: e.Id, Code: 'InvalidParameterValue', Message: 'refused', SenderFault: true });
        } else if (fake.failOnce.delete(tag)) {
          Failed.push({ Id: e.Id, Code: 'InternalError', Message: 'try again', SenderFault: false });
        } else {
          fake.bodies.push(e.MessageBody);
          const md5 = createHash('md5').update(e.MessageBody).digest('hex');
          Successful.push({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5 });
        }
      }
      res.end(JSON.stringify({ Successful, Failed }));
    } else if (action === 'GetQueueAttributes') {
      const depth = fake.depths.shift() ?? 0;
      res.end(
        JSON.stringify({
          Attributes: {
            ApproximateNumberOfMessages: String(depth),
            ApproximateNumberOfMessagesNotVisible: '0',
            ApproximateNumberOfMessagesDelayed: '0',
          },
        }),
      );
    } else {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: `not here: ${action}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gk = await testGongkai({ app: { clock: () => new Date('2024-10-09T18:30:00Z') } });
});
afterAll(async () => {
  await gk?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function sqsQueue() {
  const sqs = createSqs({ ...gk.config, sqsEndpoint: endpoint });
  const queue = new SqsWorkQueue<NightlyMessage>(sqs, `${endpoint}/000000000000/gongkai-nightly`, {
    pollMs: 10,
    settleMs: 20,
  });
  return { sqs, queue };
}

function sqsEvent(bodies: readonly string[]): SQSEvent {
  return { Records: bodies.map((body, i) => sqsRecord(`m-${i}`, body, { queue: 'gongkai-nightly' })) };
}

describe('SqsWorkQueue', () => {
  it('sends in batches of 10, sends again what SQS failed, refuses what it refused, and waits for zero counts', async () => {
    const { sqs, queue } = sqsQueue();
    try {
      fake.bodies = [];
      fake.batches = 0;
      const messages = Array.from({ length: 23 }, (_, i) => ({ agencyId: `q-${i}`, hasChildren: false }));
      fake.failOnce.add('q-4');
      await queue.send(messages);
      expect(fake.batches).toBe(4);
      expect(fake.bodies.map((b) => JSON.parse(b).agencyId).sort()).toEqual(
        messages.map((m) => m.agencyId).sort(),
      );

      fake.refuse.add('q-bad');
      await expect(queue.send([{ agencyId: 'q-bad', hasChildren: false }])).rejects.toThrow(/refused/);
      fake.refuse.clear();

      fake.depths = [3, 1, 0, 0, 0, 0];
      expect(await queue.drained(5_000)).toBe(true);
      fake.depths = Array.from({ length: 1000 }, () => 1);
      expect(await queue.drained(50)).toBe(false);
      fake.depths = [];
    } finally {
      sqs.destroy();
    }
  });
});

describe('nightly on the AWS path', () => {
  it('the dispatcher sends one message per changed agency and prints NightlyCompleted; the worker does them', async () => {
    // Prepare
    await gk.agencies('aws-a', 'aws-b');
    await ingest(
      gk.app.ingestDeps,
      { batch: true, items: [received('aws-1', 'aws-a'), received('aws-2', 'aws-b')] },
      { kind: 'trusted' },
    );
    fake.bodies = [];
    const { sqs, queue } = sqsQueue();
    const lines: string[] = [];
    const log = memoryLogger();
    const dispatcher = createNightlyDispatcherHandler({
      nightly: { ...gk.app.stores, queue, clock: () => new Date('2024-10-09T18:30:00Z'), log },
      log,
      emitMetric: (line) => lines.push(line),
      marginMs: 1_000,
    });
    try {
      // Act: no worker runs, so the markers stay; the second round sends nothing new.
      const report = await dispatcher({}, context);
      // Assess
      expect(report).toMatchObject({
        rounds: 1,
        dispatched: 2,
        pending: ['aws-a', 'aws-b'],
        complete: false,
      });
      const sent = fake.bodies.map((b) => JSON.parse(b) as NightlyMessage);
      expect(sent.map((m) => m.agencyId)).toEqual(['aws-a', 'aws-b']);
      expect(sent[0]).toMatchObject({ changed: { version: 1 }, hasChildren: false });
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Namespace: 'Gongkai',
              Dimensions: [[]],
              Metrics: expect.arrayContaining([{ Name: 'NightlyCompleted', Unit: 'Count' }]),
            },
          ],
        },
        NightlyCompleted: 1,
        NightlyAgenciesDispatched: 2,
      });

      // Act: the worker gets the messages as SQS delivers them, with one that is not a nightly message.
      const failing: StatisticsStore = {
        ...gk.app.stores.statistics,
        putOwn: async (s) => {
          if (s.agencyId === 'aws-b') throw new Error('the store is down');
          return gk.app.stores.statistics.putOwn(s);
        },
        get: (...a) => gk.app.stores.statistics.get(...a),
        list: (...a) => gk.app.stores.statistics.list(...a),
        years: (...a) => gk.app.stores.statistics.years(...a),
        consolidatedInputs: (...a) => gk.app.stores.statistics.consolidatedInputs(...a),
        putConsolidated: (...a) => gk.app.stores.statistics.putConsolidated(...a),
      };
      const worker = createNightlyWorkerHandler({
        worker: {
          ...gk.app.stores,
          statistics: failing,
          calendar: CHINA_CALENDAR,
          clock: () => new Date('2024-10-09T18:30:00Z'),
          log,
        },
        log,
        maxReceiveCount: 3,
      });
      const answer = await worker(sqsEvent([...fake.bodies, '{"not":"a message"}']), context);
      // Assess: aws-a done, aws-b handed back to the queue, the junk dropped.
      expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
      expect(await gk.app.stores.statistics.get('aws-a', 2019, 'own')).toBeDefined();
      expect((await gk.app.stores.markers.list()).map((m) => m.agencyId)).toEqual(['aws-b']);
      expect(log.entries.some((e) => e.message.startsWith('nightly message refused'))).toBe(true);
    } finally {
      sqs.destroy();
    }
  });
});
