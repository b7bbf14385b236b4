/**
 * The nightly on dynalite, through the local app (dispatcher rounds over the local work queue run by the
 * worker handler): what it writes, that it is idempotent, that concurrent runs and a crash after any write
 * followed by a re-run end in the state of one clean run, that an event arriving during a run is not lost,
 * the three-level roll-up, and deadlines re-dated by another calendar or another day.
 * Faults are injected by wrapping store ports, never by mocking the SDK.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Stores } from '../../shared/adapters/deps.ts';
import { buildCalendar, CHINA_CALENDAR, HOLIDAY_NOTICES } from '../../shared/domain/calendar/index.ts';
import { type GongkaiEvent, validateEvent } from '../../shared/domain/contract.ts';
import { computeDeadlines, toDeadlineRow } from '../../shared/domain/deadlines.ts';
import { RULES_VERSION } from '../../shared/domain/rules/index.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import { consolidate } from '../../shared/domain/statistics/rollup.ts';
import { dayOf } from '../../shared/domain/time.ts';
import type { EventStore } from '../../shared/ports.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { ingest } from '../../shared/use-cases/ingest.ts';
import { type TestGongkai, testGongkai } from './support.ts';

/** 2024-10-10 02:30 in Asia/Shanghai: the nightly's date is 2024-10-10. */
const NIGHT = new Date('2024-10-09T18:30:00Z');
const clock = () => NIGHT;

const open: TestGongkai[] = [];
async function gongkai(options: Parameters<typeof testGongkai>[0] = {}): Promise<TestGongkai> {
  const gk = await testGongkai({ ...options, app: { clock, ...options.app } });
  open.push(gk);
  return gk;
}
afterAll(async () => {
  for (const gk of open.reverse()) await gk.close();
});

// ── Events ─────────────────────────────────────────────────────────────────────────────────────────────

function requestEvents(agencyId: string, n: number, receivedOn: string, decidedOn?: string): unknown[] {
  const requestId = `${agencyId}-R${n}`;
  const out: unknown[] = [
    {
      eventId: `${requestId}-in`,
      agencyId,
      type: 'request.received',
      occurredAt: `${receivedOn}T10:00:00+08:00`,
      data: { requestId, channel: n % 2 ? 'online' : 'letter', applicantType: 'natural_person' },
    },
  ];
  if (decidedOn) {
    out.push({
      eventId: `${requestId}-out`,
      agencyId,
      type: 'request.decided',
      occurredAt: `${decidedOn}T16:00:00+08:00`,
      data: { requestId, outcome: n % 3 ? 'disclosed' : 'partially_disclosed' },
    });
  }
  return out;
}

/** A few requests over two years, some decided, one still open on the nightly's date. */
function agencyEvents(agencyId: string, size = 1): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 3 * size; i++) out.push(...requestEvents(agencyId, i, '2023-11-06', '2024-01-10'));
  for (let i = 100; i < 100 + 2 * size; i++)
    out.push(...requestEvents(agencyId, i, '2024-03-04', '2024-03-20'));
  out.push(...requestEvents(agencyId, 900, '2024-10-08'));
  out.push({
    eventId: `${agencyId}-post-1`,
    agencyId,
    type: 'post.published',
    occurredAt: '2024-05-06',
    data: { postId: `${agencyId}-P1`, channel: 'website', column: '通知公告' },
  });
  return out;
}

async function put(gk: TestGongkai, items: unknown[]): Promise<void> {
  for (let i = 0; i < items.length; i += 500) {
    const report = await ingest(
      gk.app.ingestDeps,
      { batch: true, items: items.slice(i, i + 500) },
      { kind: 'trusted' },
    );
    expect(report.summary.accepted + report.summary.duplicate).toBe(report.results.length);
  }
}

const validated = (items: unknown[]): GongkaiEvent[] =>
  items.map((item) => {
    const v = validateEvent(item);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    return v.event;
  });

/** 市局 → 分局 ×2 → 派出所 ×2 under the first 分局. */
const TREE = [
  { id: 'city', parentId: undefined },
  { id: 'district-1', parentId: 'city' },
  { id: 'district-2', parentId: 'city' },
  { id: 'station-1', parentId: 'district-1' },
  { id: 'station-2', parentId: 'district-1' },
] as const;
const TREE_IDS = TREE.map((a) => a.id);

async function seedTree(gk: TestGongkai): Promise<void> {
  const deps = { ...gk.app.stores, clock };
  for (const a of TREE) {
    await registerAgency(deps, {
      id: a.id,
      name: `机关 ${a.id}`,
      ...(a.parentId ? { parentId: a.parentId } : {}),
    });
  }
  await put(
    gk,
    TREE.flatMap((a, i) => agencyEvents(a.id, i + 1)),
  );
}

/** Everything the nightly leaves behind, through the ports. */
async function state(gk: TestGongkai, ids: readonly string[]) {
  const { statistics, deadlines, markers, rollups } = gk.app.stores;
  const agencies: Record<string, unknown> = {};
  for (const id of ids) {
    agencies[id] = {
      own: await statistics.list(id, 'own'),
      consolidated: await statistics.list(id, 'consolidated'),
      deadlines: (await deadlines.get(id)) ?? null,
    };
  }
  return {
    agencies,
    changed: (await markers.list()).map((m) => m.agencyId).sort(),
    rollups: (await rollups.list()).map((m) => m.agencyId).sort(),
    stale: await deadlines.stale('2024-10-10'),
  };
}

// ── Tests ──────────────────────────────────────────────────────────────────────────────────────────────

describe('nightly', () => {
  it('writes own statistics per year, findings, watermarks and deadlines; a second run changes nothing', async () => {
    // Prepare
    const gk = await gongkai();
    await gk.agencies('solo');
    const items = agencyEvents('solo', 2);
    await put(gk, items);
    // Act
    const first = await gk.app.runNightly();
    // Assess
    expect(first).toMatchObject({ processed: ['solo'], pending: [], complete: true, rounds: 1 });
    const fold = new StatisticsFold();
    for (const e of validated(items)) fold.add(e);
    const own = await gk.app.stores.statistics.list('solo', 'own');
    expect(own.map((s) => s.year)).toEqual([2023, 2024]);
    expect(own.map((s) => s.statistics)).toEqual(
      JSON.parse(JSON.stringify(fold.statistics({ agencyId: 'solo' }))),
    );
    expect(own[0]!.watermark).toEqual({
      eventsFolded: items.length,
      newestReceivedAt: NIGHT.toISOString(),
      newestOccurredAt: '2024-10-08T10:00:00+08:00',
      rulesVersion: RULES_VERSION,
      calendarVersion: CHINA_CALENDAR.version,
      computedAt: NIGHT.toISOString(),
    });
    expect(own[0]!.agencyIds).toEqual(['solo']);
    const deadlines = await gk.app.stores.deadlines.get('solo');
    const expected = computeDeadlines(validated(items), dayOf('2024-10-10'), CHINA_CALENDAR).map(
      toDeadlineRow,
    );
    expect(deadlines).toMatchObject({ agencyId: 'solo', asOf: '2024-10-10', requests: expected });
    expect(deadlines?.summary).toMatchObject({ open: 1, decided_on_time: 4, decided_late: 6 });
    expect(deadlines?.timeliness.map((t) => [t.year, t.decided])).toEqual([
      [2023, 0],
      [2024, 10],
    ]);
    expect(await gk.app.stores.statistics.list('solo', 'consolidated')).toEqual([]);

    const before = await state(gk, ['solo']);
    expect(before).toMatchObject({ changed: [], rollups: [], stale: [] });
    const idle = await gk.app.runNightly();
    expect(idle).toMatchObject({ dispatched: 0, rounds: 0, complete: true });
    const again = await gk.app.runNightly({ all: true });
    expect(again).toMatchObject({ processed: ['solo'], complete: true });
    expect(await state(gk, ['solo'])).toEqual(before);
  });

  it('two nightly runs at once end in the state of one clean run', async () => {
    // Prepare
    const clean = await gongkai();
    await seedTree(clean);
    await clean.app.runNightly();
    const expected = await state(clean, TREE_IDS);
    const a = await gongkai();
    await seedTree(a);
    const b = await gongkai({ sameTablesAs: a });
    // Act
    const [ra, rb] = await Promise.all([a.app.runNightly(), b.app.runNightly()]);
    // Assess
    expect(ra.complete || rb.complete).toBe(true);
    expect(await state(a, TREE_IDS)).toEqual(expected);
  });

  it('a crash after any write step, then a re-run, ends in the state of one clean run', async () => {
    // Prepare: the clean run, counting its writes.
    const count = { writes: 0, crashAfter: Number.POSITIVE_INFINITY, dead: false, armed: false };
    const clean = await gongkai({ app: { wrapStores: faulty(count) } });
    await seedTree(clean);
    count.armed = true;
    await clean.app.runNightly();
    const expected = await state(clean, TREE_IDS);
    const total = count.writes;
    expect(total).toBeGreaterThan(20);

    for (let crashAfter = 1; crashAfter <= total; crashAfter++) {
      const plan = { writes: 0, crashAfter, dead: false, armed: false };
      const gk = await testGongkai({
        app: {
          clock,
          wrapStores: faulty(plan),
          nightlyQueue: { visibilityTimeoutMs: 0, maxReceiveCount: 1 },
        },
      });
      try {
        await seedTree(gk);
        plan.armed = true;
        // Act: the run dies at that write (everything after it fails too), then a healthy re-run.
        const crashed = await gk.app.runNightly();
        expect(plan.dead, `crash point ${crashAfter}`).toBe(true);
        expect(crashed.dispatched, `crash point ${crashAfter}`).toBeGreaterThan(0);
        plan.dead = false;
        plan.crashAfter = Number.POSITIVE_INFINITY;
        const rerun = await gk.app.runNightly();
        // Assess
        expect(rerun.complete, `crash point ${crashAfter}`).toBe(true);
        expect(await state(gk, TREE_IDS), `crash point ${crashAfter}`).toEqual(expected);
      } finally {
        await gk.close();
      }
    }
  });

  it('an event that arrives during a run keeps its marker: the next round (or run) includes it', async () => {
    // Prepare: the first read of the agency's log lets an event in after the read.
    let during: (() => Promise<void>) | undefined;
    const gk = await gongkai({ wrapEventStore: (store) => lateEvent(store, 'late', () => during) });
    await gk.agencies('late');
    const items = agencyEvents('late');
    await put(gk, items);
    const extra = (n: number) => requestEvents('late', 500 + n, '2024-10-09');
    during = async () => {
      during = undefined;
      await put(gk, extra(1));
    };
    // Act: one round only
    const one = await gk.app.runNightly({ maxRounds: 1 });
    // Assess: computed without it, and still marked
    expect(one).toMatchObject({ rounds: 1, processed: [], pending: ['late'], complete: false });
    expect((await gk.app.stores.markers.list()).map((m) => m.agencyId)).toEqual(['late']);
    expect((await gk.app.stores.statistics.get('late', 2024, 'own'))?.watermark.eventsFolded).toBe(
      items.length,
    );
    // Act: the next run includes it
    const next = await gk.app.runNightly();
    expect(next).toMatchObject({ rounds: 1, processed: ['late'], pending: [], complete: true });
    expect((await gk.app.stores.statistics.get('late', 2024, 'own'))?.watermark.eventsFolded).toBe(
      items.length + 1,
    );
    expect(await gk.app.stores.markers.list()).toEqual([]);

    // Act: an event during a run with rounds to spare is taken in the same run, by its next round.
    await put(gk, extra(2));
    during = async () => {
      during = undefined;
      await put(gk, extra(3));
    };
    const same = await gk.app.runNightly();
    expect(same).toMatchObject({ rounds: 2, processed: ['late'], pending: [], complete: true });
    expect((await gk.app.stores.statistics.get('late', 2024, 'own'))?.watermark.eventsFolded).toBe(
      items.length + 3,
    );
    expect((await gk.app.stores.deadlines.get('late'))?.requests).toHaveLength(1 + 3 + 2 + 3);
  });

  it('rolls up three levels: consolidated = the sum of the own statistics below, recomputed when a station changes', async () => {
    // Prepare
    const gk = await gongkai();
    await seedTree(gk);
    // Act
    const report = await gk.app.runNightly();
    // Assess: round 1 all changed, then district-1 (its stations), then the city.
    expect(report).toMatchObject({ complete: true, pending: [] });
    expect(report.processed).toEqual([...TREE_IDS].sort());
    const { statistics } = gk.app.stores;
    const below: Record<string, string[]> = {
      city: [...TREE_IDS],
      'district-1': ['district-1', 'station-1', 'station-2'],
      'district-2': ['district-2'],
    };
    const expectSums = async () => {
      for (const [id, ids] of Object.entries(below)) {
        for (const year of [2023, 2024]) {
          const parts = await Promise.all(ids.map((a) => statistics.get(a, year, 'own')));
          const flat = consolidate(
            id,
            parts.map((p) => p!.statistics),
          );
          const stored = await statistics.get(id, year, 'consolidated');
          if (id === 'district-2') {
            expect(stored, 'a leaf has no consolidated snapshot').toBeUndefined();
            continue;
          }
          expect(stored?.statistics.tables, `${id} ${year}`).toEqual(flat.tables);
          expect(stored?.statistics.extras, `${id} ${year}`).toEqual(flat.extras);
          expect(stored?.agencyIds).toEqual([...ids].sort());
          expect(stored?.watermark.eventsFolded).toBe(
            parts.reduce((n, p) => n + p!.watermark.eventsFolded, 0),
          );
        }
      }
    };
    await expectSums();
    const city2024 = await statistics.get('city', 2024, 'consolidated');
    const own2024 = await statistics.get('city', 2024, 'own');
    const received = (s: typeof city2024) => s!.statistics.extras.requestsByChannel;
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    // Own-only stays available: the city's own requests of 2024 are its own 2 + 1.
    expect(sum(received(own2024))).toBe(3);
    // 2024 receipts: (2k + 1) for agency k = 1..5.
    expect(sum(received(city2024))).toBe(3 + 5 + 7 + 9 + 11);

    // Act: a station changes; its district and the city follow in the same run.
    await put(gk, requestEvents('station-2', 700, '2024-09-02', '2024-09-10'));
    const after = await gk.app.runNightly();
    // Assess
    expect(after).toMatchObject({
      rounds: 3,
      complete: true,
      processed: ['city', 'district-1', 'station-2'],
    });
    await expectSums();
    expect(sum(received(await statistics.get('city', 2024, 'consolidated')))).toBe(36);
  });

  it('moving an agency re-consolidates the parent it leaves and the one it joins; a parent left without children has none', async () => {
    // Prepare: the tree computed once.
    const gk = await gongkai();
    await seedTree(gk);
    await gk.app.runNightly();
    const { statistics } = gk.app.stores;
    const deps = { ...gk.app.stores, clock };
    const expectConsolidated = async (below: Record<string, readonly string[]>) => {
      for (const [id, ids] of Object.entries(below)) {
        for (const year of [2023, 2024]) {
          const stored = await statistics.get(id, year, 'consolidated');
          if (ids.length === 1) {
            expect(stored, `${id} ${year}: no children, no consolidated snapshot`).toBeUndefined();
            continue;
          }
          const parts = await Promise.all(ids.map((a) => statistics.get(a, year, 'own')));
          const flat = consolidate(
            id,
            parts.map((p) => p!.statistics),
          );
          expect(stored?.agencyIds, `${id} ${year}`).toEqual([...ids].sort());
          expect(stored?.statistics.tables, `${id} ${year}`).toEqual(flat.tables);
        }
      }
    };

    // Act: station-2 moves from district-1 to district-2; no event arrives.
    await registerAgency(deps, { id: 'station-2', name: '机关 station-2', parentId: 'district-2' });
    const moved = await gk.app.runNightly();
    // Assess: both districts, then the city, are computed again.
    expect(moved).toMatchObject({ complete: true, processed: ['city', 'district-1', 'district-2'] });
    await expectConsolidated({
      city: TREE_IDS,
      'district-1': ['district-1', 'station-1'],
      'district-2': ['district-2', 'station-2'],
    });

    // Act: station-1 follows; district-1 has no child left.
    await registerAgency(deps, { id: 'station-1', name: '机关 station-1', parentId: 'district-2' });
    const emptied = await gk.app.runNightly();
    // Assess: district-1's consolidated snapshots are gone (its consolidated statistics are its own again).
    expect(emptied).toMatchObject({ complete: true, processed: ['city', 'district-1', 'district-2'] });
    await expectConsolidated({
      city: TREE_IDS,
      'district-1': ['district-1'],
      'district-2': ['district-2', 'station-1', 'station-2'],
    });
    expect(await statistics.years('district-1', 'consolidated')).toEqual([]);
    expect((await gk.app.runNightly()).dispatched).toBe(0);
  });

  it('re-dates open requests with the calendar the worker is given, and counts again on a later day', async () => {
    // Prepare
    const gk = await gongkai();
    await gk.agencies('cal');
    await put(gk, requestEvents('cal', 1, '2024-10-08'));
    await gk.app.runNightly();
    const before = (await gk.app.stores.deadlines.get('cal'))!;
    expect(before.requests[0]).toMatchObject({ receivedOn: '2024-10-08', status: 'open' });
    const dueBefore = before.requests[0]!.dueOn!;
    // Act: a worker on a calendar with one more holiday (a working Tuesday before the due day)
    const notices = HOLIDAY_NOTICES.map((n) =>
      n.year === 2024
        ? {
            ...n,
            arrangements: [
              ...n.arrangements,
              { name: '测试', off: ['2024-10-15', '2024-10-15'] as const, work: [] },
            ],
          }
        : n,
    );
    const calendar = buildCalendar(notices);
    const other = await gongkai({ sameTablesAs: gk, app: { calendar } });
    await other.app.runNightly({ all: true });
    // Assess: due one working day later
    const after = (await gk.app.stores.deadlines.get('cal'))!;
    const expected = computeDeadlines(
      validated(requestEvents('cal', 1, '2024-10-08')),
      dayOf('2024-10-10'),
      calendar,
    );
    expect(after.requests[0]!.dueOn).toBe(toDeadlineRow(expected[0]!).dueOn);
    expect(after.requests[0]!.dueOn! > dueBefore).toBe(true);
    expect(after.watermark.calendarVersion).toBe(calendar.version);
    expect(after.watermark.calendarVersion).not.toBe(CHINA_CALENDAR.version);

    // Act: the next night, nothing changed but the date: the open request is counted again.
    const nextNight = new Date(NIGHT.getTime() + 86_400_000);
    const tomorrow = await gongkai({ sameTablesAs: gk, app: { clock: () => nextNight } });
    const report = await tomorrow.app.runNightly();
    // Assess
    expect(report).toMatchObject({ dispatched: 1, processed: ['cal'], complete: true });
    const later = (await gk.app.stores.deadlines.get('cal'))!;
    expect(later.asOf).toBe('2024-10-11');
    expect(later.requests[0]!.workingDaysLeft).toBe(before.requests[0]!.workingDaysLeft! - 1);
    expect((await tomorrow.app.runNightly()).dispatched).toBe(0);
  });
});

// ── Fault injection (wrapping ports) ───────────────────────────────────────────────────────────────────

interface Plan {
  writes: number;
  crashAfter: number;
  dead: boolean;
  armed: boolean;
}

/** Every nightly write counts; the `crashAfter`-th completes, then throws, and so does everything after. */
function faulty(plan: Plan): (stores: Stores) => Stores {
  return (s) => {
    const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      if (!plan.armed) return run();
      if (plan.dead) throw new Error(`dead: ${what} not done`);
      const result = await run();
      plan.writes += 1;
      if (plan.writes === plan.crashAfter) {
        plan.dead = true;
        throw new Error(`crash after write ${plan.writes} (${what})`);
      }
      return result;
    };
    const { statistics, deadlines, markers, rollups } = s;
    return {
      ...s,
      statistics: {
        putOwn: (x) => step('putOwn', () => statistics.putOwn(x)),
        putConsolidated: (x, e) => step('putConsolidated', () => statistics.putConsolidated(x, e)),
        get: (...a) => statistics.get(...a),
        list: (...a) => statistics.list(...a),
        years: (...a) => statistics.years(...a),
        consolidatedInputs: (...a) => statistics.consolidatedInputs(...a),
        deleteConsolidated: (...a) => step('deleteConsolidated', () => statistics.deleteConsolidated(...a)),
      },
      deadlines: {
        put: (x) => step('deadlines.put', () => deadlines.put(x)),
        get: (...a) => deadlines.get(...a),
        stale: (...a) => deadlines.stale(...a),
      },
      markers: {
        mark: (...a) => markers.mark(...a), // ingest's
        list: () => markers.list(),
        clear: (m) => step('markers.clear', () => markers.clear(m)),
      },
      rollups: {
        mark: (ids, at) => step('rollups.mark', () => rollups.mark(ids, at)),
        list: () => rollups.list(),
        clear: (m) => step('rollups.clear', () => rollups.clear(m)),
      },
    };
  };
}

/** An event store whose first read of `agencyId` lets `during()` run after the read, before the fold. */
function lateEvent(
  store: EventStore,
  agencyId: string,
  during: () => (() => Promise<void>) | undefined,
): EventStore {
  async function* late<T>(id: string, read: AsyncIterable<T>): AsyncIterable<T> {
    const pages: T[] = [];
    for await (const page of read) pages.push(page);
    const run = id === agencyId ? during() : undefined;
    if (run) await run();
    yield* pages;
  }
  return {
    append: (records) => store.append(records),
    readEvents: (id) => late(id, store.readEvents(id)),
    readBodies: (id) => late(id, store.readBodies!(id)),
  };
}
