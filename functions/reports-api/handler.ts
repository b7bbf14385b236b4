/**
 * The reports routes of the HTTP API (shared/http/routes.ts), dispatched by routeKey:
 *
 *   PUT    /v1/agencies/{id}/template                              key of the agency → 201 the assignment (a template document)
 *   DELETE /v1/agencies/{id}/template                              key of the agency → 201 back to the national default
 *   GET    /v1/agencies/{id}/template?year=YYYY                    key of the agency → the template in force
 *   PUT  /v1/agencies/{id}/reports/{year}/narrative                 key of the agency → 201 the saved version
 *                                                                   (the slots of the template in force)
 *   GET  /v1/agencies/{id}/reports/{year}/narrative                 key of the agency → the latest saved (404: none)
 *   GET  /v1/agencies/{id}/reports/{year}/preview/{v}               key of the agency → the version's report.html
 *   POST /v1/agencies/{id}/reports/{year}/publish  {"version": n}   key of the agency → 200 / 201, locks the year
 *   GET  /v1/agencies/{id}/reports/{year}/versions                  key optional: anonymous sees the published one
 *   POST /v1/agencies/{id}/reports/{year}/corrections {"version": n, "reason": "…"}
 *                                                                   key of the agency → 200 / 201, a correction (更正)
 *   GET  /v1/agencies/{id}/reports/{year}/versions/{v}              key optional for a published version → its files
 *   GET  /v1/agencies/{id}/reports/{year}/versions/{v}/{artifact}   key optional for a published version
 *                                                                   → 302 to a signed S3 link (+ JSON {url, expiresAt});
 *                                                                   with Accept: application/json → 200 the JSON
 *   GET  /v1/openapi.json                                           the API document (shared/http/openapi.ts): this
 *                                                                   function serves the public reads and carries zod already
 *
 * (POST …/generate is served by functions/generator.) The key-optional routes sit behind the authorizer
 * without an identity source, so every request reaches it and the verdict comes in the context.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { createS3 } from '../../shared/adapters/clients.ts';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { S3ArtifactStore } from '../../shared/adapters/s3-artifact-store.ts';
import { tracedClients } from '../../shared/adapters/tracing.ts';
import { forbidden } from '../../shared/errors.ts';
import {
  type Caller,
  callerOf,
  type HttpEvent,
  httpErrors,
  json,
  type PathRouteHandler,
  pathRoutedHandler,
  readBody,
} from '../../shared/http/api.ts';
import { openApiDocument } from '../../shared/http/openapi.ts';
import type { RouteKeyOf } from '../../shared/http/routes.ts';
import type { ArtifactStore, Clock, Logger, ReportRecords } from '../../shared/ports.ts';
import {
  downloadLink,
  listVersions,
  type Reader,
  reportHtml,
  versionDetail,
} from '../../shared/use-cases/download.ts';
import {
  agencyRef,
  parseDownloadName,
  parseVersion,
  reportRef,
} from '../../shared/use-cases/generate-manifest.ts';
import { latestNarrative, parseNarrative, saveNarrative } from '../../shared/use-cases/narrative.ts';
import {
  correctPublication,
  parseCorrectionBody,
  parsePublishBody,
  publishVersion,
} from '../../shared/use-cases/publish.ts';
import { assignTemplate, parseTemplate, templateInForce } from '../../shared/use-cases/templates.ts';

export interface ReportsApiDeps {
  readonly artifacts: ArtifactStore;
  readonly reports: ReportRecords;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long a download link is valid (GONGKAI_DOWNLOAD_LINK_TTL_SECONDS). */
  readonly linkTtlSeconds: number;
}

/** A key of this agency, or 403. */
export function requireAgency(caller: Caller, agencyId: string): void {
  if (!caller.agencyIds.has(agencyId)) {
    throw forbidden(
      `this API key may not act for agency "${agencyId}" (it may for: ${[...caller.agencyIds].join(', ') || 'none'})`,
    );
  }
}

/** The authorizer's verdict on a key-optional route: a key, or anonymous with the reason. */
export function readerOf(event: HttpEvent): Reader {
  const context = event.requestContext?.authorizer?.lambda;
  if (context?.authenticated === 'true' && context.keyId) {
    const agencyIds = new Set((context.agencyIds ?? '').split(',').filter((id) => id !== ''));
    return { kind: 'key', keyId: context.keyId, agencyIds };
  }
  return { kind: 'anonymous', reason: context?.reason ?? 'no API key: send "Authorization: Bearer gk_…"' };
}

/** Whether the caller asked for JSON (`Accept: application/json`) rather than the redirect. */
function acceptsJson(event: HttpEvent): boolean {
  const accept = event.headers?.accept ?? event.headers?.Accept ?? '';
  return accept.split(',').some((type) => type.split(';')[0]?.trim().toLowerCase() === 'application/json');
}

type RouteHandler = PathRouteHandler<ReportsApiDeps>;

/** The dispatch map: one entry per route of this function in shared/http/routes.ts, by its key. */
export const REPORTS_ROUTES: Readonly<Record<RouteKeyOf<'reports-api'>, RouteHandler>> = {
  'PUT /v1/agencies/{id}/template': async (deps, event, params) => {
    const caller = callerOf(event);
    const agencyId = agencyRef(params.id);
    requireAgency(caller, agencyId);
    const template = parseTemplate(readBody(event).text);
    const record = await assignTemplate(deps, { agencyId, template, keyId: caller.keyId });
    deps.log.info('template assigned', { agencyId, template: template.id, version: record.version });
    return json(201, record);
  },
  'DELETE /v1/agencies/{id}/template': async (deps, event, params) => {
    const caller = callerOf(event);
    const agencyId = agencyRef(params.id);
    requireAgency(caller, agencyId);
    const record = await assignTemplate(deps, { agencyId, template: null, keyId: caller.keyId });
    deps.log.info('template reset to the national default', { agencyId, version: record.version });
    return json(201, record);
  },
  'GET /v1/agencies/{id}/template': async (deps, event, params) => {
    const caller = callerOf(event);
    const agencyId = agencyRef(params.id);
    requireAgency(caller, agencyId);
    const query = event.queryStringParameters?.year;
    const { year } = reportRef(agencyId, query ?? String(deps.clock().getUTCFullYear()));
    return json(200, { agencyId, year, ...(await templateInForce(deps, agencyId, year)) });
  },
  'PUT /v1/agencies/{id}/reports/{year}/narrative': async (deps, event, params) => {
    const caller = callerOf(event);
    const { agencyId, year } = reportRef(params.id, params.year);
    requireAgency(caller, agencyId);
    const { template } = await templateInForce(deps, agencyId, year);
    const sections = parseNarrative(readBody(event).text, template);
    const record = await saveNarrative(deps, { agencyId, year, sections, keyId: caller.keyId });
    deps.log.info('narrative saved', { agencyId, year, version: record.version, keyId: caller.keyId });
    return json(201, record);
  },
  'GET /v1/agencies/{id}/reports/{year}/narrative': async (deps, event, params) => {
    const { agencyId, year } = reportRef(params.id, params.year);
    requireAgency(callerOf(event), agencyId);
    return json(200, await latestNarrative(deps, agencyId, year));
  },
  'GET /v1/agencies/{id}/reports/{year}/preview/{v}': async (deps, event, params) => {
    const { agencyId, year } = reportRef(params.id, params.year);
    requireAgency(callerOf(event), agencyId);
    const bytes = await reportHtml(deps, { agencyId, year, version: parseVersion(params.v) });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // Opened by itself, the page runs nothing and has an origin of its own.
        'content-security-policy': 'sandbox',
        'x-content-type-options': 'nosniff',
      },
      body: Buffer.from(bytes).toString('utf8'),
    };
  },
  'POST /v1/agencies/{id}/reports/{year}/publish': async (deps, event, params) => {
    const caller = callerOf(event);
    const { agencyId, year } = reportRef(params.id, params.year);
    requireAgency(caller, agencyId);
    const { version } = parsePublishBody(readBody(event).text);
    const { publication, created } = await publishVersion(deps, {
      agencyId,
      year,
      version,
      keyId: caller.keyId,
    });
    if (created) deps.log.info('report published', { agencyId, year, version, keyId: caller.keyId });
    return json(created ? 201 : 200, { publication, created });
  },
  'POST /v1/agencies/{id}/reports/{year}/corrections': async (deps, event, params) => {
    const caller = callerOf(event);
    const { agencyId, year } = reportRef(params.id, params.year);
    requireAgency(caller, agencyId);
    const { version, reason } = parseCorrectionBody(readBody(event).text);
    const outcome = await correctPublication(deps, { agencyId, year, version, reason, keyId: caller.keyId });
    if (outcome.created) {
      deps.log.info('report corrected', {
        agencyId,
        year,
        version,
        corrects: outcome.correction.corrects,
        keyId: caller.keyId,
      });
    }
    return json(outcome.created ? 201 : 200, outcome);
  },
  'GET /v1/agencies/{id}/reports/{year}/versions/{v}': async (deps, event, params) => {
    const { agencyId, year } = reportRef(params.id, params.year);
    const version = parseVersion(params.v);
    return json(200, await versionDetail(deps, { agencyId, year, version, reader: readerOf(event) }));
  },
  'GET /v1/agencies/{id}/reports/{year}/versions': async (deps, event, params) => {
    const { agencyId, year } = reportRef(params.id, params.year);
    return json(200, await listVersions(deps, { agencyId, year, reader: readerOf(event) }));
  },
  'GET /v1/agencies/{id}/reports/{year}/versions/{v}/{artifact}': async (deps, event, params) => {
    const { agencyId, year } = reportRef(params.id, params.year);
    const version = parseVersion(params.v);
    const name = parseDownloadName(params.artifact);
    const link = await downloadLink(deps, { agencyId, year, version, name, reader: readerOf(event) });
    const body = { url: link.url, expiresAt: link.expiresAt, fileName: link.fileName };
    // A page's fetch cannot follow a redirect to another origin usefully: it asks for the link as JSON.
    if (acceptsJson(event)) return json(200, body);
    return json(302, body, { location: link.url });
  },
  'GET /v1/openapi.json': async (_deps, event) => {
    const { body, etag } = apiDocumentOnce();
    const headers = { etag, 'cache-control': 'public, max-age=300' };
    if (event.headers?.['if-none-match'] === etag) return { statusCode: 304, headers, body: '' };
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
    };
  },
};

/** The API document, built once per instance (it changes only with a deployment), and its ETag. */
let apiDocument: { body: string; etag: string } | undefined;
function apiDocumentOnce() {
  if (!apiDocument) {
    const body = JSON.stringify(openApiDocument());
    apiDocument = { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
  }
  return apiDocument;
}

export function createReportsApiHandler(deps: ReportsApiDeps) {
  return pathRoutedHandler(httpErrors(deps.log), REPORTS_ROUTES, deps);
}

let instance: ReturnType<typeof createReportsApiHandler> | undefined;

export const handler = lambdaLogContext((event: HttpEvent, context: Context) => {
  if (!instance) {
    // DynamoDB traced; not the S3 client that signs download links (a trace header would be signed into them).
    const { config, stores } = defaultStores(tracedClients());
    instance = createReportsApiHandler({
      artifacts: new S3ArtifactStore(createS3(config), config.buckets.artifacts),
      reports: stores.reports,
      clock: () => new Date(),
      log: createLogger(),
      linkTtlSeconds: config.downloadLinkTtlSeconds,
    });
  }
  return instance(event, context);
}, agencyOfEvent);
