/**
 * The emulators, in this process: dynalite (DynamoDB; LevelDB files under a folder, or memory) and
 * s3rver (S3; files under a folder, path-style, credentials S3RVER/S3RVER). Both listen on 127.0.0.1
 * on a free port unless one is given. Close them after destroying the SDK clients that use them.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import dynalite from 'dynalite';
import S3rver from 's3rver';

export interface Emulator {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * dynalite with tables created at once (createTableMs: 0); `path` keeps the data, else memory. With
 * `thread`, it runs in a worker thread of its own: its LevelDB work and request parsing then use another
 * core than the handlers and the SDK (a first start's demo load: about half the time on two cores).
 */
export async function startDynalite(
  options: { path?: string; port?: number; thread?: boolean } = {},
): Promise<Emulator> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  if (options.thread) return dynaliteThread(options);
  const server: Server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

const DYNALITE_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require(workerData.dynalite)(workerData.options);
server.once('error', (error) => parentPort.postMessage({ error: String(error && error.message || error) }));
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => {
  server.close(() => parentPort.postMessage({ closed: true }));
  server.closeIdleConnections();
});`;

async function dynaliteThread(options: { path?: string; port?: number }): Promise<Emulator> {
  const worker = new Worker(DYNALITE_THREAD, {
    eval: true,
    workerData: {
      dynalite: createRequire(import.meta.url).resolve('dynalite'),
      port: options.port ?? 0,
      options: {
        createTableMs: 0,
        deleteTableMs: 0,
        updateTableMs: 0,
        ...(options.path ? { path: options.path } : {}),
      },
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port?: number; error?: string }) =>
      m.port === undefined ? reject(new Error(m.error ?? 'dynalite did not start')) : resolve(m.port),
    );
    worker.once('error', reject);
  }).catch(async (error) => {
    await worker.terminate();
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

export async function startS3rver(options: { directory: string; buckets: readonly string[]; port?: number }) {
  mkdirSync(options.directory, { recursive: true });
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { port } = await s3rver.run();
  const emulator: Emulator = { endpoint: `http://127.0.0.1:${port}`, close: () => s3rver.close() };
  return emulator;
}
