/**
 * Report templates through the local gateway, the real authorizer and handlers, on dynalite and s3rver:
 * assigning one (validated, every fault with its path), the template in force by year, the narrative by the
 * template's slots, and generation with it — the manifest names the template and its hash, findings go to
 * findings.html, and a figure a placeholder names but the year lacks keeps the version a draft.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateSchema } from '../../shared/domain/report/template.ts';
import { registerAgency } from '../../shared/use-cases/agencies.ts';
import type { Manifest } from '../../shared/use-cases/generate-manifest.ts';
import { templateHash } from '../../shared/use-cases/templates.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
const suffix = randomBytes(3).toString('hex');
const A = `tpl-a-${suffix}`;
const B = `tpl-b-${suffix}`;
let keyA: string;
let keyB: string;

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
type Body = any;

async function call(method: string, path: string, key?: string, body?: unknown) {
  const response = await fetch(`${gk.gateway.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: Body = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed as Body };
}

/** A template of two sections: a sentence on the requests, and a required slot. */
const TEMPLATE = {
  id: 'test-two-sections',
  name: '两部分报告',
  slots: [
    { id: 'written_on', label: '成文日期', kind: 'date', guidance: 'YYYY-MM-DD' },
    { id: 'problems', label: '存在的主要问题', guidance: '问题和措施', required: true },
  ],
  sections: [
    {
      id: 'requests',
      heading: '一、依申请公开情况',
      blocks: [
        {
          type: 'text',
          text: '{{year}}年共收到申请{{requests.received.total}}件，办结{{requests.decided_total.total}}件。',
        },
        { type: 'chart', chart: 'outcomes' },
      ],
    },
    { id: 'problems', heading: '二、存在的主要问题', blocks: [{ type: 'slot', slot: 'problems' }] },
  ],
  signature: { dateSlot: 'written_on' },
  annex: {
    heading: '{{agency}}政府信息公开情况统计表',
    tables: [{ table: 'requests' }, { table: 'reviews' }],
  },
};

const events = (agencyId: string) => [
  ...[1, 2, 3].map((i) => ({
    eventId: `r-${i}`,
    agencyId,
    type: 'request.received',
    occurredAt: `2019-03-0${i}T10:00:00+08:00`,
    data: { requestId: `YSQ-${i}`, channel: 'online', applicantType: 'natural_person' },
  })),
  {
    eventId: 'd-1',
    agencyId,
    type: 'request.decided',
    occurredAt: '2019-04-01T10:00:00+08:00',
    data: { requestId: 'YSQ-1', outcome: 'disclosed' },
  },
];

async function generate(agencyId: string, key: string): Promise<Manifest> {
  const answer = await call('POST', `/v1/agencies/${agencyId}/reports/2019/generate`, key);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const bytes = await gk.app.artifacts.get(answer.body.manifestKey);
  return JSON.parse(Buffer.from(bytes!).toString('utf8')) as Manifest;
}

beforeAll(async () => {
  gk = await testGongkai();
  const deps = { ...gk.app.stores, clock: () => new Date() };
  await registerAgency(deps, { id: A, name: '测试市公安局' });
  await registerAgency(deps, { id: B, name: '测试市人民政府' });
  keyA = await gk.keyFor(A);
  keyB = await gk.keyFor(B);
  expect((await gk.post('/v1/events', { events: events(A) }, keyA)).status).toBe(200);
});
afterAll(async () => {
  await gk?.close();
});

describe('assigning a template', () => {
  it('without one, the national template of the year is in force', async () => {
    const y2019 = await call('GET', `/v1/agencies/${A}/template?year=2019`, keyA);
    expect(y2019.status).toBe(200);
    expect([y2019.body.source, y2019.body.template.id]).toEqual(['national', 'national-2019']);
    const y2024 = await call('GET', `/v1/agencies/${A}/template?year=2024`, keyA);
    expect(y2024.body.template.id).toBe('national-2021');
  });

  it('refuses a bad template with every fault and its path, and stores nothing', async () => {
    const bad = {
      ...TEMPLATE,
      sections: [
        { id: 'x', heading: '一、', blocks: [{ type: 'text', text: '{{requests.received.lunar}}' }] },
      ],
    };
    const answer = await call('PUT', `/v1/agencies/${A}/template`, keyA, bad);
    expect(answer.status).toBe(400);
    const paths = answer.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toContain('sections[0].blocks[0].text');
    expect(paths).toContain('slots[1].id'); // problems is placed nowhere now
    expect((await call('PUT', `/v1/agencies/${A}/template`, keyA, '{not json')).status).toBe(400);
    const huge = { ...TEMPLATE, name: 'x', slots: [...TEMPLATE.slots], pad: 'x'.repeat(250_000) };
    expect((await call('PUT', `/v1/agencies/${A}/template`, keyA, huge)).status).toBe(413);
    const inForce = await call('GET', `/v1/agencies/${A}/template?year=2019`, keyA);
    expect(inForce.body.source).toBe('national');
  });

  it('only a key of the agency may assign or read it', async () => {
    expect((await call('PUT', `/v1/agencies/${A}/template`, keyB, TEMPLATE)).status).toBe(403);
    expect((await call('GET', `/v1/agencies/${A}/template`, keyB)).status).toBe(403);
    expect((await call('PUT', `/v1/agencies/${A}/template`, undefined, TEMPLATE)).status).toBe(401);
  });

  it('assigns, answers the template in force with its hash, and goes back to the national one', async () => {
    const put = await call('PUT', `/v1/agencies/${B}/template`, keyB, TEMPLATE);
    expect(put.status).toBe(201);
    const expectedHash = templateHash(templateSchema.parse(TEMPLATE));
    expect(put.body.sha256).toBe(expectedHash);
    const got = await call('GET', `/v1/agencies/${B}/template?year=2019`, keyB);
    expect([got.body.source, got.body.template.id, got.body.sha256]).toEqual([
      'agency',
      TEMPLATE.id,
      expectedHash,
    ]);
    const reset = await call('DELETE', `/v1/agencies/${B}/template`, keyB);
    expect(reset.status).toBe(201);
    expect(reset.body.version).toBe(put.body.version + 1);
    expect((await call('GET', `/v1/agencies/${B}/template?year=2019`, keyB)).body.template.id).toBe(
      'national-2019',
    );
  });

  it('the demo agency’s eight-section template is accepted as shipped', async () => {
    const demo = JSON.parse(readFileSync('demo/hz-psb.template.json', 'utf8'));
    const answer = await call('PUT', `/v1/agencies/${B}/template`, keyB, demo);
    expect(answer.status).toBe(201);
    await call('DELETE', `/v1/agencies/${B}/template`, keyB);
  });
});

describe('a report generated with the agency’s template', () => {
  it('takes the narrative by the template’s slots, refusing any other field', async () => {
    expect((await call('PUT', `/v1/agencies/${A}/template`, keyA, TEMPLATE)).status).toBe(201);
    const wrong = await call('PUT', `/v1/agencies/${A}/reports/2019/narrative`, keyA, { s5: '问题。' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.issues[0].path).toBe('s5');
    expect(wrong.body.error.issues[0].message).toContain('not a slot of the template test-two-sections');
    const badDate = await call('PUT', `/v1/agencies/${A}/reports/2019/narrative`, keyA, {
      written_on: '2020-02-30',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.issues[0].path).toBe('written_on');
  });

  it('a required slot left empty keeps the version a draft; the manifest names the template; findings go to findings.html', async () => {
    const manifest = await generate(A, keyA);
    expect(manifest.template).toEqual({
      id: TEMPLATE.id,
      name: TEMPLATE.name,
      sha256: templateHash(templateSchema.parse(TEMPLATE)),
      source: 'agency',
      assignment: 1,
    });
    expect(manifest.draft).toBe(true);
    expect(manifest.findings.items.map((f) => f.ruleId)).toContain('template.slot-required');
    expect(manifest.artifacts.map((a) => a.name)).toContain('findings.html');
    const publish = await call('POST', `/v1/agencies/${A}/reports/2019/publish`, keyA, {
      version: manifest.version,
    });
    expect(publish.status).toBe(409);
  });

  it('with the slots written, the version is clean and can be published', async () => {
    const saved = await call('PUT', `/v1/agencies/${A}/reports/2019/narrative`, keyA, {
      written_on: '2020-01-15',
      problems: '一是问题。\n二是措施。',
    });
    expect(saved.status).toBe(201);
    const manifest = await generate(A, keyA);
    expect(manifest.draft).toBe(false);
    expect(manifest.findings.errors).toBe(0);
    const html = await gk.app.artifacts.get(manifest.artifacts.find((a) => a.name === 'report.html')!.key);
    const text = Buffer.from(html!).toString('utf8');
    expect(text).toContain('2019年共收到申请3件，办结1件。');
    expect(text).toContain('二是措施。');
    expect(text).toContain('2020年1月15日');
    expect(text).not.toContain('校验');
    const publish = await call('POST', `/v1/agencies/${A}/reports/2019/publish`, keyA, {
      version: manifest.version,
    });
    expect(publish.status).toBe(201);
  });
});
