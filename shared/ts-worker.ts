/** Worker threads that run TypeScript modules, for the local runtime and the CLI (never a Lambda). */
import { type Transferable, Worker } from 'node:worker_threads';

/** A worker thread running a TypeScript module: tsx's loader is registered in it first. */
export function tsWorker(entry: URL, workerData: unknown, transferList?: readonly Transferable[]): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(code, {
    eval: true,
    workerData,
    ...(transferList ? { transferList: [...transferList] } : {}),
  });
}
