/**
 * The whole path on any stream (fast-check): events delivered in any order, split into batches of any
 * size, with retries, through the HTTP gateway, the real authorizer and ingest handler into dynalite, then
 * the nightly — and the own statistics it stores, every year, equal a direct fold of the stream.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GongkaiEvent } from '../../shared/domain/contract.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { deliveredStream } from '../support/arbitraries.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
beforeAll(async () => {
  gk = await testGongkai();
});
afterAll(async () => {
  await gk?.close();
});

let run = 0;

describe('ingest then nightly, on any stream', () => {
  it('stores own statistics equal to a direct fold, whatever the order, the batches and the retries', async () => {
    await fc.assert(
      fc.asyncProperty(
        deliveredStream(15),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        async ({ events, delivered: arriving }, sizes) => {
          // Agencies of their own per run, so that runs do not mix.
          run += 1;
          const id = (agencyId: string) => `prop-${run}-${agencyId}`;
          const mine = (list: readonly GongkaiEvent[]) =>
            list.map((e) => ({ ...e, agencyId: id(e.agencyId) }));
          await gk.agencies(id('a'), id('b'));
          const key = await gk.keyFor(id('a'), id('b'));
          const delivered = mine(arriving);
          // Act: batches of the sizes drawn, in turn.
          for (let at = 0, i = 0; at < delivered.length; i++) {
            const size = sizes[i % sizes.length]!;
            const answer = await gk.post('/v1/events', { events: delivered.slice(at, at + size) }, key);
            expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
            at += size;
          }
          await gk.app.runNightly();
          // Assess
          const fold = new StatisticsFold();
          for (const e of mine(events)) fold.add(e);
          for (const agencyId of [id('a'), id('b')]) {
            const own = events.filter((e) => id(e.agencyId) === agencyId);
            const stored = await gk.app.stores.statistics.list(agencyId, 'own');
            expect(stored.map((s) => s.statistics)).toEqual(
              own.length > 0 ? fold.statistics({ agencyId }) : [],
            );
            // Retries are stored once: the watermark counts the distinct events.
            for (const s of stored) expect(s.watermark.eventsFolded).toBe(own.length);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
