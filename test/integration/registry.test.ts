/**
 * The agency registry and API keys on dynalite: the hierarchy refuses cycles, keys are stored as hashes,
 * scoped, listed and revoked; the CLI's storage access (withStores) reaches a configured endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStores } from '../../infra/local/connect.ts';
import { AppError } from '../../shared/errors.ts';
import { listAgencies, registerAgency } from '../../shared/use-cases/agencies.ts';
import {
  authenticate,
  cachedAuthenticator,
  createKey,
  listKeys,
  revokeKey,
} from '../../shared/use-cases/keys.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const deps = () => ({ ...gk.app.stores, clock: () => new Date() });

beforeAll(async () => {
  gk = await testGongkai();
});
afterAll(async () => {
  await gk?.close();
});

describe('agencies', () => {
  it('registers a hierarchy and refuses a change that would close a cycle', async () => {
    await registerAgency(deps(), { id: 'zj', name: '浙江省人民政府', region: '浙江省' });
    await registerAgency(deps(), { id: 'hz', name: '杭州市人民政府', parentId: 'zj' });
    await registerAgency(deps(), {
      id: 'hz-psb',
      name: '杭州市公安局',
      parentId: 'hz',
      region: '浙江省杭州市',
    });
    await expect(
      registerAgency(deps(), { id: 'zj', name: '浙江省人民政府', parentId: 'hz-psb' }),
    ).rejects.toThrow(/cycle/);
    await expect(registerAgency(deps(), { id: 'hz', name: '杭州市', parentId: 'hz' })).rejects.toThrow(
      /own parent/,
    );
    await expect(registerAgency(deps(), { id: 'xx', name: 'X', parentId: 'missing' })).rejects.toThrow(
      /not registered/,
    );
    const zj = (await listAgencies(gk.app.stores)).find((a) => a.id === 'zj');
    expect(zj?.parentId).toBeUndefined();
  });

  it('updates an agency when it is registered again, keeping its first registration date', async () => {
    const first = await registerAgency(deps(), { id: 'sx', name: '绍兴市' });
    const again = await registerAgency(deps(), { id: 'sx', name: '绍兴市人民政府', parentId: 'zj' });
    expect(again.created).toBe(false);
    expect(again.agency).toMatchObject({
      name: '绍兴市人民政府',
      parentId: 'zj',
      registeredAt: first.agency.registeredAt,
    });
  });

  it('refuses a bad id with a message', async () => {
    const error = await registerAgency(deps(), { id: 'Bad Id', name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).statusCode).toBe(400);
  });

  it('refuses a name or region a report could not print', async () => {
    await expect(registerAgency(deps(), { id: 'ctl', name: '杭州市\u0000公安局' })).rejects.toThrow(
      'the name must not contain control characters',
    );
    await expect(
      registerAgency(deps(), { id: 'ctl', name: '杭州市公安局', region: '浙江\ud800' }),
    ).rejects.toThrow('the region must be well-formed Unicode');
    expect(await deps().agencies.get('ctl')).toBeUndefined();
  });
});

describe('API keys', () => {
  it('stores only a hash, scopes a key to its agencies, lists and revokes it', async () => {
    await registerAgency(deps(), { id: 'key-a', name: 'A' });
    await registerAgency(deps(), { id: 'key-b', name: 'B' });
    // Act
    const { key, record } = await createKey(deps(), {
      agencyIds: ['key-b', 'key-a', 'key-a'],
      label: 'portal',
    });
    // Assess
    expect(key).toMatch(/^gk_[A-Za-z0-9_-]{43}$/);
    expect(record.agencyIds).toEqual(['key-a', 'key-b']);
    const listed = (await listKeys(gk.app.stores)).find((k) => k.keyId === record.keyId);
    expect(listed).toMatchObject({ label: 'portal', agencyIds: ['key-a', 'key-b'] });
    expect(JSON.stringify(await gk.app.stores.keys.list())).not.toContain(key);
    expect(await authenticate(gk.app.stores, key)).toEqual({
      ok: true,
      keyId: record.keyId,
      agencyIds: ['key-a', 'key-b'],
    });

    const revoked = await revokeKey(deps(), record.keyId);
    expect(revoked.revokedAt).toBeDefined();
    const after = await authenticate(gk.app.stores, key);
    expect(after.ok).toBe(false);
    await expect(revokeKey(deps(), 'k_0000000000000000')).rejects.toThrow(/no key/);
  });

  it('refuses a key for an unregistered agency', async () => {
    await expect(createKey(deps(), { agencyIds: ['ghost'] })).rejects.toThrow(/not registered: ghost/);
    await expect(createKey(deps(), { agencyIds: [] })).rejects.toThrow(/at least one agency/);
  });

  it('the authorizer remembers a good key for its TTL only', async () => {
    await registerAgency(deps(), { id: 'ttl', name: 'T' });
    const { key, record } = await createKey(deps(), { agencyIds: ['ttl'] });
    let now = 0;
    const check = cachedAuthenticator(gk.app.stores, { ttlMs: 1000, now: () => now });
    expect((await check(key)).ok).toBe(true);
    await revokeKey(deps(), record.keyId);
    expect((await check(key)).ok).toBe(true); // still remembered
    now = 1001;
    expect((await check(key)).ok).toBe(false);
  });
});

describe('the CLI storage access', () => {
  it('acts on the DynamoDB endpoint and tables given by the environment', async () => {
    const env = {
      GONGKAI_DYNAMODB_ENDPOINT: gk.config.dynamodbEndpoint,
      GONGKAI_REGISTRY_TABLE: gk.config.tables.registry,
      GONGKAI_EVENTS_TABLE: gk.config.tables.events,
      AWS_REGION: 'local',
    };
    const ids = await withStores(async ({ stores, where }) => {
      expect(where).toBe(gk.config.dynamodbEndpoint);
      return (await stores.agencies.list()).map((a) => a.id);
    }, env);
    expect(ids).toContain('zj');
  });
});
