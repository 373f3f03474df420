/**
 * The tables of the resource description (resources.ts re-exports them): keys, indexes, streams
 * and expiry, and the operations a function may be granted on them.
 */
import { ARTICLE_SUMMARY_FIELDS } from '../shared/domain/article.ts';
import { FEED_FIELDS } from '../shared/domain/updates.ts';

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
