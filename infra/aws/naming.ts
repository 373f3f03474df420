import { type QueueName, queues } from '../resources.ts';

/**
 * Physical names shared by the CDK app and the ops CLI. Without a stage they
 * are the bare names of the resource description, which the local runtime uses.
 */
export const queuePhysicalName = (queue: QueueName, stage?: string): string =>
  stage ? `vetted-${stage}-${queues[queue].name}` : queues[queue].name;

/** The resource description's convention: the DLQ is `<name>-dlq`. */
export const dlqPhysicalName = (queue: QueueName, stage?: string): string =>
  `${queuePhysicalName(queue, stage)}-dlq`;

export const functionPhysicalName = (name: string, stage: string): string => `vetted-${stage}-${name}`;

/** `draftRequests` → `DraftRequests`, `publish-article` → `PublishArticle`: construct ids. */
export const pascal = (name: string): string =>
  name
    .split(/[-_\s]+|(?=[A-Z])/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');

/**
 * The library bucket of a stage. Bucket names are global, so the account and
 * region are part of it; the ops CLI builds the same name to upload imports.
 */
export const libraryBucketName = (stage: string, account: string, region: string): string =>
  `vetted-${stage}-library-${account}-${region}`;
