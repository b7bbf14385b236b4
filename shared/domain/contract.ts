/**
 * The event contract (public interface, /v1) as zod schemas. Its codes are the vocabulary of the whole
 * system: an `outcome` is also the row id of the `requests` table, an `applicantType` its column id.
 * Validation looks at one event alone; what depends on other events is left to the consistency rules.
 */
import * as z from 'zod';
import { unprintableReason } from './text.ts';
import { MAX_YEAR, MIN_YEAR, parseOccurredAt } from './time.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  DECISION_KINDS,
  FIGURE_CELLS_2019,
  INTERPRETATION_FORMS,
  OUTCOMES,
  PUBLICATION_CHANNELS,
  REGULATION_KINDS,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from './vocabulary.ts';

export * from './vocabulary.ts';

/** Largest money amount accepted, in yuan: far above any agency's yearly figure, below float trouble. */
const MAX_AMOUNT_YUAN = 1e12;

/**
 * At most two decimals (fen, hundredths), judged on the decimal text of the number: `v × 100` is inexact
 * for large amounts (999999999999.99 × 100 is not a whole number in floating point).
 */
const hasTwoDecimalsAtMost = (v: number): boolean => Number(v.toFixed(2)) === v;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: () => `must be one of the ${what}: ${values.join(', ')}` });

/**
 * Free text that may reach a report: no control characters, no lone surrogates, no bidi controls; an
 * identifier no zero-width characters either (shared/domain/text.ts).
 */
const printable = (schema: z.ZodString, what: string, kind: 'identifier' | 'label') =>
  // A plain predicate (the reason worked out again only for text that fails): the compiled contract can
  // run it as it is, millions of times.
  schema.refine((text) => unprintableReason(text, { what, kind }) === undefined, {
    error: (issue) => unprintableReason(String(issue.input), { what, kind }),
  });

const identifier = (what: string) =>
  printable(
    z
      .string({ error: `${what} must be a string` })
      .min(1, `${what} must not be empty`)
      .max(128, `${what} must be at most 128 characters`),
    what,
    'identifier',
  ).refine((s) => s.trim() === s, `${what} must not start or end with spaces`);

const label = (what: string, max = 64) =>
  printable(
    z
      .string({ error: `${what} must be a string` })
      .min(1, `${what} must not be empty`)
      .max(max, `${what} must be at most ${max} characters`),
    what,
    'label',
  );

/** Largest figure an office may declare (metric.declared): far above any count, below float trouble. */
const MAX_METRIC_VALUE = 1e15;

const amountYuan = (min: 'zero' | 'positive') =>
  z
    .number({ error: 'must be a number of yuan' })
    .refine(Number.isFinite, 'must be a finite number')
    .refine((v) => (min === 'zero' ? v >= 0 : v > 0), min === 'zero' ? 'must be ≥ 0' : 'must be > 0')
    .refine((v) => v <= MAX_AMOUNT_YUAN, `must be at most ${MAX_AMOUNT_YUAN} yuan`)
    .refine(hasTwoDecimalsAtMost, 'must have at most two decimals (fen)');

const integer = (min: number, max?: number) => {
  let schema = z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be ≥ ${min}`);
  if (max !== undefined) schema = schema.max(max, `must be ≤ ${max}`);
  return schema;
};

const requestRef = { requestId: identifier('requestId') };

const envelope = {
  eventId: z
    .string({ error: 'eventId must be a string' })
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'eventId must be 1–128 characters of A–Z a–z 0–9 . _ : -'),
  agencyId: z
    .string({ error: 'agencyId must be a string' })
    .regex(/^[a-z0-9-]{1,64}$/, 'agencyId must be 1–64 characters of a–z 0–9 -'),
  occurredAt: z
    .string({ error: 'occurredAt must be a string' })
    .refine(
      (s) => parseOccurredAt(s) !== undefined,
      `occurredAt must be an ISO 8601 date-time with an offset (2019-03-04T10:15:00+08:00) or a date (2019-03-04), a real day in ${MIN_YEAR}–${MAX_YEAR}`,
    ),
  source: printable(
    z.string({ error: 'source must be a string' }).max(64, 'source must be at most 64 characters'),
    'source',
    'identifier',
  ).optional(),
};

const eventOf = <const T extends string, D extends z.ZodRawShape>(type: T, data: D) =>
  z.strictObject({ ...envelope, type: z.literal(type), data: z.strictObject(data) });

const metricDeclared = eventOf('metric.declared', {
  year: z
    .number({ error: 'year must be a number' })
    .int('year must be a whole number')
    .min(2019, `year must be a report year, 2019–${MAX_YEAR}`)
    .max(MAX_YEAR, `year must be a report year, 2019–${MAX_YEAR}`),
  key: z
    .string({ error: 'key must be a string' })
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'key must be 1–64 characters of a–z 0–9 _, starting with a letter'),
  label: label('label'),
  unit: label('unit', 16),
  value: z
    .number({ error: 'value must be a number' })
    .refine(Number.isFinite, 'value must be a finite number')
    .refine((v) => v >= 0, 'value must be ≥ 0')
    .refine((v) => v <= MAX_METRIC_VALUE, `value must be at most ${MAX_METRIC_VALUE}`)
    .refine(hasTwoDecimalsAtMost, 'value must have at most two decimals'),
});

const figureColumns = new Map<string, readonly string[]>(Object.entries(FIGURE_CELLS_2019));
/** 2019 proactive columns holding money rather than counts. */
const MONEY_FIGURE_COLUMNS = new Set(['amount_yuan']);
/** 本年增/减 may be negative. */
const SIGNED_FIGURE_COLUMNS = new Set(['change']);

const figuresDeclared = eventOf('figures.declared', {
  year: z
    .number({ error: 'year must be a number' })
    .refine(
      (y) => y === 2019 || y === 2020,
      'must be 2019 or 2020: the 2019 format covers only those reports',
    ),
  row: z.string({ error: 'row must be a string' }).refine((r) => figureColumns.has(r), {
    message: `must be a data row of the 2019 proactive table: ${[...figureColumns.keys()].join(', ')}`,
  }),
  column: z.string({ error: 'column must be a string' }),
  value: z.number({ error: 'value must be a number' }).refine(Number.isFinite, 'value must be finite'),
}).superRefine((event, ctx) => {
  const { row, column, value } = event.data;
  const columns = figureColumns.get(row);
  if (columns && !columns.includes(column)) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'column'],
      message: `must be a column of row ${row}: ${columns.join(', ')}`,
    });
    return;
  }
  if (!SIGNED_FIGURE_COLUMNS.has(column) && value < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'value'],
      message: 'must be ≥ 0 (only 本年增/减 may be negative)',
    });
  }
  if (!MONEY_FIGURE_COLUMNS.has(column) && !Number.isSafeInteger(value)) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'value'],
      message: Number.isInteger(value)
        ? `must be a count of items, at most ${Number.MAX_SAFE_INTEGER}`
        : 'must be a whole number (a count of items)',
    });
  }
  if (MONEY_FIGURE_COLUMNS.has(column) && Math.abs(value) > MAX_AMOUNT_YUAN) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'value'],
      message: `must be at most ${MAX_AMOUNT_YUAN} yuan`,
    });
  }
  if (MONEY_FIGURE_COLUMNS.has(column) && Number.isFinite(value) && !hasTwoDecimalsAtMost(value)) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'value'],
      message: 'must have at most two decimals (fen)',
    });
  }
});

export const EVENT_SCHEMAS = {
  'request.received': eventOf('request.received', {
    ...requestRef,
    channel: oneOf(CHANNELS, 'channels'),
    applicantType: oneOf(APPLICANT_TYPES, 'applicant types'),
    subject: label('subject', 32).optional(),
  }),
  'request.clarification_requested': eventOf('request.clarification_requested', requestRef),
  'request.clarified': eventOf('request.clarified', requestRef),
  'request.consultation_started': eventOf('request.consultation_started', requestRef),
  'request.consultation_ended': eventOf('request.consultation_ended', requestRef),
  'request.extended': eventOf('request.extended', { ...requestRef, workingDays: integer(1, 20) }),
  'request.decided': eventOf('request.decided', {
    ...requestRef,
    outcome: oneOf(OUTCOMES, 'outcomes'),
    correction: z.boolean({ error: 'must be true or false' }).optional(),
  }),
  'request.fee_charged': eventOf('request.fee_charged', { ...requestRef, amountYuan: amountYuan('zero') }),
  'disclosure.published': eventOf('disclosure.published', {
    itemId: identifier('itemId'),
    category: label('category'),
    channels: z
      .array(oneOf(PUBLICATION_CHANNELS, 'publication channels'), { error: 'must be a list of channels' })
      .min(1, 'must list at least one channel')
      .refine((list) => new Set(list).size === list.length, 'must not list a channel twice'),
  }),
  'disclosure.withdrawn': eventOf('disclosure.withdrawn', { itemId: identifier('itemId') }),
  'post.published': eventOf('post.published', {
    postId: identifier('postId'),
    channel: oneOf(PUBLICATION_CHANNELS, 'publication channels'),
    column: label('column').optional(),
  }),
  'regulation.issued': eventOf('regulation.issued', {
    documentId: identifier('documentId'),
    kind: oneOf(REGULATION_KINDS, 'regulation kinds'),
  }),
  'regulation.repealed': eventOf('regulation.repealed', {
    documentId: identifier('documentId'),
    kind: oneOf(REGULATION_KINDS, 'regulation kinds'),
  }),
  'regulation.stock_declared': eventOf('regulation.stock_declared', {
    kind: oneOf(REGULATION_KINDS, 'regulation kinds'),
    inForce: integer(0),
  }),
  'decisions.recorded': eventOf('decisions.recorded', {
    kind: oneOf(DECISION_KINDS, 'decision kinds'),
    count: integer(1),
  }),
  'charges.collected': eventOf('charges.collected', { amountYuan: amountYuan('positive') }),
  'figures.declared': figuresDeclared,
  'metric.declared': metricDeclared,
  'interpretation.published': eventOf('interpretation.published', {
    interpretationId: identifier('interpretationId'),
    form: oneOf(INTERPRETATION_FORMS, 'interpretation forms'),
  }),
  'press_conference.held': eventOf('press_conference.held', {
    conferenceId: identifier('conferenceId'),
    topic: label('topic').optional(),
  }),
  'concern.responded': eventOf('concern.responded', {
    responseId: identifier('responseId'),
    topic: label('topic').optional(),
  }),
  'training.held': eventOf('training.held', {
    trainingId: identifier('trainingId'),
    attendees: integer(0, Number.MAX_SAFE_INTEGER),
    topic: label('topic').optional(),
  }),
  'review.filed': eventOf('review.filed', {
    caseId: identifier('caseId'),
    kind: oneOf(REVIEW_KINDS, 'review kinds'),
    requestId: identifier('requestId').optional(),
    reason: label('reason').optional(),
  }),
  'review.concluded': eventOf('review.concluded', {
    caseId: identifier('caseId'),
    result: oneOf(REVIEW_RESULTS, 'review results'),
  }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export const eventSchema = z.discriminatedUnion(
  'type',
  Object.values(EVENT_SCHEMAS) as unknown as [
    (typeof EVENT_SCHEMAS)[EventType],
    ...(typeof EVENT_SCHEMAS)[EventType][],
  ],
);

export type GongkaiEvent = z.infer<(typeof EVENT_SCHEMAS)[EventType]>;
export type EventOf<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** One reason an input was refused: where (a field path such as `data.channels[1]`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export type Validation = { ok: true; event: GongkaiEvent } | { ok: false; issues: FieldIssue[] };

/** `['data', 'channels', 1]` → `data.channels[1]`; the root is `(event)`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(event)';
}

/** Turns zod issues into field issues, one per unknown key so each names its own path. */
export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: formatPath([...issue.path, key], prefix), message: 'unknown field' });
      }
    } else if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type') {
      issues.push({
        path: formatPath(issue.path, prefix),
        message: `must be one of the event types: ${EVENT_TYPES.join(', ')}`,
      });
    } else {
      issues.push({ path: formatPath(issue.path, prefix), message: issue.message });
    }
  }
  return issues;
}

/** How far after the receiving clock an event may be dated: one day (clocks drift, offsets are mistyped). */
export const FUTURE_LIMIT_MS = 86_400_000;

/**
 * Why an event dated more than one day after `now` cannot be right, or undefined. A bare date counts from
 * its start (00:00 in Asia/Shanghai). Pure: the caller passes its clock and says whose it is.
 */
export function futureIssue(
  occurredAt: string,
  now: Date,
  clock: string = "the server's clock",
): FieldIssue | undefined {
  const instant = parseOccurredAt(occurredAt);
  if (!instant || instant.ms <= now.getTime() + FUTURE_LIMIT_MS) return undefined;
  return {
    path: 'occurredAt',
    message: `${occurredAt} is in the future: an event may be dated at most 1 day after ${clock} (${now.toISOString()}); send it once it has happened, with its real date`,
  };
}

/**
 * Validates one event on its own. Never throws. With `now` (ingestion: the server's clock), an event dated
 * more than a day later is refused too.
 */
export function validateEvent(input: unknown, options: { readonly now?: Date } = {}): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '(event)', message: 'an event must be a JSON object' }] };
  }
  const result = eventSchema.safeParse(input);
  const { occurredAt } = input as { occurredAt?: unknown };
  const future =
    options.now !== undefined && typeof occurredAt === 'string'
      ? futureIssue(occurredAt, options.now)
      : undefined;
  if (!result.success) {
    return { ok: false, issues: [...toFieldIssues(result.error), ...(future ? [future] : [])] };
  }
  return future ? { ok: false, issues: [future] } : { ok: true, event: result.data as GongkaiEvent };
}
