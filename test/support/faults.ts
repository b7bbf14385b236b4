/**
 * Fault injection through the SDK's own middleware stack: a middleware added to the REAL clients of the
 * one factory (ClientOptions.instrument) answers some calls with the error response the service itself
 * sends — DynamoDB throttling (ProvisionedThroughputExceededException, ThrottlingException) and 500s, S3
 * 503 SlowDown and 500s — which the SDK then parses and classifies, retries included. It sits below the
 * deserializer, next to the wire: a fault either replaces the call (never sent) or, for a 5xx, replaces
 * the answer of a call that was sent and done (the write happened; the caller is told it failed).
 *
 * Which calls fail is drawn from a seeded random, so a run is repeatable.
 */

import type { AnyClient, ClientOptions } from '../../shared/adapters/clients.ts';
import { seededRandom } from './random.ts';

export type FaultKind = 'throughput-exceeded' | 'throttling' | 'server-error' | 'server-error-after-write';

type Service = 'dynamodb' | 's3' | 'sqs';

interface FakeResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

const text = (s: string) => new TextEncoder().encode(s);

function dynamodbError(status: number, type: string, message: string): FakeResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'injected-fault' },
    body: text(JSON.stringify({ __type: type, message })),
  };
}

function s3Error(status: number, code: string, message: string): FakeResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'injected-fault' },
    body: text(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>injected-fault</RequestId></Error>`,
    ),
  };
}

function responseFor(service: Service, kind: FaultKind): FakeResponse {
  if (service === 'dynamodb') {
    if (kind === 'throughput-exceeded')
      return dynamodbError(
        400,
        'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        'The level of configured provisioned throughput for the table was exceeded.',
      );
    if (kind === 'throttling')
      return dynamodbError(
        400,
        'com.amazon.coral.availability#ThrottlingException',
        'Rate of requests exceeds the allowed throughput.',
      );
    return dynamodbError(
      500,
      'com.amazonaws.dynamodb.v20120810#InternalServerError',
      'Internal server error',
    );
  }
  if (kind === 'throughput-exceeded' || kind === 'throttling')
    return s3Error(503, 'SlowDown', 'Please reduce your request rate.');
  return s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
}

/** A one-off fault for calls that match (e.g. the 3rd PutObject of a version), `times` calls in a row. */
export interface TargetedFault {
  readonly service: Service;
  readonly matches: (commandName: string, input: Record<string, unknown>) => boolean;
  times: number;
  readonly kind: FaultKind;
}

export interface FaultInjector {
  /** For ClientOptions: adds the middleware to each new client. */
  readonly options: ClientOptions;
  /** Random faults on (services listed) or off. */
  enable(services: readonly Service[]): void;
  disable(): void;
  target(fault: TargetedFault): void;
  /** Faults injected, by `service.Command kind`, and the calls seen while enabled. */
  readonly counts: Map<string, number>;
  readonly calls: { seen: number; faulted: number };
}

export function faultInjector(options: {
  seed: number;
  rate: number;
  kinds?: readonly FaultKind[];
}): FaultInjector {
  const random = seededRandom(options.seed);
  const kinds: readonly FaultKind[] = options.kinds ?? [
    'throughput-exceeded',
    'throttling',
    'server-error',
    'server-error-after-write',
  ];
  let active = new Set<Service>();
  const targets: TargetedFault[] = [];
  const counts = new Map<string, number>();
  const calls = { seen: 0, faulted: 0 };
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

  const middleware =
    (service: Service) =>
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types differ per client; this one is generic
    (next: (args: any) => Promise<any>, context: { commandName?: string }) =>
    // biome-ignore lint/suspicious/noExplicitAny: as above
    async (args: any) => {
      const command = context.commandName ?? 'unknown';
      let kind: FaultKind | undefined;
      const targeted = targets.find(
        (t) => t.service === service && t.times > 0 && t.matches(command, args.input ?? {}),
      );
      if (targeted) {
        targeted.times -= 1;
        kind = targeted.kind;
      } else if (active.has(service)) {
        calls.seen += 1;
        if (random() < options.rate) kind = kinds[Math.floor(random() * kinds.length)];
      }
      if (!kind) return next(args);
      calls.faulted += 1;
      count(`${service}.${command} ${kind}`);
      if (kind === 'server-error-after-write') {
        const real = await next(args);
        const body = real?.response?.body as { resume?: () => void; destroy?: () => void } | undefined;
        body?.resume?.();
      }
      return { response: responseFor(service, kind), output: undefined };
    };

  return {
    options: {
      instrument: (client: AnyClient, service) => {
        (client as { middlewareStack: { add(m: unknown, o: object): void } }).middlewareStack.add(
          middleware(service),
          {
            step: 'deserialize',
            priority: 'low',
            name: 'injectedFaults',
          },
        );
      },
    },
    enable(services) {
      active = new Set(services);
    },
    disable() {
      active = new Set();
    },
    target(fault) {
      targets.push(fault);
    },
    counts,
    calls,
  };
}
