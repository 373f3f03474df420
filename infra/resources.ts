import { EVENT_BUS_NAME, EVENT_SOURCE } from '../events/envelope.ts';
import { ARTICLE_SUMMARY_FIELDS } from '../shared/domain/article.ts';
import { FEED_FIELDS } from '../shared/domain/updates.ts';
import type { FunctionName } from '../shared/function-names.ts';
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
export type { FunctionName };
/**
 * What a function does with a table, named by the DynamoDB operations its
 * adapters send (an item of a TransactWriteItems counts as the operation it
 * holds). `bindTable` in infra/aws/constructs/data.ts grants exactly these.
 *
 * - `read`: GetItem and Query, on the table and its indexes
 * - `batchRead`: BatchGetItem (many items in one request)
 * - `batchWrite`: BatchWriteItem (puts of many items in one request: a library load's catalog)
 * - `scan`: Scan, reading the whole table
 * - `put`: PutItem, creating or (conditionally) replacing items
 * - `update`: UpdateItem, changing attributes of an existing item
 * - `delete`: DeleteItem, removing items
 * - `check`: ConditionCheckItem, a condition on another item of a transaction
 */
export type TableOperation =
  | 'read'
  | 'batchRead'
  | 'batchWrite'
  | 'scan'
  | 'put'
  | 'update'
  | 'delete'
  | 'check';
export type Access = readonly [TableOperation, ...TableOperation[]];

export interface KeySchema {
  partitionKey: string;
  sortKey: string;
}

export interface IndexDescription extends KeySchema {
  /** Non-key attributes the index holds (INCLUDE); without it the index holds whole items (ALL). */
  include?: readonly string[];
}

export interface TableDescription extends KeySchema {
  /** Environment variable through which a function learns the table's name. */
  envVar: string;
  /** Attribute holding an epoch-seconds expiry, if items expire. */
  ttlAttribute?: string;
  /** A DynamoDB Stream of the table's new item images, for a relay to read. */
  stream?: 'NEW_IMAGE';
  indexes: Record<string, IndexDescription>;
}

export const tables = {
  /** Questions, their draft revisions, decisions, audit trail, dedup and idempotency records. */
  questions: {
    envVar: 'QUESTIONS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: {
      /** Questions by status, oldest update first: the review queue and the reconciler. */
      byStatus: { partitionKey: 'statusKey', sortKey: 'statusSince' },
    },
  },
  /** The public read model: live articles with their links, versions, search postings, corpus counts. */
  articles: {
    envVar: 'ARTICLES_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: {
      /** Live articles by last update, and search postings by term. */
      byUpdate: { partitionKey: 'listKey', sortKey: 'listSort' },
      /**
       * Sparse: the search postings of live articles by topic term (topicKey = TOPIC#<term>), newest
       * first (topicSort = <lastUpdated>#<slug>): the list's topic filter reads one partition, never
       * every live article. Only what a list page shows, and the terms a many-word topic filters on.
       */
      byTopic: {
        partitionKey: 'topicKey',
        sortKey: 'topicSort',
        include: [...ARTICLE_SUMMARY_FIELDS, 'topicTerms'],
      },
      /**
       * Sparse: live articles whose scheduled re-review is not opened yet, by due date
       * (reviewDueSort = <nextReviewDue>#<slug>). The review sweep reads the due ones, a page a run;
       * opening an article's re-review takes it out. Only what the sweep needs is projected.
       */
      byReviewDue: {
        partitionKey: 'reviewDueKey',
        sortKey: 'reviewDueSort',
        include: ['slug', 'id', 'version'],
      },
      /**
       * Sparse: the public updates feed (feedKey = UPDATES, feedSort = <at>#<slug>#<version>): one entry
       * per published version and per retraction, newest first, a page one Query. One constant
       * partition (see FEED_PARTITION in article-items.ts); only what the feed serves is projected.
       */
      byFeed: {
        partitionKey: 'feedKey',
        sortKey: 'feedSort',
        include: [...FEED_FIELDS],
      },
    },
  },
  /**
   * The reference library's catalogue: source metadata by id, the committed loads and the index version
   * (see library-catalog.ts); and, until the search index replaces them, the sources' full texts.
   */
  sources: {
    envVar: 'SOURCES_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: {},
  },
  /** Reviewer profiles (the advisory board) and, per reviewer, the live articles they approved. */
  reviewers: {
    envVar: 'REVIEWERS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: {},
  },
  /** Outbound webhook endpoints (with their signing secrets), their recent deliveries and dead letters. */
  webhooks: {
    envVar: 'WEBHOOKS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: {},
  },
  /**
   * The transactional outbox: each item is one event envelope, put in the same TransactWriteItems as
   * the state change it announces (pk = `EVENT#<envelope id>`, so a redelivered write is the same item).
   * Its stream of INSERTs is relayed to the bus (relay-outbox); items expire a week later by TTL, and the
   * REMOVE records of that expiry are not relayed.
   */
  outbox: {
    envVar: 'OUTBOX_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    stream: 'NEW_IMAGE',
    indexes: {},
  },
} as const satisfies Record<string, TableDescription>;

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

export interface FunctionDescription {
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  tables: Partial<Record<TableName, Access>>;
  /** Objects the function reads or writes, per bucket and prefix. */
  buckets?: { [B in BucketName]?: Partial<Record<PrefixName<B>, ObjectAccess>> };
  /** Queues the function sends to. */
  sendsTo: QueueName[];
  publishesEvents: boolean;
  /**
   * Packages left out of the bundle and loaded from the Lambda runtime's own
   * AWS SDK: only for a client the function loads on demand, never at init.
   */
  runtimeProvided?: readonly string[];
}

export const functions = {
  'questions-api': {
    entry: 'functions/questions-api/handler.ts',
    description: "Ask a question, read its status and the asker's answer",
    memoryMb: 512,
    timeoutSeconds: 10,
    // Questions are only ever put (conditionally); the article lookup is a GetItem. The asker's answer
    // resolves the ids its draft cites in the library catalogue: one BatchGetItem, whatever the library's size.
    // question.submitted, the first draft.requested and feedback.received are put in the outbox in the
    // transaction that stores the question or the report: the function itself sends and publishes nothing.
    tables: { questions: ['read', 'put'], articles: ['read'], sources: ['batchRead'], outbox: ['put'] },
    sendsTo: [],
    publishesEvents: false,
  },
  'generate-draft': {
    entry: 'functions/generate-draft/handler.ts',
    description: 'Generate a cited draft for a question from the draft-requests queue',
    memoryMb: 1024,
    timeoutSeconds: 60,
    // Retrieval reads the committed index version the catalogue pointer names (one GetItem per draft);
    // the draft's integrity check resolves its cited ids (one BatchGetItem). The generation budget is
    // a counter item in the questions table: one conditional UpdateItem per model call, one to settle.
    // draft.generated and question.failed are put in the outbox in the transaction of the revision or failure.
    tables: { questions: ['read', 'put', 'update'], sources: ['read', 'batchRead'], outbox: ['put'] },
    // The library's index versions, read by LanceDB: it lists a version's tables and manifests, then reads them.
    buckets: { libraryIndex: { index: ['read', 'list'] } },
    sendsTo: [],
    publishesEvents: false,
  },
  'review-api': {
    entry: 'functions/review-api/handler.ts',
    description: 'Reviewer, editor and admin endpoints',
    memoryMb: 512,
    timeoutSeconds: 10,
    // Retracting an article deletes its live item and postings, marks its version, counts it out.
    // A reviewer profile is written with one UpdateItem (created or replaced) and listed with a Query.
    // The publish gate (approve, the editor's PUT, retraction) resolves the cited ids: one BatchGetItem.
    // Source search and detail read the committed index version the catalogue pointer names (GetItem).
    // A source's withdrawal is one conditional UpdateItem of its catalogue entry (GetItem when it was
    // withdrawn before).
    tables: {
      questions: ['read', 'put'],
      articles: ['read', 'update', 'delete'],
      // A decision's and a retraction's events (a change request's and an admin retry's draft.requested
      // too) are put in the outbox in the transaction of the change.
      outbox: ['put'],
      reviewers: ['read', 'update'],
      sources: ['read', 'batchRead', 'update'],
      // Webhook endpoints: created and deleted with the count item in one transaction; secrets rotated.
      webhooks: ['read', 'update', 'put', 'delete'],
    },
    // Source search and detail read the library's index versions (never write them).
    buckets: { libraryIndex: { index: ['read', 'list'] } },
    sendsTo: ['reviewerNames'],
    // Its events (review.decided, draft.requested, article.retracted) go out through the outbox.
    publishesEvents: false,
  },
  'publish-article': {
    entry: 'functions/publish-article/handler.ts',
    description: 'Write an approved revision to the public read model',
    memoryMb: 512,
    timeoutSeconds: 30,
    // A publication claims its slug, then checks the claim, puts and deletes items and counts terms
    // in one transaction (corpus statistics for the similarity vector are one BatchGetItem).
    // Then it records who approved the article and renames the approvals if a profile changed meanwhile.
    // The publish gate is checked again: the cited ids resolved in the library catalogue (one BatchGetItem),
    // after the citation index entries are put (BatchWriteItem), and once more after publication.
    tables: {
      questions: ['read', 'put'],
      articles: ['read', 'batchRead', 'batchWrite', 'put', 'update', 'delete', 'check'],
      // article.published is put in the outbox in the transaction that writes the version.
      outbox: ['put'],
      reviewers: ['read', 'put'],
      sources: ['batchRead'],
    },
    sendsTo: [],
    publishesEvents: false,
  },
  'propagate-article': {
    entry: 'functions/propagate-article/handler.ts',
    description: 'Update the articles that list a published or retracted article; invalidate the CDN',
    memoryMb: 512,
    timeoutSeconds: 30,
    // Link updates are conditional UpdateItems, some with a ConditionCheck on the changed article.
    tables: { articles: ['read', 'update', 'check'] },
    sendsTo: [],
    publishesEvents: false,
    // 171 KB minified, for one call per article change and only where a CDN is configured.
    runtimeProvided: ['@aws-sdk/client-cloudfront'],
  },
  'public-read': {
    entry: 'functions/public-read/handler.ts',
    description: 'Public article, related graph, search, OpenAPI and health reads',
    memoryMb: 512,
    timeoutSeconds: 10,
    // An article is one GetItem; each hop of the related graph one BatchGetItem of its frontier.
    tables: { articles: ['read', 'batchRead'], reviewers: ['read'] },
    sendsTo: [],
    publishesEvents: false,
  },
  reconcile: {
    entry: 'functions/reconcile/handler.ts',
    description: 'Re-drive drafts whose worker died mid-draft; open the scheduled re-reviews that are due',
    memoryMb: 512,
    timeoutSeconds: 120,
    // The review sweep: a Query of the byReviewDue index, then per due article the question (GetItem,
    // a conditional put) and an UpdateItem taking the article off the due list.
    // A re-review's draft.requested is put in the outbox with the question; so is a re-drive's.
    tables: { questions: ['read', 'put'], articles: ['read', 'update'], outbox: ['put'] },
    // Nothing else needs a re-drive: every other follow-up is written with its change (the outbox).
    sendsTo: [],
    publishesEvents: false,
  },
  'refresh-reviewer-names': {
    entry: 'functions/refresh-reviewer-names/handler.ts',
    description: "Rename a reviewer's approvals on the live articles after a profile change",
    memoryMb: 256,
    timeoutSeconds: 30,
    // Reads the reviewer's approval records and profiles, renames live items and their version entries
    // (one transaction of two updates), forgets records of articles no longer live; queues the next page.
    tables: { reviewers: ['read', 'delete'], articles: ['read', 'update'] },
    sendsTo: ['reviewerNames'],
    publishesEvents: false,
  },
  'load-library': {
    entry: 'functions/load-library/handler.ts',
    description:
      'Load a library file put under imports/: catalog its sources, build and commit an index version',
    // LanceDB builds the index in memory before it writes it (FTS index, sorted sources): 100k sources need GBs.
    // 3008 MB is the most every account gets without a quota increase (and about two vCPUs for the build).
    memoryMb: 3008,
    timeoutSeconds: 900,
    // The catalog writes each source's metadata with a conditional UpdateItem and commits the pointer with
    // one more; it reads the pointer (GetItem). No Scan.
    tables: { sources: ['read', 'batchRead', 'update'] },
    buckets: {
      libraryIndex: {
        // The uploaded file, read once with the SDK; the loader never writes next to it.
        imports: ['read'],
        // LanceDB reads the base version and writes the new one under index/<version>/ (new files only,
        // conditional puts for its commits). Delete: a version of an uncommitted load that a failed or
        // timed-out attempt left half-written is dropped before the retry writes it again; a committed
        // version is never touched (the loader checks the pointer first).
        index: ['read', 'list', 'write', 'delete'],
      },
    },
    sendsTo: [],
    publishesEvents: false,
  },
  'deliver-webhooks': {
    entry: 'functions/deliver-webhooks/handler.ts',
    description: 'Deliver bus events to webhook endpoints, signed, with retries on a schedule',
    memoryMb: 256,
    // A batch's attempts run in parallel, each bounded by the 10 s delivery timeout.
    timeoutSeconds: 30,
    // Reads the endpoints (one Query), records each attempt and the endpoint's health, dead-letters.
    tables: { webhooks: ['read', 'put', 'update'] },
    sendsTo: ['webhookDeliveries'],
    publishesEvents: true,
  },
  'withdrawal-notices': {
    entry: 'functions/withdrawal-notices/handler.ts',
    description: 'Put a notice on, and open a re-review of, each live article citing a withdrawn source',
    memoryMb: 256,
    timeoutSeconds: 30,
    // A page of the citation index (one Query); per citing article the live item (GetItem, a conditional
    // UpdateItem) and its question (GetItem, a conditional put).
    // The re-review's draft.requested is put in the outbox with the question.
    tables: { articles: ['read', 'update'], questions: ['read', 'put'], outbox: ['put'] },
    // The next page of citing articles.
    sendsTo: ['sourceWithdrawals'],
    publishesEvents: false,
  },
  'relay-outbox': {
    entry: 'functions/relay-outbox/handler.ts',
    description: "Put the outbox table's new events on the bus, in stream order",
    memoryMb: 256,
    timeoutSeconds: 30,
    // The stream's records arrive in the event (the event source mapping reads the stream);
    // the function itself reads no table.
    tables: {},
    sendsTo: [],
    publishesEvents: true,
  },
  console: {
    entry: 'functions/console/handler.ts',
    description: 'The reviewer console: static UI assets built at synth time, and its sign-in settings',
    memoryMb: 256,
    timeoutSeconds: 5,
    tables: {},
    sendsTo: [],
    publishesEvents: false,
  },
} as const satisfies Record<FunctionName, FunctionDescription>;

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
