import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import type { DraftRequested } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { createHandler } from '../../functions/generate-draft/handler.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { main as opsCli } from '../../infra/ops/cli.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { runtimeDriver } from '../support/driver.ts';
import { type FakeChatModel, startFakeChatModel } from '../support/fake-chat-model.ts';
import { askWithoutDraftRequest as storedWithoutDraftRequest } from '../support/faults.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, useRuntime } from '../support/runtime.ts';

let model: FakeChatModel | undefined;
const runtime = useRuntime(async () => {
  model = await startFakeChatModel();
  return {
    env: { DRAFT_GENERATOR: 'openai-compatible', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'fake-model' },
  };
});
afterAll(async () => model?.close());

const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
let counter = 0;
const driver = runtimeDriver(runtime);
const ask = async (question: string) => (await driver.ask(`${question} #${++counter}-${Date.now()}`)).id;
/** A question stored without its draft request, so a test's delivery is its only one. */
const askWithoutDraftRequest = async (question: string) =>
  (await storedWithoutDraftRequest(runtime(), `${question} #${++counter}-${Date.now()}`)).body.id;
const questionOf = driver.question;

const dlqDepth = async () => {
  const { Attributes = {} } = await runtime().platform.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: runtime().queues.draftRequests.dlqUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages ?? 0);
};

const record = (body: string, messageId: string): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:draft-requests',
  awsRegion: 'us-east-1',
});

const requestBody = (questionId: string) =>
  JSON.stringify(
    newEvent<DraftRequested>(
      'draft.requested',
      questionId,
      { questionId, revision: 1, cause: 'submitted' },
      { at: new Date().toISOString() },
    ),
  );

describe('draft generation failures', () => {
  it('fails only the failing record of a batch and acknowledges poison without retrying it', async () => {
    // Questions whose own draft request was lost, so this batch is their only delivery.
    const good = await askWithoutDraftRequest('Is walking good for knee arthritis?');
    const bad = await askWithoutDraftRequest('[fail] Should I stop my statin if muscle aches start?');
    const handler = createHandler(runtime().platform);
    const event: SQSEvent = {
      Records: [
        record(requestBody(good), 'good'),
        record(requestBody(bad), 'bad'),
        record('{not json', 'poison'),
      ],
    };
    const response = await handler(event, lambdaContext('generate-draft'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect((await questionOf(good)).status).toBe('in_review');
  });

  it('calls the generator once when duplicates of a request arrive together', async () => {
    const text = `Which statin side effects cause muscle pain? #${Date.now()}`;
    const id = await askWithoutDraftRequest(text);
    await Promise.all(
      Array.from({ length: 4 }, () =>
        runtime().platform.sqs.send(
          new SendMessageCommand({
            QueueUrl: runtime().queues.draftRequests.url,
            MessageBody: requestBody(id),
          }),
        ),
      ),
    );
    await driver.waitForStatus(id, 'in_review');
    // All four deliveries handled to the end, so a second generator call would have happened by now.
    await queuesDrained(runtime(), ['draftRequests']);
    expect(model?.callsFor(text)).toBe(1);
    expect((await store().listRevisions(id)).map((revision) => revision.revision)).toEqual([1]);
  });

  it('after the retry budget the question shows failed with its reason and the message is in the DLQ', async () => {
    const id = await ask('[fail] Do statins cause muscle aches and muscle pain?');
    const failed = await eventually(async () => {
      const question = await questionOf(id);
      return question.status === 'failed' ? question : undefined;
    }, 20_000);
    expect(failed.failureReason).toBe('Draft generation kept failing (3 attempts)');
    // What went wrong in detail is for reviewers (the audit trail), not for the public status.
    const [failure] = (await store().listAudit(id)).filter((entry) => entry.action === 'draft.failed');
    expect(failure?.reason).toMatch(/kept failing \(3 attempts\): .*503/);
    const deadLetters = await eventually(async () => {
      const { Messages = [] } = await runtime().platform.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: runtime().queues.draftRequests.dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      const mine = Messages.filter((message) => message.Body?.includes(id));
      return mine.length > 0 ? mine : undefined;
    }, 20_000);
    expect(deadLetters).toHaveLength(1);
  });

  it('recovers once the cause is fixed and an operator redrives the DLQ with `npm run ops -- redrive`', async () => {
    model?.setOutage(true);
    const id = await ask('Can statins cause muscle aches in older adults?');
    try {
      await driver.waitForStatus(id, 'failed', 20_000);
      await eventually(async () => ((await dlqDepth()) > 0 ? true : undefined), 20_000);
    } finally {
      model?.setOutage(false);
    }
    expect(await opsCli(['redrive', 'draftRequests', '--endpoint', runtime().sqs.endpoint])).toBe(0);
    expect(await dlqDepth()).toBe(0);
    await driver.waitForStatus(id, 'in_review');
  });

  it('repairs once and then fails for good on malformed model output, without retries', async () => {
    const before = model?.calls.garbage ?? 0;
    const id = await ask('[garbage] Can statins cause muscle aches?');
    const failed = await eventually(async () => {
      const question = await questionOf(id);
      return question.status === 'failed' ? question : undefined;
    });
    expect(failed.failureReason).toMatch(/unusable/);
    // One call and one repair round: a permanent failure is not retried by SQS. Once the queue
    // is drained the delivery was acknowledged (or dead-lettered), so no retry can still come.
    await queuesDrained(runtime(), ['draftRequests']);
    expect((model?.calls.garbage ?? 0) - before).toBe(2);
    const audit = await store().listAudit(id);
    expect(audit.filter((entry) => entry.action === 'draft.failed')).toHaveLength(1);
    // Once on the bus, with the public reason only (webhooks deliver it as question.failed); it was
    // written with the failure and the relay puts it on the bus right after.
    const events = await eventually(async () => {
      const found = runtime().bus.published.filter(
        (event) => event.type === 'question.failed' && event.subject === id,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({ questionId: id, revision: 1, reason: failed.failureReason });
  });

  it('produces a schema-valid draft from a well-behaved remote model', async () => {
    const id = await ask('How long does acute low back pain usually last?');
    await driver.waitForStatus(id, 'in_review');
    const revision = await store().getRevision(id, 1);
    expect(revision?.draft.generator).toEqual({
      adapter: 'openai-compatible',
      model: 'fake-model',
      promptVersion: expect.any(String),
    });
  });
});
