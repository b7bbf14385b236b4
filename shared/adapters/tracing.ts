/**
 * Traces of the AWS calls: Powertools for AWS Lambda's Tracer wraps each client the factory makes
 * (`captureAWSv3Client`), so every DynamoDB, S3 and SQS call is a subsegment of the function's X-Ray trace
 * (the Lambda's active tracing makes the segment). It carries the X-Ray SDK (127 KB minified), so only
 * the functions without a tight bundle budget use it — the nightly, the reports and statistics APIs; the
 * ingest functions, the authorizer (150 KiB budgets) and the generator (1.2 MiB, 1.14 used) are traced by
 * active tracing alone (one segment per invocation, no per-call subsegments). Off outside Lambda.
 *
 * Imported only in a Lambda (AWS_EXECUTION_ENV set, as the Tracer itself asks before it traces), at the
 * module's load as before: importing the X-Ray SDK enables an async hook on every promise of the process
 * (cls-hooked's context), which the local runtime and the CLI, whose handlers import this module but
 * never trace, paid on every SDK call (a first start's demo load: ~10 % of its main thread).
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { ClientOptions } from './clients.ts';

const powertools = process.env.AWS_EXECUTION_ENV ? await import('@aws-lambda-powertools/tracer') : undefined;

let tracer: Tracer | undefined;

/** ClientOptions that trace every client of the factory (none outside Lambda, where the Tracer is off). */
export function tracedClients(): ClientOptions {
  if (!powertools) return {};
  tracer ??= new powertools.Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'gongkai' });
  const active = tracer;
  return { instrument: (client) => void active.captureAWSv3Client(client) };
}
