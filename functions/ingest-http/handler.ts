/**
 * POST /v1/events: one event or a batch {"events": [...]} (≤ 500, ≤ 1 MiB), behind the API-key
 * authorizer. Parse → ingest (scope: the key's agencies) → answer every event's status in order.
 * 200 when all are stored (accepted or duplicate), 403 / 409 / 422 when all share that failure
 * (forbidden / conflict / rejected), 207 otherwise; 400 malformed body, 401 no valid key, 413 too large.
 */
import type { Context } from 'aws-lambda';
import { defaultIngestStores } from '../../shared/adapters/deps.ts';
import { agencyOfEvent, createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { type HttpEvent, json, keyedHandler, readBody } from '../../shared/http/api.ts';
import type { Logger } from '../../shared/ports.ts';
import {
  type IngestDeps,
  type IngestOutcome,
  ingest,
  ingestOutcome,
  parseBody,
} from '../../shared/use-cases/ingest.ts';

/** 200 when every event is stored, the status of the one failure all share, 207 (multi-status) otherwise. */
const HTTP_STATUS: Readonly<Record<IngestOutcome, 200 | 207 | 403 | 409 | 422>> = {
  stored: 200,
  forbidden: 403,
  rejected: 422,
  conflict: 409,
  mixed: 207,
};

export interface IngestHttpDeps {
  readonly ingest: IngestDeps;
  readonly log: Logger;
}

export function createIngestHttpHandler(deps: IngestHttpDeps) {
  return keyedHandler(deps.log, async (event, caller) => {
    const { text, bytes } = readBody(event);
    const envelope = parseBody(text, bytes);
    const report = await ingest(deps.ingest, envelope, { kind: 'key', ...caller });
    const agencyIds = [...new Set(report.results.flatMap((r) => (r.agencyId ? [r.agencyId] : [])))].sort();
    deps.log.info('events ingested', { keyId: caller.keyId, agencyIds, ...report.summary });
    return json(HTTP_STATUS[ingestOutcome(report)], report);
  });
}

let instance: ReturnType<typeof createIngestHttpHandler> | undefined;

export const handler = lambdaLogContext((event: HttpEvent, context: Context) => {
  if (!instance) {
    const { stores } = defaultIngestStores();
    instance = createIngestHttpHandler({
      ingest: { ...stores, clock: () => new Date() },
      log: createLogger(),
    });
  }
  return instance(event, context);
}, agencyOfEvent);
