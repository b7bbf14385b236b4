/**
 * The client factory against the emulators (a test of the factory, so it sends SDK commands itself): the same code as on AWS, endpoints and credentials from the
 * config (s3rver: path-style, S3RVER/S3RVER, no newer default checksums).
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { createClients } from '../../shared/adapters/clients.ts';
import { DEFAULTS, loadConfig } from '../../shared/config.ts';

describe('the client factory', () => {
  it('reaches s3rver and dynalite from GONGKAI_*_ENDPOINT alone', async () => {
    // Prepare
    const config = loadConfig({
      GONGKAI_DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      GONGKAI_S3_ENDPOINT: inject('s3Endpoint'),
      AWS_REGION: 'local',
    });
    const clients = createClients(config);
    try {
      // Act
      await clients.s3.send(
        new PutObjectCommand({
          Bucket: DEFAULTS.buckets.artifacts,
          Key: 'probe/年度报告.json',
          Body: '{"ok":true}',
        }),
      );
      const object = await clients.s3.send(
        new GetObjectCommand({ Bucket: DEFAULTS.buckets.artifacts, Key: 'probe/年度报告.json' }),
      );
      const tables = await clients.dynamodb.client.send(new ListTablesCommand({}));
      // Assess
      expect(await object.Body?.transformToString()).toBe('{"ok":true}');
      expect(Array.isArray(tables.TableNames)).toBe(true);
    } finally {
      clients.destroy();
    }
  });
});
