/**
 * The emulators, in this process: dynalite (DynamoDB; LevelDB files under a folder, or memory) and
 * s3rver (S3; files under a folder, path-style, credentials S3RVER/S3RVER). Both listen on 127.0.0.1
 * on a free port unless one is given. Close them after destroying the SDK clients that use them.
 * Each is loaded when it starts (in the thread that runs it), not when this module is imported.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

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
  const { default: dynalite } = await import('dynalite');
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

const OBJECT_SUFFIX = '._S3rver_object';

/**
 * Removes what a crash in the middle of an s3rver PutObject leaves (s3rver writes the data, then its md5,
 * then its metadata, none atomically): an object whose metadata file is missing or cut short. s3rver
 * would list the first with a wrong size and answer every listing of the second with a 500. Such an
 * object was never acknowledged to its writer. Answers the keys removed (bucket/key).
 */
export function removeIncompleteObjects(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith(OBJECT_SUFFIX)) continue;
    const base = join(directory, entry.slice(0, -OBJECT_SUFFIX.length));
    const metadata = `${base}._S3rver_metadata.json`;
    try {
      JSON.parse(readFileSync(metadata, 'utf8'));
      continue;
    } catch {
      // missing or cut short: incomplete
    }
    for (const file of [`${base}${OBJECT_SUFFIX}`, `${base}${OBJECT_SUFFIX}.md5`, metadata])
      rmSync(file, { force: true });
    removed.push(entry.slice(0, -OBJECT_SUFFIX.length).split(/[\\/]/).join('/'));
  }
  return removed;
}

/**
 * The code of an emulator's thread: `workerData.start` answers a promise of a listening server's port;
 * the thread then posts `{port}` (or `{error}`), and closes the server when told to, posting `{closed}`.
 */
const emulatorThreadCode = (start: string) => `
const { parentPort, workerData } = require('node:worker_threads');
const close = (${start})(workerData, (port) => parentPort.postMessage({ port }),
  (error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
parentPort.on('message', () => close(() => parentPort.postMessage({ closed: true })));`;

const DYNALITE_THREAD = emulatorThreadCode(`(data, listening, failed) => {
  const server = require(data.module)(data.options);
  server.once('error', failed);
  server.listen(data.port, '127.0.0.1', () => listening(server.address().port));
  return (closed) => {
    server.close(closed);
    server.closeIdleConnections();
  };
}`);

const S3RVER_THREAD = emulatorThreadCode(`(data, listening, failed) => {
  const S3rver = require(data.module);
  const s3rver = new S3rver(data.options);
  s3rver.run().then(({ port }) => listening(port), failed);
  return (closed) => s3rver.close().then(closed, closed);
}`);

/** An emulator in a worker thread of its own (its own event loop and heap; files and sockets as in-process). */
async function emulatorThread(
  code: string,
  workerData: { module: string; port: number; options: Record<string, unknown> },
): Promise<Emulator> {
  const worker = new Worker(code, { eval: true, workerData });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port?: number; error?: string }) =>
      m.port === undefined ? reject(new Error(m.error ?? 'the emulator did not start')) : resolve(m.port),
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

const resolveModule = (name: string) => createRequire(import.meta.url).resolve(name);

function dynaliteThread(options: { path?: string; port?: number }): Promise<Emulator> {
  return emulatorThread(DYNALITE_THREAD, {
    module: resolveModule('dynalite'),
    port: options.port ?? 0,
    options: {
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(options.path ? { path: options.path } : {}),
    },
  });
}

/**
 * s3rver on a folder, after removing the incomplete objects a crash left there (`onRemoved` hears of each).
 * With `thread`, it runs in a worker thread of its own (the local runtime: its HTTP and file work, and
 * loading it, off the thread that runs the handlers).
 */
export async function startS3rver(options: {
  directory: string;
  buckets: readonly string[];
  port?: number;
  thread?: boolean;
  onRemoved?: (keys: readonly string[]) => void;
}): Promise<Emulator> {
  mkdirSync(options.directory, { recursive: true });
  const removed = removeIncompleteObjects(options.directory);
  if (removed.length > 0) options.onRemoved?.(removed);
  const s3rverOptions = {
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  };
  if (options.thread) {
    return emulatorThread(S3RVER_THREAD, {
      module: resolveModule('s3rver'),
      port: s3rverOptions.port,
      options: s3rverOptions,
    });
  }
  const { default: S3rver } = await import('s3rver');
  const s3rver = new S3rver(s3rverOptions);
  const { port } = await s3rver.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => s3rver.close() };
}
