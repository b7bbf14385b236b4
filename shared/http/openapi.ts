/**
 * The API as an OpenAPI 3.1 document (`GET /v1/openapi.json`), built from the route table (routes.ts) and the
 * zod schemas (`z.toJSONSchema`): the event contract, the template, the bodies the use cases parse.
 *
 * One entry per route in ROUTE_DOCS, keyed by its RouteKey: a route of the table without its doc does not
 * compile, nor does a doc of no route. An entry gives what the table does not know: query parameters, the
 * request body (schema and example), the answers (status → schema and example) and the route's own 4xx with
 * an example message. Path parameters, the summary (the route's description), security (the bearer API key
 * where the route asks for one), 401/403 of a keyed route, the 500, the function (as tag) and
 * `x-gongkai-local-only` come from the table. test/unit/openapi.test.ts validates every example against its
 * schema and the document's structure.
 */
import * as z from 'zod';
import { eventSchema } from '../domain/contract.ts';
import { templateSchema } from '../domain/report/template.ts';
import type { ErrorCode } from '../errors.ts';
import { DOWNLOAD_NAMES } from '../use-cases/generate-manifest.ts';
import { type HttpFunction, ROUTES, type Route, type RouteKeyOf, routeKey } from './routes.ts';

/** The key of each route of the table (exactly its method and path: RouteKey is every method × path). */
export type DocumentedRouteKey = RouteKeyOf<HttpFunction>;

type JsonSchema = Record<string, unknown>;

/** A body or an answer: a zod schema (converted) or a JSON Schema as is (a $ref, text). */
type SchemaSource = z.ZodType | JsonSchema;

interface Content {
  readonly schema: SchemaSource;
  readonly example: unknown;
  /** Default application/json. */
  readonly contentType?: string;
}

interface Answer extends Partial<Content> {
  readonly description: string;
  readonly headers?: Readonly<Record<string, string>>;
}

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 503;

export interface RouteDoc {
  readonly query?: Readonly<Record<string, { readonly description: string; readonly schema: z.ZodType }>>;
  readonly body?: Content & { readonly description: string };
  /** The answers that are not errors, by status. */
  readonly responses: Readonly<Partial<Record<200 | 201 | 202 | 207 | 301 | 302 | 304, Answer>>>;
  /** The route's own errors: status → an example message (401/403 of a keyed route and 500 are added). */
  readonly errors?: Readonly<Partial<Record<ErrorStatus, string>>>;
}

// ── Shared schemas ─────────────────────────────────────────────────────────────────────────────────────

const ERROR_CODES = [
  'malformed_json',
  'malformed_body',
  'bad_envelope',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'invalid_argument',
  'conflict',
  'unavailable',
  'internal',
] as const satisfies readonly ErrorCode[];

const fieldIssue = z.object({ path: z.string(), message: z.string() });

/** The one error model (shared/errors.ts): 4xx explain themselves, with every field path at fault. */
const errorSchema = z.object({
  error: z.object({
    status: z.int(),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(fieldIssue).optional(),
  }),
});

const isoTime = z.string().describe('ISO 8601, UTC');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const watermark = z.object({
  eventsFolded: z.int(),
  newestReceivedAt: isoTime.nullable(),
  newestOccurredAt: z.string().nullable(),
  rulesVersion: z.string(),
  calendarVersion: z.string(),
  computedAt: isoTime,
});
const fileName = z.enum(DOWNLOAD_NAMES);
const findingsCount = z.object({ errors: z.int(), warnings: z.int() });
const narrativeRecord = z.object({
  agencyId: z.string(),
  year: z.int(),
  version: z.int(),
  sections: z.record(z.string(), z.string()),
  savedAt: isoTime,
  keyId: z.string().optional(),
});
/** What a publication and a correction both record of the version they make current, and who did it. */
const publishedVersion = {
  version: z.int(),
  watermark,
  manifestSha256: sha256,
  keyId: z.string().optional(),
};
const correctionRecord = z.object({
  ...publishedVersion,
  corrects: z.int(),
  reason: z.string(),
  correctedAt: isoTime,
});
const publicationRecord = z.object({
  ...publishedVersion,
  agencyId: z.string(),
  year: z.int(),
  publishedAt: isoTime,
  corrections: z.array(correctionRecord).optional(),
});
const versionSummary = z.object({
  version: z.int(),
  published: z.boolean(),
  current: z.boolean(),
  correctedBy: z.int().nullable(),
  correction: z.object({ corrects: z.int(), reason: z.string(), correctedAt: isoTime }).nullable(),
  draft: z.boolean(),
  generatedAt: isoTime,
  findings: findingsCount,
  amendments: z.int().nullable(),
  files: z.array(fileName),
});
const templateRecord = z.object({
  agencyId: z.string(),
  version: z.int(),
  template: z.looseObject({ id: z.string(), name: z.string() }).nullable(),
  sha256: sha256.nullable(),
  savedAt: isoTime,
  keyId: z.string().optional(),
});
const tableCells = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number())));
const finding = z.looseObject({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
const html = { type: 'string', description: 'an HTML page (zh-CN)' } as const;

// ── Examples (answers of the local app, shortened) ───────────────────────────────────────────────────────

const AT = '2021-01-15T02:13:56.461Z';
const narrativeExample = (version: number) => ({
  agencyId: 'hz-psb',
  year: 2020,
  version,
  sections: { written_on: '2021-01-15', other_matters: '无。' },
  savedAt: AT,
  keyId: 'k_e8dcd2a95e0c2c81',
});
const WATERMARK = {
  eventsFolded: 25317,
  newestReceivedAt: '2021-01-15T02:13:43.050Z',
  newestOccurredAt: '2021-01-04T10:00:00+08:00',
  rulesVersion: '2026.12.1',
  calendarVersion: 'cn-2019-2026.c41521f4',
  computedAt: '2021-01-15T02:13:48.094Z',
};
const SHA_V2 = 'eafc5a3727616a7ba65b8e6c0fdbd4d66ab26a864257a971291df93cf96a1ae0';
const SHA_V3 = '6456c73a3f2b4f36b4d1f869144755dbc9abe75c711d830274c99c324900b9b1';
const EVENT = {
  eventId: 'ex-0001',
  agencyId: 'hz-psb',
  type: 'request.received',
  occurredAt: '2020-12-28T10:00:00+08:00',
  data: { requestId: 'YSQ-2020-0001', channel: 'letter', applicantType: 'natural_person' },
};
const REASON = '补录2020年12月28日收到的一件申请（信函），表二本年新收由5件更正为6件。';
const CORRECTION = {
  version: 3,
  corrects: 2,
  reason: REASON,
  correctedAt: '2021-02-01T02:00:00.000Z',
  watermark: { ...WATERMARK, eventsFolded: 25318 },
  manifestSha256: SHA_V3,
  keyId: 'k_e8dcd2a95e0c2c81',
};
const PUBLICATION = {
  agencyId: 'hz-psb',
  year: 2020,
  version: 2,
  publishedAt: AT,
  watermark: WATERMARK,
  manifestSha256: SHA_V2,
  keyId: 'k_e8dcd2a95e0c2c81',
};
const FILES = [...DOWNLOAD_NAMES];
const V3_SUMMARY = {
  version: 3,
  published: true,
  current: true,
  correctedBy: null,
  correction: { corrects: 2, reason: REASON, correctedAt: CORRECTION.correctedAt },
  draft: false,
  generatedAt: '2021-02-01T01:59:00.000Z',
  findings: { errors: 0, warnings: 3 },
  amendments: 1,
  files: FILES,
};
const REPORT_2020 = '/v1/agencies/hz-psb/reports/2020';
const SIGNED_URL =
  'https://gongkai-artifacts.s3.cn-north-1.amazonaws.com.cn/reports/hz-psb/2020/v3/report.docx?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=5dd3…';

const json = (description: string, schema: SchemaSource, example: unknown): Answer => ({
  description,
  schema,
  example,
});
const page = (description: string, example: string): Answer => ({
  description,
  schema: html,
  example,
  contentType: 'text/html; charset=utf-8',
});

// ── One entry per route ────────────────────────────────────────────────────────────────────────────────

export const ROUTE_DOCS: Readonly<Record<DocumentedRouteKey, RouteDoc>> = {
  'POST /v1/events': {
    body: {
      description:
        'one event of the contract (docs/contract.md), or `{"events": [...]}` (≤ 500 events, ≤ 1 MiB)',
      schema: { $ref: '#/components/schemas/Events' },
      example: { events: [EVENT] },
    },
    responses: {
      200: json('every event stored (accepted now, or a duplicate of one stored before)', ingestAnswer(), {
        summary: { accepted: 1, duplicate: 0, rejected: 0, conflict: 0, forbidden: 0 },
        results: [{ index: 0, status: 'accepted', eventId: 'ex-0001', agencyId: 'hz-psb' }],
      }),
      207: json('some stored, some not: each event has its status', ingestAnswer(), {
        summary: { accepted: 1, duplicate: 0, rejected: 1, conflict: 0, forbidden: 0 },
        results: [
          { index: 0, status: 'accepted', eventId: 'ex-0001', agencyId: 'hz-psb' },
          {
            index: 1,
            status: 'rejected',
            eventId: 'ex-0002',
            agencyId: 'hz-psb',
            issues: [
              {
                path: 'data.channel',
                message: 'must be one of online, letter, in_person, fax, email, other',
              },
            ],
          },
        ],
      }),
    },
    errors: {
      400: 'the body is not JSON',
      409: 'every event reuses a stored eventId with another body',
      413: 'the body is over 1 MiB',
      422: 'every event is refused: see results[].issues',
    },
  },
  'GET /v1/agencies/{id}/statistics/{year}': {
    query: {
      scope: {
        description: "`own` (default): the agency's own events; `consolidated`: with every descendant agency",
        schema: z.enum(['own', 'consolidated']),
      },
    },
    responses: {
      200: json(
        "the nightly's snapshot: the national tables (`tables[table][rowId][columnId]`), extras, findings and watermark",
        z.looseObject({
          agencyId: z.string(),
          year: z.int(),
          scope: z.enum(['own', 'consolidated']),
          format: z.enum(['2019', '2021']),
          tables: tableCells,
          extras: z.record(z.string(), z.unknown()),
          findings: z.array(finding),
          agencyIds: z.array(z.string()),
          watermark,
        }),
        {
          agencyId: 'hz-psb',
          year: 2020,
          scope: 'own',
          format: '2019',
          tables: { requests: { received: { natural_person: 5, legal_service: 0, total: 5 } } },
          extras: { requestsByChannel: { online: 4, letter: 1 } },
          findings: [
            {
              ruleId: 'requests.other-share',
              severity: 'warning',
              message:
                '其他处理1件，占办理结果9件的11.1%，超过10%：原则上所有申请都应当按照法定的处理方式作出处理',
              cells: [],
            },
          ],
          agencyIds: ['hz-psb'],
          watermark: WATERMARK,
        },
      ),
    },
    errors: { 404: 'no statistics of hz-psb for 2020 yet (the nightly computes them)' },
  },
  'GET /v1/agencies/{id}/deadlines': {
    responses: {
      200: json(
        "every request's legal reply limit (条例 第三十、三十三条) on the working-day calendar",
        z.looseObject({
          agencyId: z.string(),
          asOf: z.string(),
          requests: z.array(
            z.looseObject({
              requestId: z.string(),
              receivedOn: z.string(),
              dueOn: z.string(),
              status: z.string(),
              workingDaysLeft: z.int().nullable(),
            }),
          ),
        }),
        {
          agencyId: 'hz-psb',
          asOf: '2021-01-15',
          requests: [
            {
              agencyId: 'hz-psb',
              requestId: 'YSQ-2020-0001',
              receivedOn: '2020-12-28',
              dueOn: '2021-01-26',
              status: 'open',
              workingDaysLeft: 7,
            },
          ],
        },
      ),
    },
    errors: { 404: 'no deadlines of hz-psb yet (the nightly computes them)' },
  },
  'PUT /v1/agencies/{id}/template': {
    body: {
      description:
        'a report template (docs/templates.md): sections of slots, text with placeholders, tables, charts',
      schema: templateSchema,
      example: {
        id: 'hz-psb-short',
        name: '简版年度报告',
        slots: [{ id: 'intro', label: '开篇', required: true, guidance: '概述本年度工作。' }],
        sections: [
          {
            id: 'overview',
            heading: '一、总体情况',
            blocks: [
              { type: 'slot', slot: 'intro' },
              { type: 'text', text: '本年共收到政府信息公开申请{{requests.received.total}}件。' },
            ],
          },
        ],
      },
    },
    responses: {
      201: json('the assignment, now in force for every year', templateRecord, {
        agencyId: 'hz-psb',
        version: 2,
        template: { id: 'hz-psb-short', name: '简版年度报告' },
        sha256: SHA_V2,
        savedAt: AT,
        keyId: 'k_e8dcd2a95e0c2c81',
      }),
    },
    errors: { 400: 'the template is not valid: see issues (every field path at fault)' },
  },
  'GET /v1/agencies/{id}/template': {
    query: {
      year: { description: 'the report year (default: this year)', schema: z.string().regex(/^\d{4}$/) },
    },
    responses: {
      200: json(
        "the template in force for the year: its slots (the narrative's fields), sections and source",
        z.looseObject({
          agencyId: z.string(),
          year: z.int(),
          template: z.looseObject({
            id: z.string(),
            name: z.string(),
            slots: z.array(z.looseObject({ id: z.string() })),
          }),
          sha256: sha256,
          source: z.enum(['agency', 'national']),
          assignment: z.int().nullable(),
        }),
        {
          agencyId: 'hz-psb',
          year: 2020,
          template: {
            id: 'hz-psb',
            name: '杭州市公安局年度报告（八部分）',
            slots: [
              {
                id: 'intro',
                label: '开篇',
                required: true,
                guidance: '概述本年度贯彻落实《条例》的总体思路。',
              },
            ],
          },
          sha256: 'dbf3613ade0626ff6ab0a032a42df320847e307851e9a6b5edca296ff3057149',
          source: 'agency',
          assignment: 1,
        },
      ),
    },
  },
  'DELETE /v1/agencies/{id}/template': {
    responses: {
      201: json('the assignment of the national template', templateRecord, {
        agencyId: 'hz-psb',
        version: 3,
        template: null,
        sha256: null,
        savedAt: AT,
      }),
    },
  },
  'PUT /v1/agencies/{id}/reports/{year}/narrative': {
    body: {
      description:
        'the text of each slot of the template in force (GET …/template?year=YYYY lists them: id, label, kind, required, guidance); a field that is not a slot is a 400',
      schema: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.string().max(10_000)),
      example: {
        written_on: '2021-01-15',
        intro: '2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。现将有关情况报告如下：',
        other_matters: '无。',
      },
    },
    responses: {
      201: json(
        'the saved narrative version (the next generate uses the latest)',
        narrativeRecord,
        narrativeExample(1),
      ),
    },
    errors: { 400: 'a field that is not a slot of the template in force, or text too long' },
  },
  'POST /v1/agencies/{id}/reports/{year}/generate': {
    responses: {
      201: json(
        'the new version; `files` is its route (GET), listing every file with its download route',
        z.object({
          agencyId: z.string(),
          year: z.int(),
          version: z.int(),
          draft: z.boolean(),
          draftReasons: z.array(z.enum(['errors', 'year-published'])),
          findings: findingsCount,
          amendments: z.int().nullable(),
          manifestKey: z.string(),
          manifestSha256: sha256,
          files: z.string(),
        }),
        {
          agencyId: 'hz-psb',
          year: 2020,
          version: 2,
          draft: false,
          draftReasons: [],
          findings: { errors: 0, warnings: 1 },
          amendments: null,
          manifestKey: 'reports/hz-psb/2020/v2/manifest.json',
          manifestSha256: SHA_V2,
          files: `${REPORT_2020}/versions/2`,
        },
      ),
    },
    errors: {
      400: 'Gongkai prints reports from 2019 on',
      404: 'no statistics of hz-psb for 2020 yet (the nightly computes them)',
    },
  },
  'POST /v1/agencies/{id}/reports/{year}/publish': {
    body: {
      description: 'the version to publish',
      schema: z.strictObject({ version: z.int().min(1) }),
      example: { version: 2 },
    },
    responses: {
      201: json('published: the year is locked', publishOutcome(), {
        publication: PUBLICATION,
        created: true,
      }),
      200: json('this version was published before (a retry)', publishOutcome(), {
        publication: PUBLICATION,
        created: false,
      }),
    },
    errors: {
      400: 'send {"version": n}',
      404: 'hz-psb 2020 has no version 9',
      409: '2020 is published already (version 2 is current): … correct it: POST /v1/agencies/hz-psb/reports/2020/corrections {"version": n, "reason": "…"}',
    },
  },
  'GET /v1/agencies/{id}/reports/{year}/versions': {
    responses: {
      200: json(
        'the versions, newest first: all with a key of the agency; without, the published ones (current and corrected)',
        z.object({
          agencyId: z.string(),
          year: z.int(),
          publication: z
            .object({
              version: z.int(),
              publishedAt: isoTime,
              currentVersion: z.int(),
              corrections: z.array(
                z.object({ version: z.int(), corrects: z.int(), reason: z.string(), correctedAt: isoTime }),
              ),
            })
            .nullable(),
          versions: z.array(versionSummary),
          truncated: z.boolean(),
        }),
        {
          agencyId: 'hz-psb',
          year: 2020,
          publication: {
            version: 2,
            publishedAt: AT,
            currentVersion: 3,
            corrections: [{ version: 3, corrects: 2, reason: REASON, correctedAt: CORRECTION.correctedAt }],
          },
          versions: [
            V3_SUMMARY,
            {
              ...V3_SUMMARY,
              version: 2,
              current: false,
              correctedBy: 3,
              correction: null,
              findings: { errors: 0, warnings: 1 },
              amendments: null,
            },
          ],
          truncated: false,
        },
      ),
    },
  },
  'GET /v1/agencies/{id}/reports/{year}/versions/{v}': {
    responses: {
      200: json(
        "the version's summary, what it was generated from, and each file with its size, sha256 and download route",
        versionSummary.extend({
          agencyId: z.string(),
          agencyName: z.string(),
          year: z.int(),
          formatVersion: z.enum(['2019', '2021']),
          template: z.looseObject({ id: z.string(), name: z.string(), sha256 }),
          narrativeVersion: z.int().nullable(),
          watermark,
          corrects: z.object({ version: z.int(), manifestSha256: sha256 }).nullable(),
          artifacts: z.array(
            z.object({
              name: fileName,
              contentType: z.string(),
              size: z.int(),
              sha256,
              download: z.string(),
            }),
          ),
        }),
        {
          agencyId: 'hz-psb',
          agencyName: '杭州市公安局',
          year: 2020,
          ...V3_SUMMARY,
          formatVersion: '2019',
          template: {
            id: 'hz-psb',
            name: '杭州市公安局年度报告（八部分）',
            sha256: SHA_V2,
            source: 'agency',
            assignment: 1,
          },
          narrativeVersion: 1,
          watermark: CORRECTION.watermark,
          corrects: { version: 2, manifestSha256: SHA_V2 },
          artifacts: [
            {
              name: 'report.docx',
              contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              size: 17711,
              sha256: '9a4ad29ce87b535843a43b04e2a8983e86b5e60002bb41c73dc2e4480c35eef5',
              download: `${REPORT_2020}/versions/3/report.docx`,
            },
          ],
        },
      ),
    },
    errors: {
      401: 'version 4 of hz-psb 2020 is not published: only a key of hz-psb may read it',
      403: 'version 4 of hz-psb 2020 is not published: this API key may not read it',
      404: 'hz-psb 2020 has no version 9',
    },
  },
  'GET /v1/agencies/{id}/reports/{year}/versions/{v}/{artifact}': {
    responses: {
      302: {
        ...json(
          'to a signed, short-lived link (GONGKAI_DOWNLOAD_LINK_TTL_SECONDS) that downloads the file under its Chinese name',
          z.object({ url: z.string(), expiresAt: isoTime, fileName: z.string() }),
          {
            url: SIGNED_URL,
            expiresAt: '2021-02-01T02:15:00.000Z',
            fileName: '杭州市公安局2020年政府信息公开工作年度报告.docx',
          },
        ),
        headers: { location: 'the signed link (the same as `url`)' },
      },
      200: json(
        'with `Accept: application/json`: the same link as JSON, no redirect (a page cannot follow a redirect to another origin usefully; the console then navigates to `url`)',
        z.object({ url: z.string(), expiresAt: isoTime, fileName: z.string() }),
        {
          url: SIGNED_URL,
          expiresAt: '2021-02-01T02:15:00.000Z',
          fileName: '杭州市公安局2020年政府信息公开工作年度报告.docx',
        },
      ),
    },
    errors: {
      401: 'version 4 of hz-psb 2020 is not published: only a key of hz-psb may read it',
      403: 'version 4 of hz-psb 2020 is not published: this API key may not read it',
      404: 'no such file: the files of a version are report.xlsx, report.html, report.docx, findings.html, statistics.json, manifest.json',
    },
  },
  'GET /v1/me': {
    responses: {
      200: json(
        "the key's id and its registered agencies, parents before their children (the console's sign-in and agency list)",
        z.object({
          keyId: z.string(),
          agencies: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().optional() })),
        }),
        {
          keyId: 'k_e8dcd2a95e0c2c81',
          agencies: [
            { id: 'hz-psb', name: '杭州市公安局' },
            { id: 'hz-psb-xh', name: '杭州市公安局西湖区分局', parentId: 'hz-psb' },
          ],
        },
      ),
    },
  },
  'GET /v1/agencies/{id}/reports/{year}/narrative': {
    responses: {
      200: json(
        'the latest saved narrative (what the next generate uses)',
        narrativeRecord,
        narrativeExample(2),
      ),
    },
    errors: { 404: 'no narrative of hz-psb for 2020 has been saved yet' },
  },
  'GET /v1/agencies/{id}/reports/{year}/preview/{v}': {
    responses: {
      200: {
        ...page(
          "a version's report.html as stored, for the console's preview (`content-security-policy: sandbox`: opened by itself it runs nothing)",
          '<!DOCTYPE html><html lang="zh-CN">…<h1>杭州市公安局2020年度政府信息公开工作报告</h1>…</html>',
        ),
        headers: { 'content-security-policy': '`sandbox`' },
      },
    },
    errors: { 404: 'hz-psb 2020 has no version 9' },
  },
  'GET /': {
    query: {
      q: {
        description: "finds agencies by name (theirs or their parent agency's), or id",
        schema: z.string(),
      },
    },
    responses: {
      200: page(
        'every published report (agency, year, date), grouped by parent agency',
        '<!doctype html><html lang="zh-CN">…<h1>政府信息公开工作年度报告</h1>…</html>',
      ),
    },
  },
  'GET /reports/{id}/{year}': {
    responses: {
      200: page(
        'the current published version: the report itself, its files with size and sha256, its versions and 更正说明',
        '<!doctype html><html lang="zh-CN">…<article class="report-box" aria-label="报告全文">…</article>…</html>',
      ),
    },
    errors: { 404: 'not published (an HTML page in Chinese saying so)' },
  },
  'GET /agencies/{id}': {
    query: {
      year: {
        description: 'the report year compared (default: the latest a child published)',
        schema: z.string(),
      },
    },
    responses: {
      200: page(
        "the agency's children side by side from their published statistics, and how each share is computed",
        '<!doctype html><html lang="zh-CN">…<table class="data compare">…</table>…</html>',
      ),
    },
    errors: { 404: 'no such agency, or no such year (an HTML page in Chinese)' },
  },
  'GET /console': {
    responses: {
      200: page(
        "the officer console's index.html (no-cache)",
        '<!doctype html><html lang="zh-CN">…<script type="module" src="/console/assets/main-…js"></script>…</html>',
      ),
    },
    errors: { 503: 'the console is not built (an HTML page in Chinese)' },
  },
  'GET /console/assets/{file}': {
    responses: {
      200: {
        description:
          'a fingerprinted file of the console (JavaScript, CSS, …), cached for a year (immutable)',
        schema: { type: 'string' },
        example: 'var e=…',
        contentType: 'text/javascript; charset=utf-8',
      },
    },
    errors: { 404: 'no such file (an HTML page in Chinese)' },
  },
  'GET /{path+}': {
    responses: {
      301: {
        description: '`/console/` is the console at `/console`',
        headers: { location: 'where it is: `/console`' },
      },
    },
    errors: { 404: "no such page: the site's page in Chinese, or under `/v1/` the JSON error of the API" },
  },
  'GET /v1/health': {
    responses: {
      200: json(
        'everything is up',
        z.looseObject({ status: z.literal('ok'), queue: z.looseObject({}), nextNightly: isoTime.nullable() }),
        {
          status: 'ok',
          dataDir: '.gongkai',
          startupMs: 13975,
          queue: { visible: 0, inFlight: 0, deadLetters: 0 },
          nextNightly: '2021-01-15T18:00:00.000Z',
        },
      ),
    },
    errors: { 503: 'starting: the demo data is loading' },
  },
  'POST /v1/admin/nightly': {
    responses: {
      200: json(
        'the nightly ran: the agencies it processed',
        z.looseObject({ processed: z.array(z.string()), complete: z.boolean() }),
        {
          startedAt: '2021-01-15T02:12:47.707Z',
          finishedAt: '2021-01-15T02:12:49.223Z',
          rounds: 1,
          dispatched: 1,
          processed: ['hz-psb'],
          pending: [],
          complete: true,
        },
      ),
    },
  },
  'POST /v1/admin/queue': {
    body: {
      description:
        'a message as a trusted producer sends it to the ingest queue: one event or `{"events": [...]}`',
      schema: { $ref: '#/components/schemas/Events' },
      example: EVENT,
    },
    responses: {
      202: json(
        'queued (written and fsynced); the ingest-queue handler stores it',
        z.object({ messageId: z.string() }),
        {
          messageId: '0b9f0a44-7f1c-4a52-9a43-1f1c0f0b3c55',
        },
      ),
    },
    errors: {
      400: 'the message is empty: send one event or {"events": [...]} as JSON',
      413: 'a message holds at most 1 MiB',
    },
  },
  'GET /v1/admin/queue': {
    responses: {
      200: json(
        "the ingest queue's depth and its dead letters",
        z.object({
          visible: z.int(),
          inFlight: z.int(),
          deadLetters: z.array(
            z.object({ messageId: z.string(), receiveCount: z.int(), reason: z.string().optional() }),
          ),
        }),
        { visible: 0, inFlight: 0, deadLetters: [] },
      ),
    },
  },
  'POST /v1/agencies/{id}/reports/{year}/corrections': {
    body: {
      description:
        'the version to publish in place of the current one (generated against it, without errors) and the reason (更正说明, shown on the public page)',
      schema: z.strictObject({ version: z.int().min(1), reason: z.string().min(1).max(2000) }),
      example: { version: 3, reason: REASON },
    },
    responses: {
      201: json('corrected: the version is current, the earlier ones stay readable', correctionOutcome(), {
        correction: CORRECTION,
        publication: { ...PUBLICATION, corrections: [CORRECTION] },
        created: true,
      }),
      200: json(
        'this correction was recorded before (a retry: same version and reason)',
        correctionOutcome(),
        {
          correction: CORRECTION,
          publication: { ...PUBLICATION, corrections: [CORRECTION] },
          created: false,
        },
      ),
    },
    errors: {
      400: 'send {"version": n, "reason": "…"}: reason must not be empty',
      404: 'hz-psb 2020 has no version 9',
      409: 'version 4 was generated against version 2, but version 3 is current: generate again, then correct with the new version',
    },
  },
  'GET /v1/openapi.json': {
    responses: {
      200: json(
        'this document (OpenAPI 3.1), cached for 5 minutes',
        z.looseObject({ openapi: z.literal('3.1.0') }),
        {
          openapi: '3.1.0',
          info: { title: 'Gongkai API', version: 'v1' },
        },
      ),
      304: { description: 'not modified (If-None-Match)' },
    },
  },
};

function ingestAnswer() {
  return z.object({
    summary: z.record(z.enum(['accepted', 'duplicate', 'rejected', 'conflict', 'forbidden']), z.int()),
    results: z.array(
      z.object({
        index: z.int(),
        status: z.enum(['accepted', 'duplicate', 'rejected', 'conflict', 'forbidden']),
        eventId: z.string().optional(),
        agencyId: z.string().optional(),
        issues: z.array(fieldIssue).optional(),
        message: z.string().optional(),
      }),
    ),
  });
}

function publishOutcome() {
  return z.object({ publication: publicationRecord, created: z.boolean() });
}

function correctionOutcome() {
  return z.object({ correction: correctionRecord, publication: publicationRecord, created: z.boolean() });
}

// ── The document ───────────────────────────────────────────────────────────────────────────────────────

/** The path parameters the routes use: a path with another one fails the build (and its test). */
const PATH_PARAMETERS: Readonly<Record<string, { description: string; schema: JsonSchema }>> = {
  id: { description: 'the agency id', schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } },
  year: { description: 'the report year (2019 on)', schema: { type: 'string', pattern: '^\\d{4}$' } },
  v: { description: 'a version number (3 or v3)', schema: { type: 'string', pattern: '^v?[1-9]\\d{0,8}$' } },
  artifact: { description: 'a file of the version', schema: { type: 'string', enum: fileName.options } },
  // API Gateway's greedy variable (its own OpenAPI exports name it so): the rest of the path.
  'path+': {
    description: 'the rest of the path (one or more characters)',
    schema: { type: 'string', minLength: 1 },
  },
  file: {
    description: "a fingerprinted file name of the console's build (`main-<hash>.js`)",
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$' },
  },
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'the request is not valid (every field path at fault in `issues`)',
  401: 'no valid API key',
  403: 'the key may not act for this agency (or the request came from another origin)',
  404: 'not found',
  409: 'a conflict with the stored state',
  413: 'too large',
  422: 'refused: see the field issues',
  500: 'an internal error (never with details)',
  503: 'not ready',
};

const ERROR_CODE_OF: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_argument',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'invalid_argument',
  500: 'internal',
  503: 'unavailable',
};

function toSchema(source: SchemaSource, io: 'input' | 'output'): JsonSchema {
  if (!(source instanceof z.ZodType)) return source;
  const { $schema: _dialect, ...schema } = z.toJSONSchema(source, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    io,
  }) as JsonSchema;
  return schema;
}

function content(item: Content, io: 'input' | 'output') {
  return {
    [item.contentType ?? 'application/json']: { schema: toSchema(item.schema, io), example: item.example },
  };
}

function errorAnswer(status: number, message: string) {
  return {
    description: STATUS_TEXT[status] ?? 'an error',
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Error' },
        example: { error: { status, code: ERROR_CODE_OF[status] ?? 'internal', message } },
      },
    },
  };
}

function operation(route: Route, doc: RouteDoc) {
  const names = [...route.path.matchAll(/\{(\w+\+?)\}/g)].map((m) => m[1] as string);
  const parameters = [
    ...names.map((name) => {
      const known = PATH_PARAMETERS[name];
      if (!known) throw new Error(`${routeKey(route)}: no documentation of the path parameter {${name}}`);
      return { name, in: 'path', required: true, ...known };
    }),
    ...Object.entries(doc.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      required: false,
      description: q.description,
      schema: toSchema(q.schema, 'input'),
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(doc.responses)) {
    if (!answer) continue;
    responses[status] = {
      description: answer.description,
      ...(answer.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(answer.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
      ...(answer.schema ? { content: content(answer as Content, 'output') } : {}),
    };
  }
  const errors: Record<number, string | undefined> = { ...doc.errors };
  if (route.auth === 'required') {
    errors[401] ??= 'no API key: send "Authorization: Bearer gk_…"';
    errors[403] ??= 'this API key may not act for agency "hz-psb"';
  }
  errors[500] = 'internal error';
  for (const [status, message] of Object.entries(errors)) {
    if (message !== undefined) responses[status] = errorAnswer(Number(status), message);
  }
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\+?\}/g, '_$1').replace(/[^a-zA-Z0-9_]+/g, '_')}`,
    summary: route.description,
    tags: [route.function],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            description: doc.body.description,
            content: content(doc.body, 'input'),
          },
        }
      : {}),
    responses,
    security: SECURITY[route.auth],
    ...('localOnly' in route ? { 'x-gongkai-local-only': true } : {}),
  };
}

const SECURITY: Readonly<Record<Route['auth'], readonly Record<string, never[]>[]>> = {
  required: [{ apiKey: [] }],
  // Anonymous or with a key: an empty requirement is "none".
  optional: [{}, { apiKey: [] }],
  none: [],
};

/** The OpenAPI 3.1 document of every route of the table. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const doc = ROUTE_DOCS[routeKey(route) as DocumentedRouteKey];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route, doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gongkai API',
      version: 'v1',
      description:
        '政府信息公开工作年度报告 computed from events: the event contract (docs/contract.md), statistics, report versions, publication and corrections. Routes marked x-gongkai-local-only are served by `npm start` only.',
    },
    servers: [{ url: '/', description: 'this API (npm start: http://127.0.0.1:3000)' }],
    paths,
    components: {
      schemas: {
        Error: toSchema(errorSchema, 'output'),
        Event: toSchema(eventSchema, 'input'),
        Events: {
          description: 'one event, or a batch of them',
          oneOf: [
            { $ref: '#/components/schemas/Event' },
            {
              type: 'object',
              properties: {
                events: {
                  type: 'array',
                  items: { $ref: '#/components/schemas/Event' },
                  minItems: 1,
                  maxItems: 500,
                },
              },
              required: ['events'],
              additionalProperties: false,
            },
          ],
        },
      },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'an agency API key, `gk_…` (gongkai keys create)',
        },
      },
    },
  };
}
