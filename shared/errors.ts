/**
 * The one error model. An `AppError` below 500 explains itself to the caller (a code, a message and, where
 * fields are at fault, every field path); anything else — a 5xx or an error that is not an AppError — is
 * answered with a generic message and never leaks its internals (the rule of middy's http-error-handler).
 */
import type { FieldIssue } from './domain/contract.ts';

export type ErrorCode =
  | 'malformed_json'
  | 'malformed_body'
  | 'bad_envelope'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'invalid_argument'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  override name = 'AppError';
  /** Whether the message may be shown to the caller: true below 500. */
  readonly expose: boolean;

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.expose = statusCode < 500;
  }
}

export const badRequest = (
  code: 'malformed_json' | 'malformed_body' | 'bad_envelope',
  message: string,
  issues?: FieldIssue[],
) => new AppError(400, code, message, issues);
export const unauthorized = (message: string) => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (message: string) => new AppError(404, 'not_found', message);
export const payloadTooLarge = (message: string) => new AppError(413, 'payload_too_large', message);
/** A caller's mistake outside HTTP (the CLI): shown as is. */
export const invalidArgument = (message: string) => new AppError(400, 'invalid_argument', message);

/** The body of an error answer. */
export interface ErrorBody {
  error: { status: number; code: ErrorCode; message: string; issues?: readonly FieldIssue[] };
}

export const GENERIC_500_MESSAGE =
  'internal error: the request could not be completed; it is safe to retry it';

/** What the caller may see of an error: itself below 500, a generic answer otherwise. */
export function publicError(error: unknown): ErrorBody {
  if (error instanceof AppError && error.expose) {
    const body: ErrorBody['error'] = { status: error.statusCode, code: error.code, message: error.message };
    if (error.issues && error.issues.length > 0) body.issues = error.issues;
    return { error: body };
  }
  if (error instanceof AppError && error.statusCode === 503) {
    return {
      error: { status: 503, code: 'unavailable', message: 'the service is unavailable; retry later' },
    };
  }
  return { error: { status: 500, code: 'internal', message: GENERIC_500_MESSAGE } };
}

/** A failure of the storage or another dependency: the caller may retry (HTTP 503, a queue retry). */
export class TransientError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(503, 'unavailable', message, undefined, options);
    this.name = 'TransientError';
  }
}

/** An error and its causes in one line, for logs: "the event store failed: socket hang up". */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let at: unknown = error, depth = 0; at !== undefined && depth < 5; depth++) {
    parts.push(at instanceof Error ? at.message || at.name : String(at));
    at = at instanceof Error ? (at as { cause?: unknown }).cause : undefined;
  }
  return parts.join(': ');
}
