/** SQS records as the Lambda event source delivers them, for handlers called directly in tests. */
import type { SQSEvent } from 'aws-lambda';

type SqsRecord = SQSEvent['Records'][number];

export function sqsRecord(
  messageId: string,
  body: string,
  options: { receiveCount?: number; queue?: string } = {},
): SqsRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${options.queue ?? 'test'}`,
    awsRegion: 'local',
  };
}
