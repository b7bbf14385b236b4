/**
 * GET /v1/agencies/{id}/statistics/{year} and GET /v1/agencies/{id}/deadlines through the local gateway
 * and the API-key authorizer, after a nightly: 200, 400, 401, 403 (another agency), 404 (nothing yet);
 * and the CLI's reading of the same snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsDocument } from '../../bin/commands/statistics.ts';
import { AppError } from '../../shared/errors.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import { type TestGongkai, testGongkai } from './support.ts';

const NIGHT = new Date('2024-10-09T18:30:00Z');
let gk: TestGongkai;
let keyParent: string;
let keyChild: string;
let keyNone: string;

function event(eventId: string, agencyId: string, type: string, occurredAt: string, data: object) {
  return { eventId, agencyId, type, occurredAt, data };
}

async function get(path: string, key?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

beforeAll(async () => {
  gk = await testGongkai({ app: { clock: () => NIGHT } });
  const deps = { ...gk.app.stores, clock: () => NIGHT };
  await registerAgency(deps, { id: 'api-parent', name: '市局' });
  await registerAgency(deps, { id: 'api-child', name: '分局', parentId: 'api-parent' });
  await registerAgency(deps, { id: 'api-none', name: '未上报' });
  keyParent = await gk.keyFor('api-parent');
  keyChild = await gk.keyFor('api-child');
  keyNone = await gk.keyFor('api-none');
  const events = (agencyId: string, n: number) =>
    Array.from({ length: n }, (_, i) => [
      event(`${agencyId}-${i}-in`, agencyId, 'request.received', '2024-03-04T10:00:00+08:00', {
        requestId: `R${i}`,
        channel: 'online',
        applicantType: 'natural_person',
      }),
      event(`${agencyId}-${i}-out`, agencyId, 'request.decided', '2024-03-12T10:00:00+08:00', {
        requestId: `R${i}`,
        outcome: 'disclosed',
      }),
    ]).flat();
  expect((await gk.post('/v1/events', { events: events('api-parent', 2) }, keyParent)).status).toBe(200);
  expect((await gk.post('/v1/events', { events: events('api-child', 3) }, keyChild)).status).toBe(200);
  const nightly = await gk.post('/v1/admin/nightly', '');
  expect(nightly.status).toBe(200);
  expect(nightly.body.processed).toEqual(['api-child', 'api-parent']);
});
afterAll(async () => {
  await gk?.close();
});

const received = (body: Record<string, unknown>) =>
  Object.values((body.extras as { requestsByChannel: Record<string, number> }).requestsByChannel).reduce(
    (a, b) => a + b,
    0,
  );

describe('GET /v1/agencies/{id}/statistics/{year}', () => {
  it('answers the own statistics by default, and the consolidated ones on request', async () => {
    const own = await get('/v1/agencies/api-parent/statistics/2024', keyParent);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      agencyId: 'api-parent',
      year: 2024,
      scope: 'own',
      format: '2021',
      agencyIds: ['api-parent'],
      watermark: { eventsFolded: 4, computedAt: NIGHT.toISOString() },
    });
    expect(own.body.tables).toHaveProperty('requests');
    expect(Array.isArray(own.body.findings)).toBe(true);
    expect(received(own.body)).toBe(2);

    const consolidated = await get('/v1/agencies/api-parent/statistics/2024?scope=consolidated', keyParent);
    expect(consolidated.status).toBe(200);
    expect(consolidated.body).toMatchObject({
      scope: 'consolidated',
      agencyIds: ['api-child', 'api-parent'],
      watermark: { eventsFolded: 10 },
    });
    expect(received(consolidated.body)).toBe(5);

    // An agency without children: its consolidated statistics are its own.
    const leaf = await get('/v1/agencies/api-child/statistics/2024?scope=consolidated', keyChild);
    expect(leaf.status).toBe(200);
    expect(leaf.body).toMatchObject({ scope: 'consolidated', agencyIds: ['api-child'] });
  });

  it('403 for another agency, 404 before any nightly, 400 for a bad year or scope, 401 without a key', async () => {
    const other = await get('/v1/agencies/api-parent/statistics/2024', keyChild);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { status: 403, code: 'forbidden' } });
    expect((await get('/v1/agencies/api-child/statistics/2024', keyParent)).status).toBe(403);

    const none = await get('/v1/agencies/api-none/statistics/2024', keyNone);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ error: { status: 404, code: 'not_found' } });
    expect((await get('/v1/agencies/api-parent/statistics/2019', keyParent)).status).toBe(404);

    const badYear = await get('/v1/agencies/api-parent/statistics/24', keyParent);
    expect(badYear).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });
    const badScope = await get('/v1/agencies/api-parent/statistics/2024?scope=all', keyParent);
    expect(badScope).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });

    expect((await get('/v1/agencies/api-parent/statistics/2024')).status).toBe(401);
    expect((await get('/v1/agencies/api-parent/statistics/2024', 'gk_not-a-key')).status).toBe(401);
  });
});

describe('GET /v1/agencies/{id}/deadlines', () => {
  it('answers the deadlines as of the nightly; 403 for another agency; 404 before any nightly', async () => {
    const ok = await get('/v1/agencies/api-child/deadlines', keyChild);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      agencyId: 'api-child',
      asOf: '2024-10-10',
      summary: { decided_on_time: 3, open: 0 },
      timeliness: [{ year: 2024, decided: 3, decidedOnTime: 3, shareOnTime: 1 }],
      uncovered: 0,
    });
    expect(ok.body.requests).toEqual([
      {
        agencyId: 'api-child',
        requestId: 'R0',
        receivedOn: '2024-03-04',
        dueOn: '2024-04-01',
        status: 'decided_on_time',
        workingDaysLeft: null,
      },
      expect.objectContaining({ requestId: 'R1' }),
      expect.objectContaining({ requestId: 'R2' }),
    ]);
    expect((await get('/v1/agencies/api-child/deadlines', keyParent)).status).toBe(403);
    expect((await get('/v1/agencies/api-none/deadlines', keyNone)).status).toBe(404);
    expect((await get('/v1/agencies/api-none/deadlines')).status).toBe(401);
  });
});

describe('gongkai statistics (CLI)', () => {
  it('reads the same snapshots, with no key scope', async () => {
    const doc = await statisticsDocument(gk.app.stores, {
      agency: 'api-parent',
      year: 2024,
      scope: 'consolidated',
    });
    expect(doc).toMatchObject({
      agencyId: 'api-parent',
      scope: 'consolidated',
      agencyIds: ['api-child', 'api-parent'],
    });
    const deadlines = await statisticsDocument(gk.app.stores, {
      agency: 'api-child',
      scope: 'own',
      deadlines: true,
    });
    expect(deadlines).toMatchObject({ agencyId: 'api-child', asOf: '2024-10-10' });
    await expect(
      statisticsDocument(gk.app.stores, { agency: 'api-none', year: 2024, scope: 'own' }),
    ).rejects.toBeInstanceOf(AppError);
  });
});
