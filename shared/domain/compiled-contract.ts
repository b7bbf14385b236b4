/**
 * The event contract, compiled for the accepting path: the same rules as `validateEvent` (contract.ts), at a
 * fraction of the cost per event, for code that validates millions of lines (`gongkai stats`).
 *
 * Everything is derived from the zod schemas, so a new event type or a new rule comes for free: each type's
 * structure (types, enums, lengths, patterns, ranges, unknown fields) becomes JSON Schema by zod's own
 * `z.toJSONSchema` and is compiled once by ajv; the refinements JSON Schema cannot say (printable text, real
 * dates, fen, the 2019 figures' rows and columns…) are zod's own check objects, collected from the schema
 * and run on the values at their paths. A check of a kind this module does not know to be expressed in
 * JSON Schema stops it at load time, rather than accept what zod would refuse.
 *
 * Only acceptance is decided here. Any input the compiled path does not accept goes to `validateEvent`, so
 * a refused event gets exactly zod's reasons and paths — and an input the compiled path wrongly refused
 * would still be accepted there.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as z from 'zod';
import { EVENT_SCHEMAS, futureIssue, type GongkaiEvent, type Validation, validateEvent } from './contract.ts';

/** zod check kinds that `z.toJSONSchema` writes as JSON Schema keywords (with their format, if any). */
const EXPRESSED_CHECKS = new Set([
  'string_format:regex',
  'number_format:safeint',
  'greater_than',
  'less_than',
]);

/**
 * Lengths are in JSON Schema too, but ajv counts code points where zod counts UTF-16 units (`.length`):
 * zod's own check runs as well.
 */
const LENGTH_CHECKS = new Set(['min_length', 'max_length', 'length_equals']);

/** Node types whose whole meaning (with the checks above) is in the JSON Schema. */
const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'enum', 'literal']);

/** The minimal view of a zod check object this module uses (zod 4's `_zod` internals). */
interface ZodCheckLike {
  readonly _zod: {
    readonly def: {
      readonly check: string;
      readonly format?: string;
      /** A `.refine`'s predicate. */
      readonly fn?: (value: unknown) => unknown;
      readonly minimum?: number;
      readonly maximum?: number;
      readonly length?: number;
    };
    check(payload: { value: unknown; issues: unknown[] }): unknown;
  };
}
interface ZodNodeLike {
  readonly _zod: {
    readonly def: {
      readonly type: string;
      readonly checks?: readonly ZodCheckLike[];
      readonly shape?: Record<string, ZodNodeLike>;
      readonly innerType?: ZodNodeLike;
      readonly element?: ZodNodeLike;
    };
  };
}

/** A refinement at a path; `*` is every element of a list. */
interface Refinement {
  readonly path: readonly string[];
  readonly test: (value: unknown) => boolean;
}

function collectRefinements(node: ZodNodeLike, path: readonly string[], out: Refinement[]): void {
  const def = node._zod.def;
  for (const check of def.checks ?? []) {
    const kind = check._zod.def.format
      ? `${check._zod.def.check}:${check._zod.def.format}`
      : check._zod.def.check;
    if (kind === 'custom' || LENGTH_CHECKS.has(kind)) out.push({ path, test: predicateOf(check) });
    else if (!EXPRESSED_CHECKS.has(kind)) {
      throw new Error(
        `compiled contract: the check "${kind}" at ${path.join('.') || '(event)'} is not known`,
      );
    }
  }
  if (def.type === 'object') {
    for (const [key, child] of Object.entries(def.shape ?? {}))
      collectRefinements(child, [...path, key], out);
  } else if (def.type === 'optional') {
    collectRefinements(def.innerType as ZodNodeLike, path, out);
  } else if (def.type === 'array') {
    collectRefinements(def.element as ZodNodeLike, [...path, '*'], out);
  } else if (!LEAF_TYPES.has(def.type)) {
    throw new Error(
      `compiled contract: the zod type "${def.type}" at ${path.join('.') || '(event)'} is not known`,
    );
  }
}

const PAYLOAD: { value: unknown; issues: unknown[] } = { value: undefined, issues: [] };

/** Runs a check on one value. One payload for every check (they run one at a time): no garbage per check. */
function checkPasses(check: ZodCheckLike, value: unknown): boolean {
  PAYLOAD.value = value;
  if (PAYLOAD.issues.length !== 0) PAYLOAD.issues = [];
  check._zod.check(PAYLOAD);
  return PAYLOAD.issues.length === 0;
}

/**
 * A check as a predicate of one value: a length compared directly, a `.refine` by its own predicate (what
 * zod's wrapper around it decides: a truthy answer passes), any other check through zod's wrapper.
 */
function predicateOf(check: ZodCheckLike): (value: unknown) => boolean {
  const def = check._zod.def;
  const { minimum, maximum, length, fn } = def;
  if (def.check === 'min_length' && minimum !== undefined)
    return (value) => (value as string).length >= minimum;
  if (def.check === 'max_length' && maximum !== undefined)
    return (value) => (value as string).length <= maximum;
  if (def.check === 'length_equals' && length !== undefined)
    return (value) => (value as string).length === length;
  if (def.check === 'custom' && typeof fn === 'function') {
    return (value) => {
      const result = fn(value);
      // An asynchronous refinement is not decided here: zod's own validation answers.
      return Boolean(result) && !(result instanceof Promise);
    };
  }
  return (value) => checkPasses(check, value);
}

/** Runs one refinement on every value at its path (absent optional values are not checked). */
function passes(value: unknown, refinement: Refinement, depth = 0): boolean {
  if (value === undefined) return true;
  if (depth === refinement.path.length) return refinement.test(value);
  const key = refinement.path[depth] as string;
  if (key === '*') {
    for (const element of value as unknown[]) if (!passes(element, refinement, depth + 1)) return false;
    return true;
  }
  return passes((value as Record<string, unknown>)[key], refinement, depth + 1);
}

/** A refinement as one function of the whole event: a path without lists is read directly. */
function refinementTest(refinement: Refinement): (input: unknown) => boolean {
  const { path, test } = refinement;
  if (path.includes('*')) return (input) => passes(input, refinement);
  if (path.length === 0) return test;
  if (path.length === 1) {
    const [a] = path as [string];
    return (input) => {
      const value = (input as Record<string, unknown>)[a];
      return value === undefined || test(value);
    };
  }
  if (path.length === 2) {
    const [a, b] = path as [string, string];
    return (input) => {
      const value = (input as Record<string, Record<string, unknown> | undefined>)[a]?.[b];
      return value === undefined || test(value);
    };
  }
  return (input) => passes(input, refinement);
}

interface CompiledType {
  readonly structure: (input: unknown) => boolean;
  readonly refinements: readonly ((input: unknown) => boolean)[];
}

function compile(): Map<string, CompiledType> {
  // Patterns compiled as zod compiles them (no `u` flag). The schemas are zod's own output, not input:
  // checking them against the meta-schema would only cost each thread a compilation of the meta-schema.
  const ajv = new Ajv2020({ unicodeRegExp: false, allErrors: false, strict: true, validateSchema: false });
  const compiled = new Map<string, CompiledType>();
  for (const [type, schema] of Object.entries(EVENT_SCHEMAS)) {
    const refinements: Refinement[] = [];
    collectRefinements(schema as unknown as ZodNodeLike, [], refinements);
    const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { unrepresentable: 'throw' });
    compiled.set(type, { structure: ajv.compile(jsonSchema), refinements: refinements.map(refinementTest) });
  }
  return compiled;
}

const COMPILED = compile();

function allPass(tests: readonly ((input: unknown) => boolean)[], input: unknown): boolean {
  for (let i = 0; i < tests.length; i++) if (!(tests[i] as (input: unknown) => boolean)(input)) return false;
  return true;
}

/**
 * Validates one event as `validateEvent` does (same answer, same reasons, `now` included); fast when the
 * event is valid.
 */
export function validateEventCompiled(input: unknown, options: { readonly now?: Date } = {}): Validation {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const type = (input as { type?: unknown }).type;
    const compiled = typeof type === 'string' ? COMPILED.get(type) : undefined;
    if (compiled?.structure(input) && allPass(compiled.refinements, input)) {
      const event = input as GongkaiEvent;
      if (options.now === undefined || futureIssue(event.occurredAt, options.now) === undefined)
        return { ok: true, event };
    }
  }
  return validateEvent(input, options);
}
