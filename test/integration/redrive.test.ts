import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqPhysicalName, queuePhysicalName } from '../../infra/aws/naming.ts';
import { main as opsCli } from '../../infra/ops/cli.ts';
import { isUnsupportedOperation, redrive } from '../../infra/ops/redrive.ts';
import { queues } from '../../infra/resources.ts';

/**
 * The redrive ops command against the local SQS emulator, which lacks
 * StartMessageMoveTask: the receive → send → delete fallback must move every
 * message with its body and attributes intact. fauxqs's `startFauxqs` always
 * listens on 0.0.0.0, so the test builds its app and binds 127.0.0.1 itself.
 */
let app: ReturnType<typeof buildApp>;
let endpoint: string;
let sqs: SQSClient;

beforeAll(async () => {
  app = buildApp({ logger: false });
  endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  sqs?.destroy();
  await app?.close();
});

async function createPair(source: string, dlq: string, maxReceiveCount: number) {
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: dlq }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const { QueueUrl: sourceUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: source,
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount }),
      },
    }),
  );
  if (!dlqUrl || !sourceUrl) throw new Error('queue URLs missing');
  return { dlqUrl, sourceUrl };
}

async function drain(queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}

const visibleCount = async (queueUrl: string): Promise<number> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
};

describe('npm run ops -- redrive (local SQS emulator)', () => {
  it('moves every dead letter back to its source queue with body and attributes intact', async () => {
    const source = queuePhysicalName('draftRequests');
    const dlq = dlqPhysicalName('draftRequests');
    const { dlqUrl, sourceUrl } = await createPair(source, dlq, queues.draftRequests.maxReceiveCount);

    // 23 messages: two full batches of 10 and a partial one.
    const sent = Array.from({ length: 23 }, (_, n) => ({
      body: JSON.stringify({ questionId: `q-${n}`, revision: n % 3, text: `ünïcode ✓ ${n}` }),
      attributes: {
        eventType: { DataType: 'String', StringValue: 'draft.requested' },
        attempt: { DataType: 'Number', StringValue: String(n) },
        trace: { DataType: 'Binary', BinaryValue: new Uint8Array([n, 255 - n, 7]) },
      },
    }));
    for (const message of sent) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          MessageBody: message.body,
          MessageAttributes: message.attributes,
        }),
      );
    }

    const lines: string[] = [];
    const result = await redrive(sqs, { source, dlq }, { log: (line) => lines.push(line) });

    expect(result).toEqual({ method: 'receive-send-delete', moved: 23, failed: 0 });
    expect(lines.join('\n')).toMatch(/StartMessageMoveTask is not available/);
    expect(await visibleCount(dlqUrl)).toBe(0);

    const received = await drain(sourceUrl);
    expect(received).toHaveLength(23);
    const byBody = new Map(received.map((message) => [message.Body, message]));
    for (const [n, message] of sent.entries()) {
      const moved = byBody.get(message.body);
      expect(moved, `message ${n}`).toBeDefined();
      const attributes = moved?.MessageAttributes ?? {};
      expect(attributes.eventType).toMatchObject({ DataType: 'String', StringValue: 'draft.requested' });
      expect(attributes.attempt).toMatchObject({ DataType: 'Number', StringValue: String(n) });
      expect(attributes.trace?.DataType).toBe('Binary');
      expect([...(attributes.trace?.BinaryValue ?? [])]).toEqual([n, 255 - n, 7]);
    }
  });

  it('the CLI resolves the queue by key or name and reports how many moved', async () => {
    const source = queuePhysicalName('publication');
    const dlq = dlqPhysicalName('publication');
    const { dlqUrl, sourceUrl } = await createPair(source, dlq, queues.publication.maxReceiveCount);
    for (const n of [1, 2, 3]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: `{"n":${n}}` }));
    }
    const output: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (line: string) => output.push(line);
    console.error = () => undefined;
    try {
      expect(await opsCli(['redrive', 'publication', '--endpoint', endpoint, '--region', 'us-east-1'])).toBe(
        0,
      );
      expect(await opsCli(['redrive', 'publication', '--endpoint', endpoint])).toBe(0);
      expect(await opsCli(['redrive', 'no-such-queue', '--endpoint', endpoint])).toBe(2);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(output[0]).toBe(`Moved 3 message(s) from ${dlq} to ${source} via receive-send-delete`);
    expect(output[1]).toBe(`Moved 0 message(s) from ${dlq} to ${source} via receive-send-delete`);
    expect((await drain(sourceUrl)).map((message) => message.Body).sort()).toEqual([
      '{"n":1}',
      '{"n":2}',
      '{"n":3}',
    ]);
  });

  it('falls back only when the service lacks the API, never on other errors', () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(isUnsupportedOperation(named('InvalidAction', 'Unknown action: StartMessageMoveTask'))).toBe(true);
    expect(isUnsupportedOperation(named('UnsupportedOperation', 'Operation not supported'))).toBe(true);
    expect(
      isUnsupportedOperation(named('AccessDenied', 'not authorized to perform sqs:StartMessageMoveTask')),
    ).toBe(false);
    expect(isUnsupportedOperation(named('QueueDoesNotExist', 'The specified queue does not exist'))).toBe(
      false,
    );
  });
});
