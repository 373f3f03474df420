import { EVENT_BUS_NAME, EVENT_SOURCE } from '../events/envelope.ts';
import type { FunctionName } from '../shared/function-names.ts';
import { functions } from './function-resources.ts';
import type { tables } from './table-resources.ts';
/**
 * The one description of Vetted's AWS resources. The CDK app builds its
 * tables, queues, bus rules and functions from it, and the local runtime
 * creates the same tables and queues and routes the same events, so the two
 * cannot drift apart.
 */

export type TableName = keyof typeof tables;
export type QueueName =
  | 'draftRequests'
  | 'publication'
  | 'articleChanges'
  | 'reviewerNames'
  | 'webhookDeliveries'
  | 'sourceWithdrawals';
export {
  type Access,
  type IndexDescription,
  type KeySchema,
  type TableDescription,
  type TableOperation,
  tables,
} from './table-resources.ts';
export type { FunctionName };

/**
 * What a function does with the objects under a prefix of a bucket, named by
 * the S3 requests its code (or LanceDB's object store client) sends.
 * `bindBucket` in infra/aws/constructs/library.ts grants exactly these.
 *
 * - `read`: GetObject (and HeadObject, which it authorizes) under the prefix
 * - `list`: ListObjectsV2 of the bucket, only with a `prefix` inside it (an `s3:prefix` condition)
 * - `write`: PutObject, multipart uploads included (and AbortMultipartUpload of a failed one)
 * - `delete`: DeleteObject under the prefix
 */
export type ObjectOperation = 'read' | 'list' | 'write' | 'delete';
export type ObjectAccess = readonly [ObjectOperation, ...ObjectOperation[]];

export interface PrefixDescription {
  /** Key prefix, ending in `/`. */
  prefix: string;
  /** Environment variable through which a function bound to the prefix learns it, if it needs to. */
  envVar?: string;
  /**
   * Who sends the requests: the function's own S3 client (the `s3` platform
   * client), or LanceDB's object store client (built inside the native module,
   * from the role's credentials).
   */
  client: 'sdk' | 'lancedb';
}

export interface BucketDescription {
  /** Environment variable through which a function learns the bucket's name. */
  envVar: string;
  prefixes: Record<string, PrefixDescription>;
}

export type BucketName = keyof typeof buckets;
export type PrefixName<B extends BucketName> = keyof (typeof buckets)[B]['prefixes'] & string;

export const buckets = {
  /**
   * The reference library in AWS: files to load are put under `imports/`
   * (its Object Created events start the loader); the loader writes each
   * committed library as a LanceDB index version under `index/<version>/`,
   * which drafting and the review API read. Locally there is no bucket: the
   * index lives in the data directory (shared/adapters/library-index.ts, indexLocation).
   */
  libraryIndex: {
    envVar: 'LIBRARY_INDEX_BUCKET',
    prefixes: {
      imports: { prefix: 'imports/', client: 'sdk' },
      index: { prefix: 'index/', envVar: 'LIBRARY_INDEX_PREFIX', client: 'lancedb' },
    },
  },
} as const satisfies Record<string, BucketDescription>;

/** Where the Object Created events of a bucket prefix go, and how often a failed load is tried again. */
export interface ObjectEventRule {
  description: string;
  bucket: BucketName;
  prefix: string;
  target: FunctionName;
  /** Lambda's retries of a failed asynchronous invocation (0–2) before the event goes to the DLQ. */
  retryAttempts: number;
}

export const objectEvents = {
  libraryImports: {
    description: 'A library file was put under imports/: load it',
    bucket: 'libraryIndex',
    prefix: buckets.libraryIndex.prefixes.imports.prefix,
    target: 'load-library',
    // A load that failed on something transient (throttling, a timeout) is tried twice more;
    // a file that does not parse is not retried at all (the loader logs its errors and returns).
    retryAttempts: 2,
  },
} as const satisfies Record<string, ObjectEventRule>;

export interface QueueDescription {
  /** Base name; the DLQ is `<name>-dlq`. */
  name: string;
  envVar: string;
  /** The function that consumes the queue through an event source mapping. */
  consumer: FunctionName;
  batchSize: number;
  maxConcurrency: number;
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: number;
}

export const queues = {
  draftRequests: {
    name: 'draft-requests',
    envVar: 'DRAFT_QUEUE_URL',
    consumer: 'generate-draft',
    batchSize: 5,
    maxConcurrency: 5,
    maxReceiveCount: 3,
  },
  publication: {
    name: 'publication',
    envVar: 'PUBLICATION_QUEUE_URL',
    consumer: 'publish-article',
    batchSize: 10,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
  /** Published and retracted articles, for the worker that keeps the links of other articles true. */
  articleChanges: {
    name: 'article-changes',
    envVar: 'ARTICLE_CHANGES_QUEUE_URL',
    consumer: 'propagate-article',
    batchSize: 10,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
  /** A reviewer's profile changed: rename their approvals on the live articles, a page per message. */
  reviewerNames: {
    name: 'reviewer-names',
    envVar: 'REVIEWER_NAMES_QUEUE_URL',
    consumer: 'refresh-reviewer-names',
    batchSize: 5,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
  /**
   * Bus events for webhook endpoints, and their later attempts (re-sent delayed by the consumer,
   * which never throws on a receiver's failure: a message is retried by SQS only when the
   * consumer itself failed, e.g. DynamoDB throttled).
   */
  webhookDeliveries: {
    name: 'webhook-deliveries',
    envVar: 'WEBHOOK_DELIVERIES_QUEUE_URL',
    consumer: 'deliver-webhooks',
    batchSize: 10,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
  /**
   * A source was withdrawn: notices and re-reviews for the live articles citing it, 25 articles a
   * message; each message sends the next page's before working on its own, so one withdrawal is a
   * chain of bounded invocations of which up to `maxConcurrency` run at once.
   */
  sourceWithdrawals: {
    name: 'source-withdrawals',
    envVar: 'SOURCE_WITHDRAWALS_QUEUE_URL',
    consumer: 'withdrawal-notices',
    batchSize: 1,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
} as const satisfies Record<QueueName, QueueDescription>;

export { EVENT_SOURCE } from '../events/envelope.ts';

export interface EventRule {
  description: string;
  /** An EventBridge event pattern; the local runtime evaluates the same object. */
  pattern: Record<string, unknown>;
  target: QueueName;
}

export const bus = {
  name: EVENT_BUS_NAME,
  envVar: 'EVENT_BUS_NAME',
  rules: {
    draftRequests: {
      description:
        'A question needs its next draft (submitted, changes requested, retried, re-reviewed): draft it',
      pattern: { source: [EVENT_SOURCE], 'detail-type': ['draft.requested'] },
      target: 'draftRequests',
    },
    approvalsToPublication: {
      description: 'A revision reached its required approvals: publish it',
      pattern: {
        source: [EVENT_SOURCE],
        'detail-type': ['review.decided'],
        detail: { data: { outcome: ['approved'] } },
      },
      target: 'publication',
    },
    articleChanges: {
      description: 'An article was published or retracted: update the articles that list it',
      pattern: {
        source: [EVENT_SOURCE],
        'detail-type': ['article.published', 'article.retracted'],
      },
      target: 'articleChanges',
    },
    webhookEvents: {
      description: 'Events webhook endpoints can subscribe to: deliver them',
      pattern: {
        source: [EVENT_SOURCE],
        'detail-type': [
          'article.published',
          'article.retracted',
          'draft.generated',
          'question.failed',
          'feedback.received',
        ],
      },
      target: 'webhookDeliveries',
    },
    sourceWithdrawals: {
      description: 'A library source was withdrawn: notices and re-reviews for the live articles citing it',
      pattern: { source: [EVENT_SOURCE], 'detail-type': ['source.withdrawn'] },
      target: 'sourceWithdrawals',
    },
  } satisfies Record<string, EventRule>,
};

export { type FunctionDescription, functions } from './function-resources.ts';

/**
 * How the outbox's stream reaches relay-outbox: Lambda's DynamoDB event
 * source in AWS, infra/local/outbox-stream.ts locally. A batch that keeps
 * failing is retried (bisected) this many times, then described in the
 * relay's DLQ, which an alarm watches; its events are still in the outbox
 * table (for a week) to be replayed.
 */
export const outboxRelay = {
  table: 'outbox',
  consumer: 'relay-outbox',
  batchSize: 25,
  maxBatchingWindowSeconds: 0,
  retryAttempts: 10,
  /** Locally: how often the open shards are polled. */
  localPollIntervalMs: 100,
} as const satisfies {
  table: TableName;
  consumer: FunctionName;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  retryAttempts: number;
  localPollIntervalMs: number;
};

/** What the draft-requests consumer learns from its environment: when to give up, how long a claim holds. */
export const draftingEnvironment = (): Record<string, string> => ({
  DRAFT_MAX_RECEIVE_COUNT: String(queues.draftRequests.maxReceiveCount),
  DRAFT_CLAIM_LEASE_S: String(functions[queues.draftRequests.consumer].timeoutSeconds),
});

/** How often the reconciler runs, in AWS and (unless overridden) locally. */
export const RECONCILE_INTERVAL_SECONDS = 300;

/**
 * Lambda's guidance: the queue's visibility timeout must be at least six
 * times the consumer's timeout, so a retried batch never overlaps the first.
 */
export const visibilityTimeoutSeconds = (queue: QueueName): number =>
  functions[queues[queue].consumer].timeoutSeconds * 6;
