/**
 * The public site and the officer console's files, as routes of the HTTP API (shared/http/routes.ts,
 * function `site`, no key: nothing here reads one). Every answer carries the security headers of
 * headers.ts; errors are pages in Chinese, never the API's JSON, and never say more than "not found" or
 * "unavailable".
 *
 *   GET /                           every published report, grouped by parent agency; `?q=` finds by name
 *   GET /reports/{id}/{year}        the current published version: the report itself, files, history
 *   GET /agencies/{id}?year=        a parent agency's children compared from their published figures
 *   GET /console                    the console's index.html (no-cache: it names the current assets)
 *   GET /console/assets/{file}      a fingerprinted asset (immutable, a year)
 *
 * Why routes of the API and not a CDN in front of a bucket: docs/deploy.md.
 */
import { fileURLToPath } from 'node:url';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { createS3 } from '../../shared/adapters/clients.ts';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { S3ArtifactStore } from '../../shared/adapters/s3-artifact-store.ts';
import { AppError, notFound, publicError } from '../../shared/errors.ts';
import {
  type HttpEvent,
  type HttpResult,
  json,
  type PathRouteHandler,
  pathRoutedHandler,
} from '../../shared/http/api.ts';
import type { RouteKeyOf } from '../../shared/http/routes.ts';
import type { Logger } from '../../shared/ports.ts';
import { agencyRef, reportRef } from '../../shared/use-cases/generate-manifest.ts';
import {
  parentComparison,
  publicReport,
  publishedIndex,
  type SiteReadDeps,
} from '../../shared/use-cases/public-site.ts';
import { consoleAsset, consoleIndex } from './console-files.ts';
import { CACHE, CONSOLE_CSP, pageCsp, siteHeaders } from './headers.ts';
import { messagePage } from './layout.ts';
import { agencyPage, indexPage, reportPage } from './pages.ts';

export interface SiteDeps {
  /** The published records and artifacts the pages read (never a draft). */
  readonly read: SiteReadDeps;
  /** The built console: index.html and assets/ (scripts/build-console.ts). */
  readonly consoleDir: string;
  readonly log: Logger;
}

/** `?year=YYYY`, or undefined when absent; an invalid one is a 404 (no such page). */
function yearParameter(event: HttpEvent, agencyId: string): number | undefined {
  const year = event.queryStringParameters?.year;
  return year === undefined || year === '' ? undefined : reportRef(agencyId, year).year;
}

type RouteHandler = PathRouteHandler<SiteDeps>;

const HTML = 'text/html; charset=utf-8';

/** A server-rendered page with its policy computed from it. */
export function htmlPage(statusCode: number, body: string, cacheControl: string = CACHE.page): HttpResult {
  return { statusCode, headers: siteHeaders(HTML, cacheControl, pageCsp(body)), body };
}

const NOT_FOUND_TITLE = '页面不存在';

export const notFoundPage = (message = '您访问的页面不存在，或报告尚未发布。') =>
  htmlPage(404, messagePage(NOT_FOUND_TITLE, message), CACHE.none);

/** The dispatch map: one entry per route of this function in shared/http/routes.ts, by its key. */
export const SITE_ROUTES: Readonly<Record<RouteKeyOf<'site'>, RouteHandler>> = {
  'GET /': async (deps, event) => {
    const index = await publishedIndex(deps.read, event.queryStringParameters?.q ?? '');
    return htmlPage(200, indexPage(index));
  },
  'GET /reports/{id}/{year}': async (deps, _event, params) => {
    const ref = reportRef(params.id, params.year);
    const report = await publicReport(deps.read, ref);
    if (!report) {
      const agency = await deps.read.agencies.get(ref.agencyId);
      return notFoundPage(
        agency
          ? `${agency.name}的${ref.year}年政府信息公开工作年度报告尚未发布。`
          : `没有机关 ${ref.agencyId}，或其${ref.year}年报告尚未发布。`,
      );
    }
    return htmlPage(200, reportPage(report));
  },
  'GET /agencies/{id}': async (deps, event, params) => {
    const agencyId = agencyRef(params.id);
    const year = yearParameter(event, agencyId);
    const comparison = await parentComparison(deps.read, { agencyId, ...(year ? { year } : {}) });
    if (!comparison) return notFoundPage('没有这个机关。');
    return htmlPage(200, agencyPage(comparison));
  },
  'GET /console': async (deps) => {
    const index = await consoleIndex(deps.consoleDir);
    if (index === undefined) {
      deps.log.error('the console is not built', { consoleDir: deps.consoleDir });
      return htmlPage(503, messagePage('工作台暂不可用', '工作台尚未构建，请稍后再试。'), CACHE.none);
    }
    return { statusCode: 200, headers: siteHeaders(HTML, CACHE.revalidate, CONSOLE_CSP), body: index };
  },
  'GET /console/assets/{file}': async (deps, _event, params) => {
    const file = await consoleAsset(deps.consoleDir, params.file ?? '');
    if (!file) return notFoundPage('工作台没有这个文件。');
    return {
      statusCode: 200,
      headers: siteHeaders(file.contentType, CACHE.immutable, CONSOLE_CSP),
      body: file.body,
      isBase64Encoded: file.base64,
    };
  },
  'GET /{path+}': async (_deps, event, params) => {
    const path = params.path ?? '';
    if (path === 'console/')
      return {
        statusCode: 301,
        headers: { ...siteHeaders(HTML, CACHE.none, CONSOLE_CSP), location: '/console' },
        body: '',
      };
    // The API's own paths keep the API's error model.
    if (path === 'v1' || path.startsWith('v1/'))
      return json(404, publicError(notFound(`no route ${event.routeKey.split(' ')[0]} /${path}`)));
    return notFoundPage();
  },
};

/** Errors as pages: a 4xx says what (not found, bad request), anything else says only "unavailable". */
function siteErrors(log: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      if (request.response !== undefined && request.response !== null) return;
      const error = request.error;
      const route = request.event?.routeKey;
      if (error instanceof AppError && error.expose && error.statusCode < 500) {
        log.info('request refused', { route, status: error.statusCode, code: error.code });
        request.response =
          error.statusCode === 404
            ? notFoundPage()
            : htmlPage(error.statusCode, messagePage('请求有误', '请求的地址或参数不正确。'), CACHE.none);
        return;
      }
      log.error('request failed', { route, error });
      request.response = htmlPage(
        503,
        messagePage('暂时无法访问', '服务暂时不可用，请稍后再试。'),
        CACHE.none,
      );
    },
  };
}

export function createSiteHandler(deps: SiteDeps) {
  return pathRoutedHandler(siteErrors(deps.log), SITE_ROUTES, deps);
}

/** On Lambda the console is bundled beside the handler (infra/pipeline-function.ts, afterBundling). */
const BUNDLED_CONSOLE_DIR = fileURLToPath(new URL('./console', import.meta.url));

let instance: ReturnType<typeof createSiteHandler> | undefined;

export const handler = lambdaLogContext((event: HttpEvent, context: Context) => {
  if (!instance) {
    const { config, stores } = defaultStores();
    instance = createSiteHandler({
      read: {
        agencies: stores.agencies,
        reports: stores.reports,
        artifacts: new S3ArtifactStore(createS3(config), config.buckets.artifacts),
        clock: () => new Date(),
      },
      consoleDir: config.consoleDir ?? BUNDLED_CONSOLE_DIR,
      log: createLogger(),
    });
  }
  return instance(event, context);
});
