/**
 * The functions of the resource description (resources.ts re-exports them): each one's handler,
 * size, and exactly the tables, buckets, queues and bus it is bound to. The CDK grants these and
 * nothing else; test/infra/handler-resources.test.ts holds each handler to them.
 */
import type {
  Access,
  BucketName,
  FunctionName,
  ObjectAccess,
  PrefixName,
  QueueName,
  TableName,
} from './resources.ts';

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
    // one more; it reads the pointer (GetItem). No Scan. The sources the file marks withdrawn are checked
    // with one BatchGetItem, then withdrawn as the admin route does: one conditional UpdateItem each (GetItem
    // when withdrawn before), their source.withdrawn put in the outbox.
    tables: { sources: ['read', 'batchRead', 'update'], outbox: ['put'] },
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
