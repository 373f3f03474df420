import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export interface RedriveTarget {
  /** Name of the source queue the messages go back to. */
  readonly source: string;
  /** Name of its dead-letter queue. */
  readonly dlq: string;
}

export interface RedriveOptions {
  /** How long to follow an asynchronous StartMessageMoveTask before reporting progress and returning. */
  readonly waitSeconds?: number;
  readonly pollIntervalMs?: number;
  readonly log?: (line: string) => void;
}

export type RedriveMethod = 'StartMessageMoveTask' | 'receive-send-delete';

export interface RedriveResult {
  readonly method: RedriveMethod;
  readonly moved: number;
  /** Messages received but not re-sent; they stay in the DLQ. */
  readonly failed: number;
  /** Only for StartMessageMoveTask: the task's last known status. */
  readonly status?: string;
}

interface ResolvedQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly redrivePolicy?: { deadLetterTargetArn?: string };
}

async function resolve(client: SQSClient, name: string): Promise<ResolvedQueue> {
  const { QueueUrl: url } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!url) throw new Error(`Queue ${name} has no URL`);
  const { Attributes: attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['QueueArn', 'RedrivePolicy', 'FifoQueue'],
    }),
  );
  if (!attributes.QueueArn) throw new Error(`Queue ${name} has no ARN`);
  return {
    name,
    url,
    arn: attributes.QueueArn,
    fifo: attributes.FifoQueue === 'true',
    redrivePolicy: attributes.RedrivePolicy ? JSON.parse(attributes.RedrivePolicy) : undefined,
  };
}

/**
 * True when the service does not implement the message-move API (the local
 * SQS emulator answers `InvalidAction: Unknown action`); any other failure,
 * such as AccessDenied, must surface instead of silently switching methods.
 */
export function isUnsupportedOperation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.name;
  if (
    [
      'InvalidAction',
      'UnsupportedOperation',
      'UnknownOperationException',
      'AWS.SimpleQueueService.UnsupportedOperation',
      'NotImplemented',
    ].includes(name)
  ) {
    return true;
  }
  return /unknown (action|operation)|not (supported|implemented)|unsupported/i.test(error.message);
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/** AWS: an asynchronous server-side move; follow it until it finishes or the wait runs out. */
async function moveWithTask(
  client: SQSClient,
  dlq: ResolvedQueue,
  source: ResolvedQueue,
  options: RedriveOptions,
): Promise<RedriveResult> {
  const { TaskHandle } = await client.send(
    new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: source.arn }),
  );
  options.log?.(`Started message move task ${TaskHandle ?? '(no handle)'}`);
  const deadline = Date.now() + (options.waitSeconds ?? 300) * 1000;
  let moved = 0;
  let status = 'RUNNING';
  for (;;) {
    const { Results = [] } = await client.send(
      new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 }),
    );
    const task = Results.find((entry) => !TaskHandle || entry.TaskHandle === TaskHandle) ?? Results[0];
    moved = task?.ApproximateNumberOfMessagesMoved ?? moved;
    status = task?.Status ?? status;
    if (status === 'FAILED')
      throw new Error(`Message move task failed: ${task?.FailureReason ?? 'unknown reason'}`);
    if (status !== 'RUNNING' || Date.now() >= deadline) break;
    await sleep(options.pollIntervalMs ?? 2000);
  }
  return { method: 'StartMessageMoveTask', moved, failed: 0, status };
}

function toEntry(message: Message, index: number, fifo: boolean): SendMessageBatchRequestEntry {
  const attributes = message.MessageAttributes;
  return {
    Id: String(index),
    MessageBody: message.Body ?? '',
    MessageAttributes: attributes && Object.keys(attributes).length > 0 ? attributes : undefined,
    ...(fifo
      ? {
          MessageGroupId: message.Attributes?.MessageGroupId,
          MessageDeduplicationId: message.Attributes?.MessageDeduplicationId ?? message.MessageId,
        }
      : {}),
  };
}

/** Where the service lacks the move API: receive ≤ 10, re-send body and attributes, delete what was sent. */
async function moveByCopy(
  client: SQSClient,
  dlq: ResolvedQueue,
  source: ResolvedQueue,
): Promise<RedriveResult> {
  let moved = 0;
  let failed = 0;
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq.url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'],
        // Long enough to re-send and delete; a message whose send failed reappears in the DLQ afterwards.
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length === 0) break;
    const { Successful = [], Failed = [] } = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: source.url,
        Entries: Messages.map((message, index) => toEntry(message, index, source.fifo)),
      }),
    );
    failed += Failed.length;
    const sent = Successful.map((entry) => Messages[Number(entry.Id)]).filter(
      (message): message is Message => message?.ReceiptHandle !== undefined,
    );
    if (sent.length > 0) {
      const deleted = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: dlq.url,
          Entries: sent.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
      if (deleted.Failed?.length) {
        // Already in the source queue; consumers are idempotent, so a later duplicate is harmless.
        throw new Error(
          `Re-sent ${sent.length} message(s) but could not delete ${deleted.Failed.length} from ${dlq.name}`,
        );
      }
    }
    moved += sent.length;
  }
  return { method: 'receive-send-delete', moved, failed };
}

/**
 * Moves every message of a DLQ back to its source queue: SQS
 * StartMessageMoveTask where the service has it (AWS), otherwise
 * receive → send (body and message attributes kept) → delete in batches of 10.
 */
export async function redrive(
  client: SQSClient,
  target: RedriveTarget,
  options: RedriveOptions = {},
): Promise<RedriveResult> {
  const [source, dlq] = await Promise.all([resolve(client, target.source), resolve(client, target.dlq)]);
  const configuredDlq = source.redrivePolicy?.deadLetterTargetArn;
  if (configuredDlq && configuredDlq !== dlq.arn) {
    throw new Error(
      `${source.name}'s dead-letter queue is ${configuredDlq}, not ${dlq.arn}: refusing to redrive`,
    );
  }
  try {
    return await moveWithTask(client, dlq, source, options);
  } catch (error) {
    if (!isUnsupportedOperation(error)) throw error;
    options.log?.('StartMessageMoveTask is not available here: moving by receive → send → delete');
    return moveByCopy(client, dlq, source);
  }
}
