/**
 * The generator: a new immutable version of one agency-year's report (xlsx, html, docx, statistics.json,
 * then manifest.json). Two ways in, one use case:
 *
 * - invoked directly (an operator: `aws lambda invoke`; nothing in the pipeline invokes it):
 *   `{"agencyId": "hz-psb", "year": 2019}` → the version's summary;
 *   a failure throws (the invoker retries; a crashed version is never reused);
 * - `POST /v1/agencies/{id}/reports/{year}/generate` through the HTTP API, with a key of the agency →
 *   201 with the version's summary.
 *
 * It carries the renderers (exceljs, docx, charts): the reports API does not.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { createS3 } from '../../shared/adapters/clients.ts';
import { defaultStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { S3ArtifactStore } from '../../shared/adapters/s3-artifact-store.ts';
import { toFieldIssues } from '../../shared/domain/contract.ts';
import { AppError, forbidden } from '../../shared/errors.ts';
import {
  callerOf,
  type HttpEvent,
  type HttpResult,
  httpErrors,
  json,
  requireApiKey,
} from '../../shared/http/api.ts';
import { dispatch, type RouteKeyOf } from '../../shared/http/routes.ts';
import type { Logger } from '../../shared/ports.ts';
import { versionPath } from '../../shared/use-cases/download.ts';
import { type GenerateDeps, type GeneratedVersion, generateReport } from '../../shared/use-cases/generate.ts';
import { reportRef } from '../../shared/use-cases/generate-manifest.ts';

export interface GeneratorDeps {
  readonly generate: GenerateDeps;
  readonly log: Logger;
}

/** What the generator answers (to an invoker, and as the HTTP body). */
export interface GeneratorResult {
  readonly agencyId: string;
  readonly year: number;
  readonly version: number;
  readonly draft: boolean;
  readonly draftReasons: readonly string[];
  readonly findings: { readonly errors: number; readonly warnings: number };
  readonly amendments: number | null;
  readonly manifestKey: string;
  readonly manifestSha256: string;
  /** The version's route: its files with sizes, sha256 and download routes. */
  readonly files: string;
}

export const generatorEvent = z.strictObject({
  agencyId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'agencyId must be 1–64 characters of a–z 0–9 -'),
  year: z.number().int('must be a whole number').min(2000).max(2099),
});
export type GeneratorEvent = z.infer<typeof generatorEvent>;

export function resultOf(generated: GeneratedVersion): GeneratorResult {
  const { manifest } = generated;
  return {
    agencyId: generated.agencyId,
    year: generated.year,
    version: generated.version,
    draft: manifest.draft,
    draftReasons: manifest.draftReasons,
    findings: { errors: manifest.findings.errors, warnings: manifest.findings.warnings },
    amendments: manifest.amendments ? manifest.amendments.count : null,
    manifestKey: generated.manifestKey,
    manifestSha256: generated.manifestSha256,
    files: versionPath(generated.agencyId, generated.year, generated.version),
  };
}

const isHttp = (event: unknown): event is HttpEvent =>
  typeof event === 'object' && event !== null && 'routeKey' in event && 'requestContext' in event;

/** The dispatch map: one entry per route of this function in shared/http/routes.ts, by its key. */
export const GENERATOR_ROUTES: Readonly<
  Record<RouteKeyOf<'generator'>, (deps: GeneratorDeps, event: HttpEvent) => Promise<HttpResult>>
> = {
  'POST /v1/agencies/{id}/reports/{year}/generate': async (deps, event) => {
    const caller = callerOf(event);
    const { agencyId, year } = reportRef(event.pathParameters?.id, event.pathParameters?.year);
    if (!caller.agencyIds.has(agencyId)) {
      throw forbidden(`this API key may not act for agency "${agencyId}"`);
    }
    const generated = await generateReport(deps.generate, { agencyId, year });
    deps.log.info('generated on demand', {
      agencyId,
      year,
      version: generated.version,
      keyId: caller.keyId,
    });
    return json(201, resultOf(generated));
  },
};

export function createGeneratorHandler(deps: GeneratorDeps) {
  const invoked = middy<GeneratorEvent, GeneratorResult>().handler(async (event) => {
    const parsed = generatorEvent.safeParse(event);
    if (!parsed.success) {
      throw new AppError(
        400,
        'invalid_argument',
        'expected {"agencyId": "…", "year": yyyy}',
        toFieldIssues(parsed.error),
      );
    }
    return resultOf(await generateReport(deps.generate, parsed.data));
  });

  const http = middy<HttpEvent, HttpResult>()
    .use(httpErrors(deps.log))
    .use(requireApiKey())
    .handler(async (event) => dispatch(GENERATOR_ROUTES, event.routeKey)(deps, event));

  return (event: GeneratorEvent | HttpEvent, context: Context): Promise<GeneratorResult | HttpResult> =>
    isHttp(event) ? http(event, context) : invoked(event, context);
}

let instance: ReturnType<typeof createGeneratorHandler> | undefined;

export const handler = lambdaLogContext((event: GeneratorEvent | HttpEvent, context: Context) => {
  if (!instance) {
    const { config, stores } = defaultStores();
    const log = createLogger();
    instance = createGeneratorHandler({
      generate: {
        agencies: stores.agencies,
        reports: stores.reports,
        events: stores.events,
        artifacts: new S3ArtifactStore(createS3(config), config.buckets.artifacts),
        clock: () => new Date(),
        log,
      },
      log,
    });
  }
  return instance(event, context);
}, agencyOfEvent);
