/**
 * The emulators: dynalite (DynamoDB; LevelDB files under a folder, or memory) and s3rver (S3; files
 * under a folder, path-style, credentials S3RVER/S3RVER), in this thread or apart from it (dynalite in a
 * process of its own, s3rver in a worker thread). Both listen on 127.0.0.1 on a free port unless one is
 * given. Close them after destroying the SDK clients that use them. Each is loaded when it starts (where
 * it runs), not when this module is imported.
 */
import { spawn } from 'node:child_process';
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
 * `ownProcess`, it runs in a child process (see `dynaliteProcess`): its LevelDB work and request parsing
 * then use another core than the handlers and the SDK (a first start's demo load: about half the time on
 * two cores).
 */
export async function startDynalite(
  options: { path?: string; port?: number; ownProcess?: boolean } = {},
): Promise<Emulator> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const dynaliteOptions = {
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  };
  if (options.ownProcess) return dynaliteProcess(options.port ?? 0, dynaliteOptions);
  const { default: dynalite } = await import('dynalite');
  const server: Server = dynalite(dynaliteOptions);
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

/**
 * libuv threads of dynalite's process, which only LevelDB's calls use. One: LevelDB takes a lock for every
 * read and write, and libuv's default four threads contending for it on two cores made a first start's
 * demo load ~12% slower (measured alternating, 7 rounds: 6.3 s against 5.5 s). The size can only be set
 * before a process starts, hence the process.
 */
const DYNALITE_LIBUV_THREADS = 1;

/** The code of dynalite's process: argv[1] is its JSON job; it posts `{port}` or `{error}` over IPC. */
const DYNALITE_PROCESS = `
const job = JSON.parse(process.argv[1]);
const server = require(job.module)(job.options);
let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
server.once('error', (error) => {
  process.send({ error: String((error && error.message) || error) }, () => process.exit(1));
});
server.listen(job.port, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', close);
process.on('disconnect', close);
// Ctrl-C reaches the whole process group: the parent stops first (its last writes need the database) and
// then closes this one.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});`;

/**
 * dynalite in a child process of its own. It stops when told to (`close`, which waits for it to exit, so
 * its LevelDB lock is free again), and on its own when this process goes away however it ends: the IPC
 * channel closes and the child closes its database. A signal to the process group (Ctrl-C) is left to
 * this process, which closes it after its own last writes. No TypeScript loader and no Node flags are
 * passed on.
 */
async function dynaliteProcess(port: number, options: Record<string, unknown>): Promise<Emulator> {
  const job = JSON.stringify({ module: resolveModule('dynalite'), port, options });
  const child = spawn(process.execPath, ['-e', DYNALITE_PROCESS, job], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, UV_THREADPOOL_SIZE: String(DYNALITE_LIBUV_THREADS), NODE_OPTIONS: '' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number; error?: string }) =>
      m.port === undefined ? reject(new Error(m.error ?? 'dynalite did not start')) : resolve(m.port),
    );
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`dynalite stopped as it started (exit code ${code})`)));
  }).catch(async (error) => {
    child.kill('SIGKILL'); // it ignores SIGTERM (see above)
    await exited;
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${listening}`,
    close: async () => {
      if (child.exitCode === null && child.connected) child.send('close');
      await exited;
    },
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
