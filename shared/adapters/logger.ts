/**
 * Structured logs: one JSON object per line on AWS (CloudWatch reads them), a short readable line on a
 * terminal. Errors are logged with their name, message and stack — in logs only, never in answers.
 */
import type { LogFields, Logger } from '../ports.ts';

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
      const all = { ...options.base, ...fields };
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
