/**
 * A worker thread that runs the ingest use case with its own SDK clients: the demo loader uses two of
 * them so that the SDK's per-request work (the larger half of a conditional put) uses both cores while
 * dynalite answers on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createClients } from '../../shared/adapters/clients.ts';
import { createStores } from '../../shared/adapters/deps.ts';
import type { Config } from '../../shared/config.ts';
import { describeError } from '../../shared/errors.ts';
import { type Envelope, type IngestScope, ingest } from '../../shared/use-cases/ingest.ts';

export interface IngestWorkerData {
  readonly config: Config;
  readonly keyId: string;
  readonly agencyIds: readonly string[];
}

export type IngestWorkerRequest = { readonly id: number; readonly envelope: Envelope } | { readonly id: -1 };

const data = workerData as IngestWorkerData;
const clients = createClients(data.config);
const deps = { ...createStores(clients.dynamodb, data.config), clock: () => new Date() };
const scope: IngestScope = { kind: 'key', keyId: data.keyId, agencyIds: new Set(data.agencyIds) };

parentPort?.on('message', (request: IngestWorkerRequest) => {
  if (!('envelope' in request)) {
    clients.destroy();
    parentPort?.close();
    return;
  }
  ingest(deps, request.envelope, scope).then(
    (report) => parentPort?.postMessage({ id: request.id, report }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: describeError(error) }),
  );
});
