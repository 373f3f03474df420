import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableActions } from '../../infra/aws/constructs/data.ts';
import { pascal, queuePhysicalName } from '../../infra/aws/naming.ts';
import { repoRoot } from '../../infra/aws/paths.ts';
import {
  buckets,
  bus,
  type FunctionDescription,
  type FunctionName,
  functions,
  outboxRelay,
  type QueueName,
  queues,
  type TableName,
  tables,
} from '../../infra/resources.ts';
import { actionsOf, lambdaOf, logicalIdOf, resourcesOfStatement, synth } from './synth.ts';

const dev = synth();

const functionEntries = Object.entries(functions) as [FunctionName, FunctionDescription][];
const tableKeys = Object.keys(tables) as TableName[];
const queueKeys = Object.keys(queues) as QueueName[];
const boundTables = (description: FunctionDescription) => Object.keys(description.tables) as TableName[];

const tableIds = Object.fromEntries(
  tableKeys.map((key) => [
    key,
    logicalIdOf(dev.statefulTemplate, 'AWS::DynamoDB::GlobalTable', (id) =>
      id.startsWith(`Data${pascal(key)}`),
    ),
  ]),
) as Record<TableName, string>;
const queueIds = Object.fromEntries(
  queueKeys.map((key) => [
    key,
    logicalIdOf(
      dev.statefulTemplate,
      'AWS::SQS::Queue',
      (_id, properties) => properties.QueueName === queuePhysicalName(key, 'dev'),
    ),
  ]),
) as Record<QueueName, string>;
const busId = logicalIdOf(dev.statefulTemplate, 'AWS::Events::EventBus', () => true);

const tableOf = (resource: unknown): TableName => {
  const json = JSON.stringify(resource);
  const found = tableKeys.find((key) => json.includes(tableIds[key]));
  if (!found) throw new Error(`DynamoDB permission on a resource that is no table: ${json}`);
  return found;
};

interface TableGrant {
  /** Actions on the table's ARN. */
  table: string[];
  /** Actions on its index ARNs. */
  index: string[];
}

/** The DynamoDB actions a function's role allows, per table, sorted. */
const dynamoGrants = (name: FunctionName): Partial<Record<TableName, TableGrant>> => {
  const grants: Partial<Record<TableName, { table: Set<string>; index: Set<string> }>> = {};
  for (const statement of lambdaOf(dev, name).statements) {
    const actions = actionsOf(statement).filter((action) => action.startsWith('dynamodb:'));
    if (actions.length === 0) continue;
    expect(statement.Effect).toBe('Allow');
    for (const resource of resourcesOfStatement(statement)) {
      const table = tableOf(resource);
      grants[table] ??= { table: new Set(), index: new Set() };
      const target = JSON.stringify(resource).includes('/index/') ? grants[table].index : grants[table].table;
      for (const action of actions) target.add(action);
    }
  }
  return Object.fromEntries(
    Object.entries(grants).map(([table, grant]) => [
      table,
      { table: [...grant.table].sort(), index: [...grant.index].sort() },
    ]),
  );
};

const allDynamoGrants = functionEntries.map(([name]) => [name, dynamoGrants(name)] as const);

const G = 'dynamodb:GetItem';
const Q = 'dynamodb:Query';
const B = 'dynamodb:BatchGetItem';
const S = 'dynamodb:Scan';
const P = 'dynamodb:PutItem';
const U = 'dynamodb:UpdateItem';
const D = 'dynamodb:DeleteItem';
const C = 'dynamodb:ConditionCheckItem';
const W = 'dynamodb:BatchWriteItem';
/** What the outbox relay's stream event source needs: reading the outbox table's stream, nothing of its items. */
const STREAM_READ = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

describe('DynamoDB grants: exactly the operations each function performs', () => {
  it.each(functionEntries)(
    '%s: the actions of its table operations on each bound table, Query/Scan alone on its indexes, nothing on other tables',
    (name, description) => {
      const expected = Object.fromEntries(
        boundTables(description).map((table) => {
          const access = description.tables[table];
          if (!access) throw new Error(`${name} does not bind ${table}`);
          const actions = tableActions(access);
          const hasIndexes = Object.keys(tables[table].indexes).length > 0;
          return [
            table,
            { table: actions, index: hasIndexes ? actions.filter((a) => a === Q || a === S) : [] },
          ];
        }),
      );
      if (name === outboxRelay.consumer) expected[outboxRelay.table] = { table: STREAM_READ, index: [] };
      expect(dynamoGrants(name)).toEqual(expected);
    },
  );

  it('grants what the adapters send: GetItem/Query to read, no Scan of the library, puts, updates, deletes and condition checks only where used', () => {
    // DynamoQuestionStore: GetCommand, QueryCommand, TransactWrite of Puts.
    // DynamoArticleDirectory: GetCommand. DynamoLibraryCatalog: resolve = BatchGetCommand, pointer = GetCommand,
    // write and commit = UpdateCommand (the loader only).
    // DynamoArticleReader: Get, BatchGet (graph frontiers), Query. The live-article writers (DynamoLiveArticles
    // and its ports): Get/Query, BatchGet (corpus statistics); publication = PutCommand + TransactWrite of
    // ConditionCheck/Put/Delete/Update; retraction = TransactWrite of Delete/Update; links = Update, or
    // TransactWrite of ConditionCheck/Update; notices = Update.
    // DynamoReviewerDirectory: profiles by UpdateCommand, Get/Query, approval records by PutCommand,
    // DeleteCommand. DynamoLiveApprovals: Get, TransactWrite of two Updates.
    const tableActionsOf = (name: FunctionName) =>
      Object.fromEntries(Object.entries(dynamoGrants(name)).map(([table, grant]) => [table, grant.table]));
    expect(Object.fromEntries(functionEntries.map(([name]) => [name, tableActionsOf(name)]))).toEqual({
      // The publish gate and the asker's answer resolve cited ids only: BatchGetItem, never a Scan.
      'questions-api': { questions: [G, P, Q], articles: [G, Q], sources: [B], outbox: [P] },
      // The generator and the editors' source search read the pointer (GetItem), then the index.
      // DynamoGenerationBudget: one conditional UpdateCommand per model call, one to settle its tokens.
      'generate-draft': { questions: [G, P, Q, U], sources: [B, G, Q], outbox: [P] },
      'review-api': {
        questions: [G, P, Q],
        articles: [D, G, Q, U],
        // A retraction's event, in its transaction.
        outbox: [P],
        reviewers: [G, Q, U],
        // A withdrawal: one conditional UpdateItem of the source's catalogue entry.
        sources: [B, G, Q, U],
        webhooks: [D, G, P, Q, U],
      },
      'publish-article': {
        questions: [G, P, Q],
        // The citation index: one BatchWriteItem of the cited sources' entries before the version.
        articles: [B, W, C, D, G, P, Q, U],
        // article.published, in the transaction of the version.
        outbox: [P],
        reviewers: [G, P, Q],
        sources: [B],
      },
      'propagate-article': { articles: [C, G, Q, U] },
      'public-read': { articles: [B, G, Q], reviewers: [G, Q] },
      // The review sweep: a Query of the byReviewDue index, an UpdateItem taking an article off it.
      // A re-review's and a re-drive's draft.requested: a Put in the outbox.
      reconcile: { questions: [G, P, Q], articles: [G, Q, U], outbox: [P] },
      'refresh-reviewer-names': { articles: [G, Q, U], reviewers: [D, G, Q] },
      // DynamoLibraryCatalog: an UpdateItem per source's metadata and for the pointer, GetItem/BatchGetItem reads.
      // A source the file marks withdrawn: an UpdateItem of its entry, its source.withdrawn a Put in the outbox.
      'load-library': { sources: [B, G, Q, U], outbox: [P] },
      // Endpoints read with one Query; attempts put, health updated, dead letters put.
      'deliver-webhooks': { webhooks: [G, P, Q, U] },
      // A page of the citation index (Query), the live item and question of each citing article.
      // A re-review's draft.requested, in the question's transaction.
      'withdrawal-notices': { articles: [G, Q, U], questions: [G, P, Q], outbox: [P] },
      // The stream of the outbox, read by its event source mapping; never an item of it.
      'relay-outbox': { outbox: STREAM_READ },
      console: {},
    });
  });

  it('public-read only reads: no Scan, PutItem, UpdateItem, DeleteItem or other write on any table or index', () => {
    const grants = dynamoGrants('public-read');
    expect(Object.keys(grants).sort()).toEqual(['articles', 'reviewers']);
    for (const [table, grant] of Object.entries(grants)) {
      for (const action of [...grant.table, ...grant.index])
        expect([G, Q, B], `${table}: ${action}`).toContain(action);
      for (const forbidden of [S, P, U, D, C, 'dynamodb:BatchWriteItem']) {
        expect(grant.table, table).not.toContain(forbidden);
        expect(grant.index, table).not.toContain(forbidden);
      }
    }
  });

  it('only functions whose description scans get Scan, on the sources table (the full texts, until the search index)', () => {
    const scanning = allDynamoGrants.flatMap(([name, grants]) =>
      Object.entries(grants)
        .filter(([, grant]) => grant.table.includes(S) || grant.index.includes(S))
        .map(([table]) => `${name} → ${table}`),
    );
    const declared = functionEntries.flatMap(([name, description]) =>
      boundTables(description)
        .filter((table) => description.tables[table]?.includes('scan'))
        .map((table) => `${name} → ${table}`),
    );
    expect(scanning).toEqual(declared);
    // No function reads the whole library: the gate resolves cited ids, drafting and source search read the index.
    expect(scanning.sort()).toEqual([]);
  });

  it('deletes only where a function removes items; no function gets dynamodb:* or DescribeTable; BatchWriteItem and BatchGetItem only where declared', () => {
    const deleting = allDynamoGrants.flatMap(([name, grants]) =>
      Object.entries(grants)
        .filter(([, grant]) => grant.table.includes(D))
        .map(([table]) => `${name} → ${table}`),
    );
    expect(deleting.sort()).toEqual([
      'publish-article → articles',
      'refresh-reviewer-names → reviewers',
      'review-api → articles',
      'review-api → webhooks',
    ]);
    for (const [name] of functionEntries) {
      for (const statement of lambdaOf(dev, name).statements) {
        for (const action of actionsOf(statement)) {
          expect(action, name).not.toMatch(/^dynamodb:\*$|^\*$|^dynamodb:.*\*/);
          expect(action, name).not.toBe('dynamodb:DescribeTable');
        }
      }
    }
    const batchReading = allDynamoGrants.flatMap(([name, grants]) =>
      Object.entries(grants)
        .filter(([, grant]) => grant.table.includes(B))
        .map(([table]) => `${name} → ${table}`),
    );
    expect(batchReading.sort()).toEqual([
      'generate-draft → sources',
      'load-library → sources',
      'public-read → articles',
      'publish-article → articles',
      'publish-article → sources',
      'questions-api → sources',
      'review-api → sources',
    ]);
    const batchWriting = allDynamoGrants.flatMap(([name, grants]) =>
      Object.entries(grants)
        .filter(([, grant]) => grant.table.includes(W) || grant.index.includes(W))
        .map(([table]) => `${name} → ${table}`),
    );
    // The catalogue is written with one conditional UpdateItem per source, so that concurrent loads keep
    // each other's versions; only the citation index, plain puts, is written in batches.
    expect(batchWriting).toEqual(['publish-article → articles']);
  });

  it('index ARNs only ever get Query or Scan', () => {
    for (const [name, grants] of allDynamoGrants) {
      for (const [table, grant] of Object.entries(grants)) {
        for (const action of grant.index) expect([Q, S], `${name} → ${table}`).toContain(action);
      }
    }
  });
});

describe('queue and bus grants follow sendsTo and publishesEvents', () => {
  const sendsOn = (name: FunctionName): QueueName[] =>
    queueKeys.filter((queue) =>
      lambdaOf(dev, name).statements.some(
        (statement) =>
          actionsOf(statement).includes('sqs:SendMessage') &&
          resourcesOfStatement(statement).some((resource) =>
            JSON.stringify(resource).includes(queueIds[queue]),
          ),
      ),
    );

  it.each(functionEntries)(
    '%s: SendMessage on exactly its sendsTo queues, PutEvents iff it publishes',
    (name, d) => {
      expect(sendsOn(name)).toEqual(
        queueKeys.filter((queue) => (d.sendsTo as readonly QueueName[]).includes(queue)),
      );
      const putsEvents = lambdaOf(dev, name).statements.some((statement) =>
        actionsOf(statement).includes('events:PutEvents'),
      );
      expect(putsEvents).toBe(d.publishesEvents);
    },
  );

  it('no function sends draft requests: they go through the outbox, and the bus routes them to the draft-requests queue', () => {
    for (const [name] of functionEntries) {
      expect(functions[name].sendsTo as readonly string[]).not.toContain('draftRequests');
      expect(sendsOn(name)).not.toContain('draftRequests');
      expect(lambdaOf(dev, name).env).not.toHaveProperty(queues.draftRequests.envVar);
    }
    for (const name of ['questions-api', 'review-api', 'reconcile', 'withdrawal-notices'] as const)
      expect(functions[name].tables).toHaveProperty('outbox', ['put']);
    expect(bus.rules.draftRequests).toMatchObject({
      pattern: { 'detail-type': ['draft.requested'] },
      target: 'draftRequests',
    });
  });
});

describe('function environments match their bindings', () => {
  const resourceVars = new Set<string>([
    ...tableKeys.map((key) => tables[key].envVar),
    ...queueKeys.map((key) => queues[key].envVar),
    bus.envVar,
    ...Object.values(buckets).map((bucket) => bucket.envVar),
  ]);
  const libraryBucketId = logicalIdOf(dev.statefulTemplate, 'AWS::S3::Bucket', (id) =>
    id.startsWith('LibraryBucket'),
  );

  it.each(functionEntries)(
    '%s: exactly the env vars of its tables, its buckets, its sendsTo queues and EVENT_BUS_NAME iff it publishes',
    (name, description) => {
      const { env } = lambdaOf(dev, name);
      const expected: Record<string, string> = {};
      for (const table of boundTables(description)) expected[tables[table].envVar] = tableIds[table];
      for (const queue of description.sendsTo as readonly QueueName[])
        expected[queues[queue].envVar] = queueIds[queue];
      if (description.publishesEvents) expected[bus.envVar] = busId;
      const index = buckets.libraryIndex.prefixes.index;
      const bucketAccess = description.buckets?.libraryIndex;
      if (bucketAccess) expected[buckets.libraryIndex.envVar] = libraryBucketId;

      const present = Object.keys(env)
        .filter((key) => resourceVars.has(key))
        .sort();
      expect(present).toEqual(Object.keys(expected).sort());
      // Each names the resource it is about (a cross-stack import of that table, queue or bus).
      for (const [envVar, logicalId] of Object.entries(expected)) {
        expect(JSON.stringify(env[envVar]), envVar).toContain(logicalId);
      }
      // The index prefix is a plain value, set exactly where the function is bound to it.
      if (bucketAccess && 'index' in bucketAccess) expect(env[index.envVar]).toBe(index.prefix);
      else expect(env[index.envVar]).toBeUndefined();
    },
  );

  // A handler's bundle holds and its container builds only the SDK clients it names (cold start).
  it.each(functionEntries)(
    '%s: builds exactly the SDK clients its description needs',
    async (_name, description) => {
      const module = (await import(join(repoRoot, description.entry))) as {
        platformClients: Record<string, unknown>;
      };
      const expected = [
        ...(boundTables(description).length > 0 ? ['dynamo'] : []),
        ...(description.sendsTo.length > 0 ? ['sqs'] : []),
        ...(description.publishesEvents ? ['events'] : []),
        // LanceDB brings its own S3 client; only a prefix the function's code reads itself needs the SDK's.
        ...(Object.keys(description.buckets?.libraryIndex ?? {}).some(
          (prefix) =>
            (buckets.libraryIndex.prefixes as Record<string, { client: string }>)[prefix]?.client === 'sdk',
        )
          ? ['s3']
          : []),
      ];
      expect(Object.keys(module.platformClients).sort()).toEqual(expected.sort());
    },
  );
});
