/**
 * The batch-writing loader (a store's only writer: the first start's demo, `gongkai run`, `gongkai import`)
 * against the HTTP handler's conditional puts: the same stream, with retries in one batch and across
 * batches and an eventId reused for another body, must give the same answers, the same stored items (all
 * but the time of receipt) and, after the nightly, the same statistics.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { SoleWriterEventStore } from '../../shared/adapters/dynamodb-event-store.ts';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { ingest, MAX_EVENTS_PER_BATCH } from '../../shared/use-cases/ingest.ts';
import { loadCase } from '../support/cases.ts';
import { synthesize } from '../support/synthesize.ts';
import { type TestGongkai, testGongkai } from './support.ts';

const AGENCY = 'sole-a';
const stream: GongkaiEvent[] = synthesize(loadCase('huaian-city-2024', AGENCY), { seed: 7, traps: true });
const first = stream[0] as GongkaiEvent;
// The same eventId with another body, in a later batch: a conflict either way.
const reused = { ...first, occurredAt: first.occurredAt.startsWith('2024') ? '2024-06-01' : '2023-06-01' };
// A retry inside one batch, and one across batches.
const delivered = [...stream.slice(0, 10), stream[3] as GongkaiEvent, ...stream.slice(10), reused, stream[5]];
const batches: unknown[][] = [];
for (let i = 0; i < delivered.length; i += MAX_EVENTS_PER_BATCH)
  batches.push(delivered.slice(i, i + MAX_EVENTS_PER_BATCH));

async function scanEvents(gk: TestGongkai): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await gk.clients.dynamodb.doc.send(
      new ScanCommand({ TableName: gk.config.tables.events, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .map(({ receivedAt, ...item }) => {
      expect(typeof receivedAt).toBe('string');
      return item;
    })
    .sort((a, b) => (String(a.SK) < String(b.SK) ? -1 : 1));
}

describe('the sole-writer loader against the HTTP handler', () => {
  const opened: TestGongkai[] = [];
  afterAll(async () => {
    for (const gk of opened) await gk.close();
  });

  it('answers, stores and computes exactly what the conditional path does', async () => {
    // Prepare: two fresh stores.
    const viaHandler = await testGongkai();
    const viaBatches = await testGongkai();
    opened.push(viaHandler, viaBatches);
    await viaHandler.agencies(AGENCY);
    await viaBatches.agencies(AGENCY);
    const key = await viaHandler.keyFor(AGENCY);

    // Act: the handler, batch by batch; the sole writer, two batches in flight at a time.
    const handlerStatuses: string[] = [];
    for (const batch of batches) {
      const { status, body } = await viaHandler.post('/v1/events', { events: batch }, key);
      expect([200, 207]).toContain(status);
      handlerStatuses.push(...body.results.map((r) => r.status));
    }
    const deps = {
      ...viaBatches.app.ingestDeps,
      events: new SoleWriterEventStore(viaBatches.clients.dynamodb, viaBatches.config.tables.events),
    };
    const scope = { kind: 'key' as const, keyId: 'k', agencyIds: new Set([AGENCY]) };
    const reports = [];
    for (let i = 0; i < batches.length; i += 2) {
      reports.push(
        ...(await Promise.all(
          batches.slice(i, i + 2).map((items) => ingest(deps, { batch: true, items }, scope)),
        )),
      );
    }
    const batchStatuses = reports.flatMap((r) => r.results.map((x) => x.status));

    // Assess: the same answers (a conflict and the retries included), the same items, the same statistics.
    expect(batchStatuses).toEqual(handlerStatuses);
    expect(batchStatuses.filter((s) => s === 'conflict')).toHaveLength(1);
    expect(batchStatuses.filter((s) => s === 'duplicate').length).toBeGreaterThanOrEqual(2);
    const items = await scanEvents(viaBatches);
    expect(items.length).toBe(handlerStatuses.filter((s) => s === 'accepted').length);
    expect(items).toEqual(await scanEvents(viaHandler));

    await viaHandler.app.runNightly();
    await viaBatches.app.runNightly();
    const handlerStats = await viaHandler.app.stores.statistics.list(AGENCY, 'own');
    const batchStats = await viaBatches.app.stores.statistics.list(AGENCY, 'own');
    expect(batchStats.length).toBeGreaterThan(0);
    const strip = (list: typeof batchStats) =>
      list.map(({ statistics, year, agencyIds }) => ({ statistics, year, agencyIds }));
    expect(strip(batchStats)).toEqual(strip(handlerStats));
  });

  it('a second loader on a stored log answers `duplicate`: it reads the membership, it does not trust its memory', async () => {
    const gk = await testGongkai();
    opened.push(gk);
    await gk.agencies(AGENCY);
    const store = new SoleWriterEventStore(gk.clients.dynamodb, gk.config.tables.events);
    const deps = { ...gk.app.ingestDeps, events: store };
    const scope = { kind: 'trusted' as const };
    const items = stream.slice(0, 60);
    const firstReport = await ingest(deps, { batch: true, items }, scope);
    expect(firstReport.summary.accepted + firstReport.summary.duplicate).toBe(60);
    // Another loader later (a second import): it reads what is stored and answers duplicate.
    const again = new SoleWriterEventStore(gk.clients.dynamodb, gk.config.tables.events);
    const second = await ingest({ ...deps, events: again }, { batch: true, items }, scope);
    expect(second.summary.accepted).toBe(0);
    expect(second.summary.duplicate).toBe(60);
  });
});
