import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { createIngestHandler } from '../../src/streaming/ingest-handler.js';
import { handleSqsBatch } from '../../src/streaming/sqs-s3-batch.js';
import { crashingAt, lakeCounts, projectWith, tx } from '../reliability/reliability-fixture.js';
import { makeTempLake } from '../support/fixture-lake.js';
import { s3PutEvents } from '../support/s3-event.js';

const { config, manifest } = await projectWith();

/** An SQS message as the event source mapping delivers it, its body what S3 sent. */
function message(id: string, body: unknown): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `r-${id}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's3', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}

async function putObjects(store: LocalObjectStore, n: number, prefix: string): Promise<{ key: string; etag: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const key = `incoming/${prefix}${i}.json`;
    out.push({ key, etag: (await store.put(key, JSON.stringify(tx(`${prefix}${i}`)))).etag });
  }
  return out;
}

describe('the Lambda behind SQS: one batch per invocation, failures reported per message (issue 15 #1)', () => {
  it('lands every object of every message as one batch; S3 test events are acknowledged; a message that is not an S3 notification is reported', async () => {
    const lake = await makeTempLake('sqs-');
    const store = new LocalObjectStore(lake);
    const objects = await putObjects(store, 5, 'M');
    const event: SQSEvent = {
      Records: [
        message('m1', s3PutEvents(objects.slice(0, 2))),
        message('m2', s3PutEvents(objects.slice(2))),
        message('test', { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'supermarket-lake' }),
        message('junk', 'not json'),
      ],
    };
    const result = await handleSqsBatch(event, createIngestHandler({ store, manifest }));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'junk' }]);
    expect(result.reports.map((r) => r.outcome)).toEqual(['landed', 'landed', 'landed', 'landed', 'landed']);
    expect(await lakeCounts(lake, manifest, config)).toMatchObject({ transactions: 5, distinct: 5 });
  });

  it('a storage failure fails the messages of the objects it hit; their redelivery lands them once', async () => {
    const lake = await makeTempLake('sqs-fail-');
    const store = new LocalObjectStore(lake);
    const objects = await putObjects(store, 4, 'F');
    const event: SQSEvent = { Records: objects.map((o, i) => message(`m${i}`, s3PutEvents([o]))) };
    const failed = await handleSqsBatch(event, createIngestHandler({ store: crashingAt(store, 2), manifest }));
    expect(failed.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
    const retry = await handleSqsBatch(
      { Records: event.Records.filter((m) => failed.batchItemFailures.some((f) => f.itemIdentifier === m.messageId)) },
      createIngestHandler({ store, manifest }),
    );
    expect(retry.batchItemFailures).toEqual([]);
    expect(await lakeCounts(lake, manifest, config)).toMatchObject({ transactions: 4, distinct: 4 });
  });
});
