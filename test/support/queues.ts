import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Runtime } from '../../infra/local/runtime.ts';
import type { QueueName } from '../../infra/resources.ts';
import { eventually } from './eventually.ts';

const PENDING = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

const anyPending = async (runtime: Runtime, names: QueueName[]) => {
  for (const name of names) {
    const { Attributes = {} } = await runtime.platform.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: runtime.queues[name].url, AttributeNames: [...PENDING] }),
    );
    // A missing attribute counts as pending, so an emulator that does not report it never passes.
    if (PENDING.some((attribute) => Number(Attributes[attribute] ?? 1) > 0)) return true;
  }
  return false;
};

/**
 * Waits until the queues hold no message, visible, in flight or delayed: every
 * delivery sent to them so far has been handled to the end (deleted, or moved
 * to its DLQ), and their workers are idle. The condition that replaces "sleep
 * and hope the worker had its chance" before asserting that something did not
 * happen.
 */
export const queuesDrained = (runtime: Runtime, names: QueueName[]) =>
  eventually(async () => {
    // Events written but not yet relayed are deliveries on their way to these queues; and the last
    // handler may have written one after the relay's pass, hence the second pass.
    await runtime.outbox.caughtUp();
    if (await anyPending(runtime, names)) return undefined;
    await runtime.outbox.caughtUp();
    return (await anyPending(runtime, names)) ? undefined : true;
  }, 30_000);
