/**
 * What the logs may hold: never a body's content (a warning says why and how big, not what was sent), and
 * a client that hangs up mid-request is one INFO line, not an error with a stack. The real logger's lines
 * are captured (JSON, as on AWS), from the real queue function and the real gateway.
 */

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestQueueHandler } from '../../functions/ingest-queue/handler.ts';
import { createLocalApp } from '../../infra/local/app.ts';
import { lambdaContext } from '../../infra/local/gateway.ts';
import { createLogger, lambdaLogContext } from '../../shared/adapters/logger.ts';
import { sqsRecord } from '../support/sqs.ts';
import { received, type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
beforeAll(async () => {
  gk = await testGongkai();
  await gk.agencies('agency-a');
});
afterAll(async () => {
  await gk?.close();
});

/** The real logger, its lines kept. */
function capturingLogger() {
  const lines: { level: string; line: string }[] = [];
  const log = createLogger({
    format: 'json',
    level: 'debug',
    write: (line, level) => lines.push({ level, line }),
  });
  return { log, lines };
}

describe('logs', () => {
  it('a refused message is logged with its reason and size, never its content', async () => {
    const { log, lines } = capturingLogger();
    const handler = createIngestQueueHandler({ ingest: gk.app.ingestDeps, log, maxReceiveCount: 3 });
    const secret = '张三 身份证 330102199001011234';
    const bodies = [
      `not json ${secret}`,
      `{"events": [${JSON.stringify(secret)}`,
      `"${secret}"`,
      JSON.stringify({ events: [received('log-1'), { ...received('log-2'), type: secret }] }),
    ];
    await handler({ Records: bodies.map((b, i) => sqsRecord(`m-${i}`, b)) }, lambdaContext('ingest-queue'));
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings.length).toBeGreaterThanOrEqual(4);
    for (const { line } of lines) {
      expect(line).not.toContain('张三');
      expect(line).not.toContain('330102');
    }
    const refused = warnings.map((w) => JSON.parse(w.line)).filter((w) => w.message.includes('refused'));
    expect(refused).toHaveLength(3);
    for (const entry of refused) {
      expect(entry.code).toMatch(/malformed_json|bad_envelope/);
      expect(entry.bytes).toBeGreaterThan(0);
    }
  });

  it('a client that hangs up mid-request is one INFO line', async () => {
    const { log, lines } = capturingLogger();
    const { startGateway } = await import('../../infra/local/gateway.ts');
    const gateway = await startGateway({ routes: gk.app.routes, log });
    try {
      const url = new URL(gateway.url);
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `POST /v1/admin/queue HTTP/1.1\r\nHost: ${url.host}\r\ncontent-type: application/json\r\n` +
              'content-length: 100000\r\n\r\n{"events": [',
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 100);
        });
        socket.on('error', reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await gateway.close();
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    const gone = lines.filter((l) => /client/i.test(l.line) && l.level === 'info');
    expect(gone).toHaveLength(1);
    expect(gone[0]!.line).not.toContain('stack');
  });

  it('every line of an invocation carries the Lambda request id, and the agency where there is one', async () => {
    const { log, lines } = capturingLogger();
    const app = createLocalApp({ config: gk.config, clients: gk.clients, log, schedule: false });
    const { startGateway } = await import('../../infra/local/gateway.ts');
    const gateway = await startGateway({ routes: app.routes, log });
    app.setReady(true);
    const key = await gk.keyFor('agency-a');
    try {
      const send = (method: string, path: string, body: unknown) =>
        fetch(`${gateway.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await send('POST', '/v1/events', received('ctx-1'))).status).toBe(200);
      expect((await send('PUT', '/v1/agencies/agency-a/reports/2019/narrative', { s1: '总体' })).status).toBe(
        201,
      );
    } finally {
      await gateway.close();
      await app.stop();
    }
    const entries = lines.map((l) => JSON.parse(l.line));
    const ingested = entries.find((e) => e.message === 'events ingested');
    const saved = entries.find((e) => e.message === 'narrative saved');
    const uuid = /^[0-9a-f-]{36}$/;
    expect(ingested).toMatchObject({ requestId: expect.stringMatching(uuid), agencyIds: ['agency-a'] });
    expect(saved).toMatchObject({ requestId: expect.stringMatching(uuid), agencyId: 'agency-a' });
    expect(saved.requestId).not.toBe(ingested.requestId);
    expect(saved.functionName).toBeDefined();

    // On AWS: the handler's wrapper, with the Lambda context.
    const wrapped = lambdaLogContext(
      async (_event: { agencyId: string }) => log.info('inside'),
      (e) => ({ agencyId: e.agencyId }),
    );
    const context = lambdaContext('gongkai-generator');
    await wrapped({ agencyId: 'hz-psb' }, context);
    expect(JSON.parse(lines.at(-1)!.line)).toMatchObject({
      message: 'inside',
      requestId: context.awsRequestId,
      functionName: 'gongkai-generator',
      agencyId: 'hz-psb',
      coldStart: true,
    });
  });
});
