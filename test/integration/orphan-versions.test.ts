/**
 * A kill -9 while a version is being written leaves objects under `reports/{agency}/{year}/v{n}/` without
 * a manifest — on the embedded s3rver even a half-written object (its data file cut short, its metadata
 * missing or cut short). Such a version does not exist for readers; listing, the public page, downloads,
 * generate and publish go on working, and its number is never handed out again. The orphans are written
 * into a dedicated s3rver: through the SDK (a whole object, no manifest) and into its folder directly
 * (what a crash mid-write leaves), then s3rver is restarted on the same folder as `npm start` would be.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startS3rver } from '../../infra/local/emulators.ts';
import { DEFAULTS } from '../../shared/config.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

const BUCKET = DEFAULTS.buckets.artifacts;
const A = 'orphan-a';
const folder = mkdtempSync(join(tmpdir(), 'gongkai-orphans-'));
let s3: Emulator;
let gk: TestGongkai;
let key: string;

beforeAll(async () => {
  s3 = await startS3rver({ directory: folder, buckets: [BUCKET] });
  gk = await testGongkai({ s3Endpoint: s3.endpoint });
  await gk.agencies(A);
  key = await gk.keyFor(A);
});
afterAll(async () => {
  await gk?.close();
  await s3?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  // biome-ignore lint/suspicious/noExplicitAny: loosely typed answers, read field by field
  return { status: response.status, body: parsed as any, text };
}

/** What s3rver keeps of an object in its folder: `<key>._S3rver_object` and `<key>._S3rver_metadata.json`. */
function rawObject(key: string, data: string, metadata?: string) {
  const path = join(folder, BUCKET, ...key.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}._S3rver_object`, data);
  if (metadata !== undefined) writeFileSync(`${path}._S3rver_metadata.json`, metadata);
}

describe('versions left without a manifest by a crash', () => {
  it('do not exist for readers, break nothing, and their numbers are not reused', async () => {
    expect((await gk.post('/v1/events', received('o-1', A), key)).status).toBe(200);
    const report = `/v1/agencies/${A}/reports/2019`;
    expect((await call('POST', `${report}/generate`)).body.version).toBe(1);

    const prefix = `reports/${A}/2019`;
    // v2: an artifact written whole, the crash came before the manifest.
    await gk.clients.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/v2/report.html`, Body: '<html>' }),
    );
    // v3: an artifact whose metadata file was cut short; v4: a manifest whose data was cut short.
    rawObject(`${prefix}/v3/report.xlsx`, 'PK\u0003\u0004', '{"content-ty');
    rawObject(`${prefix}/v4/manifest.json`, '{"manifestVersion":');
    // v6: a manifest that is not one (a write cut short on a store that does not write atomically).
    await gk.clients.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/v6/manifest.json`, Body: '{"manifestV' }),
    );

    // The restart after the crash: s3rver again on the same folder.
    const port = Number(new URL(s3.endpoint).port);
    await s3.close();
    s3 = await startS3rver({ directory: folder, buckets: [BUCKET], port });

    const listed = await call('GET', `${report}/versions`);
    expect(listed.status).toBe(200);
    expect(listed.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await call('GET', `/reports/${A}/2019`)).status).toBe(404);
    for (const v of [2, 3, 4, 6]) {
      expect((await call('GET', `${report}/versions/${v}/report.html`)).status, `v${v}`).toBe(404);
      expect((await call('POST', `${report}/publish`, { version: v })).status, `v${v}`).toBe(404);
    }

    const generated = await call('POST', `${report}/generate`);
    expect(generated.status).toBe(201);
    expect(generated.body.version).toBe(7);
    expect((await call('POST', `${report}/publish`, { version: 7 })).status).toBe(201);
    const page = await call('GET', `/reports/${A}/2019`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('/versions/7/report.docx');
    expect((await call('GET', `${report}/versions/7/report.html`)).status).toBe(302);
    const after = await call('GET', `${report}/versions`);
    expect(after.body.versions.map((v: { version: number }) => v.version)).toEqual([7, 1]);
  });
});
