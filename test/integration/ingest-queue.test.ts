/**
 * The queue function: partial batch failures (only transiently failed messages come back), judged
 * messages are not retried, and a message that keeps failing ends in the dead-letter queue.
 * Faults are injected by wrapping the event store.
 */

import type { SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestQueueHandler } from '../../functions/ingest-queue/handler.ts';
import { lambdaContext } from '../../infra/local/gateway.ts';
import { memoryLogger } from '../../shared/adapters/logger.ts';
import type { EventRecord, EventStore } from '../../shared/ports.ts';
import { sqsRecord } from '../support/sqs.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

/** Fails every append that holds an event of agency "flaky"; fails the first `transient` appends of "shaky". */
function faulty(store: EventStore, transient = { left: 0 }): EventStore {
  return {
    readEvents: (id) => store.readEvents(id),
    append: async (records: readonly EventRecord[]) => {
      if (records.some((r) => r.agencyId === 'flaky'))
        throw new Error('injected: the store is down for flaky');
      if (records.some((r) => r.agencyId === 'shaky') && transient.left > 0) {
        transient.left -= 1;
        throw new Error('injected: a passing store failure');
      }
      return store.append(records);
    },
  };
}

const sqsEvent = (bodies: Record<string, unknown>, receiveCount = 1): SQSEvent => ({
  Records: Object.entries(bodies).map(([messageId, body]) =>
    sqsRecord(messageId, typeof body === 'string' ? body : JSON.stringify(body), { receiveCount }),
  ),
});

let gk: TestGongkai;
const transient = { left: 0 };

beforeAll(async () => {
  gk = await testGongkai({
    wrapEventStore: (store) => faulty(store, transient),
    queue: { visibilityTimeoutMs: 50, maxReceiveCount: 3, pollIntervalMs: 10 },
  });
  await gk.agencies('agency-a', 'flaky', 'shaky');
});
afterAll(async () => {
  await gk?.close();
});

describe('the queue function', () => {
  it('reports only the transiently failed messages; judged ones, even rejected, are done', async () => {
    // Prepare
    const log = memoryLogger();
    const handler = createIngestQueueHandler({ ingest: gk.app.ingestDeps, log, maxReceiveCount: 3 });
    const event = sqsEvent({
      good: { events: [received('q-good-1'), received('q-good-2')] },
      rejected: { events: [{ ...received('q-bad-1'), type: 'nope' }, received('q-unregistered', 'nobody')] },
      failing: received('q-flaky-1', 'flaky'),
      malformed: '{"events": [',
    });
    // Act
    const response = await handler(event, lambdaContext('ingest-queue'));
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'failing' }] });
    expect((await gk.stored('agency-a')).map((e) => e.eventId).sort()).toEqual(['q-good-1', 'q-good-2']);
    const warnings = log.entries.filter((e) => e.level === 'warn');
    expect(warnings.map((w) => w.fields.eventId)).toEqual(
      expect.arrayContaining(['q-bad-1', 'q-unregistered']),
    );
    const unregistered = warnings.find((w) => w.fields.eventId === 'q-unregistered');
    expect(unregistered?.fields.issues).toEqual([
      { path: 'events[1].agencyId', message: 'agency "nobody" is not registered' },
    ]);
    expect(
      warnings.some((w) => w.message.includes('refused: not retried') && w.fields.messageId === 'malformed'),
    ).toBe(true);
    const failure = log.entries.find((e) => e.level === 'error' && e.fields.messageId === 'failing');
    expect(failure?.message).toMatch(/will be retried/);
  });

  it('any message body is judged and done — never thrown, never retried — while the store works', async () => {
    const log = memoryLogger();
    const handler = createIngestQueueHandler({ ingest: gk.app.ingestDeps, log, maxReceiveCount: 3 });
    const body = fc.oneof(
      fc.json(),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.array(fc.jsonValue(), { maxLength: 4 }).map((events) => JSON.stringify({ events })),
      fc.nat().map((n) => JSON.stringify({ ...received(`q-prop-${n}`), data: { requestId: n } })),
      fc.constant(JSON.stringify({ events: Array(501).fill(received('q-many')) })),
      fc.constant(`{"events":[${'"x",'.repeat(300_000)}"x"]}`), // over 1 MiB
    );
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 4 }), async (bodies) => {
        const messages = Object.fromEntries(bodies.map((b, i) => [`m${i}`, b]));
        const response = await handler(sqsEvent(messages), lambdaContext('ingest-queue'));
        expect(response).toEqual({ batchItemFailures: [] });
      }),
      { numRuns: 60 },
    );
    expect(log.entries.some((e) => e.level === 'error')).toBe(false);
  });

  it('logs the last failure of a message as going to the dead-letter queue, with the reason', async () => {
    const log = memoryLogger();
    const handler = createIngestQueueHandler({ ingest: gk.app.ingestDeps, log, maxReceiveCount: 3 });
    await handler(sqsEvent({ last: received('q-flaky-2', 'flaky') }, 3), lambdaContext('ingest-queue'));
    const entry = log.entries.find((e) => e.level === 'error');
    expect(entry?.message).toMatch(/last time.*dead-letter queue/);
    expect(entry?.fields.reason).toBe('the event store failed: injected: the store is down for flaky');
  });
});

describe('the local queue (visibility timeout, retries, dead-letter queue)', () => {
  it('retries a transient failure until it is stored, and dead-letters one that keeps failing', async () => {
    // Prepare
    transient.left = 1; // shaky fails once, then works
    // Act
    const ok = gk.app.queue.send(JSON.stringify({ events: [received('q-ok-1')] }));
    const shaky = gk.app.queue.send(JSON.stringify(received('q-shaky-1', 'shaky')));
    const doomed = gk.app.queue.send(JSON.stringify(received('q-flaky-3', 'flaky')));
    gk.app.queue.start();
    await gk.app.queue.drained(20_000);
    // Assess
    expect(ok).toBeTruthy();
    expect((await gk.stored('shaky')).map((e) => e.eventId)).toEqual(['q-shaky-1']);
    expect((await gk.stored('agency-a')).map((e) => e.eventId)).toContain('q-ok-1');
    const dead = gk.app.queue.deadLetters();
    expect(dead.map((m) => m.messageId)).toEqual([doomed]);
    expect(dead[0]?.receiveCount).toBe(3);
    expect(dead.map((m) => m.messageId)).not.toContain(shaky);
    const moved = gk.log.entries.find((e) => e.message.includes('moved to the dead-letter queue'));
    expect(moved?.fields.messageId).toBe(doomed);
    const lastTry = gk.log.entries.find(
      (e) => e.message.includes('last time') && e.fields.messageId === doomed,
    );
    expect(lastTry).toBeDefined();
  });

  it('is fed by POST /v1/admin/queue and shows its dead letters', async () => {
    const sent = await gk.post('/v1/admin/queue', { events: [received('q-admin-1')] });
    expect(sent.status).toBe(202);
    await gk.app.queue.drained(20_000);
    expect((await gk.stored('agency-a')).map((e) => e.eventId)).toContain('q-admin-1');
    const stats = (await (await fetch(`${gk.gateway.url}/v1/admin/queue`)).json()) as {
      deadLetters: unknown[];
    };
    expect(stats.deadLetters).toHaveLength(1);
  });

  it('refuses an empty message with a 400 that says what to send, and queues nothing', async () => {
    // Arrange
    const before = gk.app.queue.stats();
    // Act
    const empty = await gk.post('/v1/admin/queue', '');
    const blank = await gk.post('/v1/admin/queue', ' \n');
    // Assert
    for (const answer of [empty, blank]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ status: 400, code: 'invalid_argument' });
      expect(answer.body.error.message).toMatch(/empty.*\{"events": \[\.\.\.\]\}/);
    }
    expect(gk.app.queue.stats()).toEqual(before);
  });
});
