/**
 * Snapshot bodies too large for one item (over 300 KB gzipped: a national roll-up's findings, a very large
 * agency's deadlines) are kept in PART# items named by the digest of the body, on dynalite: read back
 * whole, the parts of a replaced body deleted, a refused write leaves no parts behind, and a deleted
 * consolidated snapshot takes its parts with it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb-items.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import type { StatisticsSnapshot } from '../../shared/ports.ts';
import { type TestGongkai, testGongkai } from './support.ts';

const open: TestGongkai[] = [];
afterAll(async () => {
  for (const gk of open) await gk.close();
});

/** A snapshot whose findings hold `kilobytes` of incompressible text. */
function bulkySnapshot(
  agencyId: string,
  scope: 'own' | 'consolidated',
  kilobytes: number,
  eventsFolded: number,
): StatisticsSnapshot {
  const [statistics] = new StatisticsFold().statistics({ agencyId, year: 2024 });
  const findings = Array.from({ length: kilobytes }, (_, i) => ({
    ruleId: 'stream.event-conflict' as const,
    severity: 'warning' as const,
    message: `${i}: ${randomBytes(512).toString('hex')}`,
    cells: [],
  }));
  return {
    agencyId,
    year: 2024,
    scope,
    statistics: { ...statistics!, findings },
    watermark: {
      eventsFolded,
      newestReceivedAt: '2024-12-31T00:00:00.000Z',
      newestOccurredAt: '2024-12-30',
      rulesVersion: 'r',
      calendarVersion: 'c',
      computedAt: '2025-01-01T00:00:00.000Z',
    },
    agencyIds: [agencyId],
    ...(scope === 'consolidated' ? { inputs: `inputs-${eventsFolded}` } : {}),
  };
}

describe('snapshot bodies in parts', () => {
  it('reads a split body back whole, and replacing or deleting it leaves no orphaned part', async () => {
    // Prepare
    const gk = await testGongkai();
    open.push(gk);
    const { statistics } = gk.app.stores;
    const items = (prefix: string) =>
      queryAll(gk.clients.dynamodb, gk.config.tables.statistics, 'AGENCY#bulky', { prefix });
    const parts = async () => (await items('PART#')).length;
    /** Every part belongs to a head that points at it, and each head has all of its parts. */
    const expectNoOrphans = async () => {
      const heads = (await items('STAT#')).filter((h) => h.parts !== undefined);
      const expected = heads.flatMap((h) =>
        Array.from(
          { length: Number(h.parts) },
          (_, i) => `PART#${h.SK}#${h.digest}#${String(i).padStart(4, '0')}`,
        ),
      );
      expect((await items('PART#')).map((p) => p.SK).sort()).toEqual(expected.sort());
    };
    const first = bulkySnapshot('bulky', 'own', 900, 10); // ~900 KB of hex: gzip keeps about half → 2 parts

    // Act + Assess: written in parts, read back equal.
    expect(await statistics.putOwn(first)).toBe(true);
    expect(await parts()).toBeGreaterThanOrEqual(2);
    await expectNoOrphans();
    expect(await statistics.get('bulky', 2024, 'own')).toEqual(first);
    expect(await statistics.list('bulky', 'own')).toEqual([first]);

    // A newer body replaces it; the old parts go.
    const second = bulkySnapshot('bulky', 'own', 700, 11);
    expect(await statistics.putOwn(second)).toBe(true);
    expect(await statistics.get('bulky', 2024, 'own')).toEqual(second);
    const secondParts = await parts();
    expect(secondParts).toBeGreaterThanOrEqual(2);
    await expectNoOrphans();

    // An older computation is refused, and its parts are not left behind.
    expect(await statistics.putOwn(bulkySnapshot('bulky', 'own', 800, 9))).toBe(false);
    await expectNoOrphans();
    expect(await statistics.get('bulky', 2024, 'own')).toEqual(second);

    // A consolidated snapshot in parts, deleted under its inputs digest: the parts go with it.
    const consolidated = bulkySnapshot('bulky', 'consolidated', 900, 20);
    expect(await statistics.putConsolidated(consolidated, undefined)).toBe(true);
    expect(await statistics.get('bulky', 2024, 'consolidated')).toEqual(consolidated);
    expect(await parts()).toBeGreaterThan(secondParts);
    await expectNoOrphans();
    expect(await statistics.deleteConsolidated('bulky', 2024, 'inputs-other')).toBe(false);
    expect(await statistics.deleteConsolidated('bulky', 2024, 'inputs-20')).toBe(true);
    expect(await statistics.get('bulky', 2024, 'consolidated')).toBeUndefined();
    expect(await parts()).toBe(secondParts);
    await expectNoOrphans();
  });
});
