/**
 * Traces of the AWS calls: Powertools for AWS Lambda's Tracer wraps each client the factory makes
 * (`captureAWSv3Client`), so every DynamoDB, S3 and SQS call is a subsegment of the function's X-Ray trace
 * (the Lambda's active tracing makes the segment). It carries the X-Ray SDK (127 KB minified), so only
 * the functions without a tight bundle budget use it — the nightly, the reports and statistics APIs; the
 * ingest functions, the authorizer (150 KiB budgets) and the generator (1.2 MiB, 1.14 used) are traced by
 * active tracing alone (one segment per invocation, no per-call subsegments). Off outside Lambda.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { ClientOptions } from './clients.ts';

let tracer: Tracer | undefined;

/** ClientOptions that trace every client of the factory. */
export function tracedClients(): ClientOptions {
  tracer ??= new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'gongkai' });
  const active = tracer;
  return { instrument: (client) => void active.captureAWSv3Client(client) };
}
