/**
 * Structured logs: one JSON object per line on AWS (CloudWatch reads them), a short readable line on a
 * terminal. Errors are logged with their name, message and stack — in logs only, never in answers.
 *
 * Every line of an invocation carries its context — the Lambda request id, the function, cold start, the
 * X-Ray trace id, the agency when the request names one — kept in an AsyncLocalStorage by
 * `lambdaLogContext` (each handler's entry; the local gateway and queue likewise), so the use cases log
 * through the plain Logger port and never pass ids around. (Powertools' Logger does the same, but adds
 * 23 KB to a bundle: the ingest functions have 150 KiB and already use 148.)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';
import type { LogFields, Logger } from '../ports.ts';

const invocation = new AsyncLocalStorage<LogFields>();

/** Runs `work` with these fields on every line logged meanwhile (on top of the current ones). */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return invocation.run({ ...invocation.getStore(), ...fields }, work);
}

/**
 * A handler whose every log line carries the invocation's request id, function name, cold start and trace
 * id, and what `fieldsOf` reads from the event (the agency).
 */
export function lambdaLogContext<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  fieldsOf?: (event: E) => LogFields,
): (event: E, context: Context) => Promise<R> {
  let coldStart = true; // one handler per Lambda instance: its first invocation is the cold one
  return (event, context) => {
    const cold = coldStart;
    coldStart = false;
    const traceId = process.env._X_AMZN_TRACE_ID;
    const fields: LogFields = {
      requestId: context.awsRequestId,
      functionName: context.functionName,
      coldStart: cold,
      ...(traceId ? { traceId } : {}),
      ...fieldsOf?.(event),
    };
    return withLogContext(fields, () => handler(event, context));
  };
}

/** The agency an HTTP API event or an invocation names (`{id}` in the path, or `agencyId`), if any. */
export function agencyOfEvent(event: unknown): LogFields {
  if (typeof event !== 'object' || event === null) return {};
  const fromPath = (event as { pathParameters?: { id?: unknown } }).pathParameters?.id;
  const direct = (event as { agencyId?: unknown }).agencyId;
  const agencyId = typeof fromPath === 'string' ? fromPath : typeof direct === 'string' ? direct : undefined;
  return agencyId ? { agencyId } : {};
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  readonly level?: Level;
  readonly format?: 'json' | 'pretty';
  /** Where lines go (default: stdout for debug/info, stderr for warn/error). */
  readonly write?: (line: string, level: Level) => void;
  readonly base?: LogFields;
}

const serialise = (value: unknown): unknown => {
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(cause === undefined ? {} : { cause: serialise(cause) }),
    };
  }
  return value;
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? ((process.env.GONGKAI_LOG_LEVEL as Level | undefined) || 'info')] ?? 20;
  const format = options.format ?? 'json';
  const write =
    options.write ??
    ((line: string, level: Level) =>
      (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(`${line}\n`));
  const log =
    (level: Level) =>
    (message: string, fields: LogFields = {}) => {
      if (RANK[level] < min) return;
      const all = { ...invocation.getStore(), ...options.base, ...fields };
      if (format === 'json') {
        const entry: Record<string, unknown> = { level, time: new Date().toISOString(), message };
        for (const [k, v] of Object.entries(all)) entry[k] = serialise(v);
        write(JSON.stringify(entry), level);
        return;
      }
      const time = new Date().toTimeString().slice(0, 8);
      const rest = Object.entries(all)
        .map(([k, v]) => {
          const s = serialise(v);
          if (v instanceof Error) return `${k}=${v.name}: ${v.message}`;
          return `${k}=${typeof s === 'string' ? s : JSON.stringify(s)}`;
        })
        .join(' ');
      write(`${time} ${level.toUpperCase().padEnd(5)} ${message}${rest ? ` ${rest}` : ''}`, level);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that keeps its entries (tests). */
export function memoryLogger(): Logger & { entries: { level: Level; message: string; fields: LogFields }[] } {
  const entries: { level: Level; message: string; fields: LogFields }[] = [];
  const at =
    (level: Level) =>
    (message: string, fields: LogFields = {}) => {
      entries.push({ level, message, fields });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
