/**
 * The emulators, in this process: dynalite (DynamoDB; LevelDB files under a folder, or memory) and
 * s3rver (S3; files under a folder, path-style, credentials S3RVER/S3RVER). Both listen on 127.0.0.1
 * on a free port unless one is given. Close them after destroying the SDK clients that use them.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import S3rver from 's3rver';

export interface Emulator {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** dynalite with tables created at once (createTableMs: 0); `path` keeps the data, else memory. */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<Emulator> {
  if (options.path) mkdirSync(options.path, { recursive: true });
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
