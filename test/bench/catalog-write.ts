/**
 * `npx tsx test/bench/catalog-write.ts [COUNT]`: how fast the library
 * catalogue writes a load of COUNT sources (default 100,000) against a
 * fresh in-memory DynamoDB Local, three loads in a row (the first creates
 * the items, the later ones add a version and prune), and what one
 * resolve of 20 cited ids costs then.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb/dynamodb-local.ts';
import { createLocalTable } from '../../infra/local/provision.ts';
import { tables } from '../../infra/resources.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import type { SourceMetadata } from '../../shared/domain/source.ts';

const count = Number(process.argv[2] ?? 100_000);
const TABLE = 'catalogue-bench';

const sources = (edition: number): SourceMetadata[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `src-${index}`,
    title: `A fairly typical guideline title, number ${index}, edition ${edition}`,
    publisher: 'National Institute for Health and Care Excellence',
    year: 2020,
    url: `https://example.org/guidance/${index}`,
    authors: [
      { family: 'Smith', given: 'Ann' },
      { family: 'Jones', given: 'Bob' },
    ],
    container: 'Journal of Tests',
    volume: '12',
    issue: '3',
    pages: '45-67',
    doi: `10.1000/x${index}`,
    pmid: `${index + 1}`,
  }));

const local = await startDynamoDbLocal();
const raw = new DynamoDBClient({
  endpoint: local.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
const sent: string[] = [];
client.middlewareStack.add(
  (next, context) => async (args) => {
    sent.push(context.commandName as string);
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);
try {
  await createLocalTable(raw, TABLE, tables.sources);
  const catalog = new DynamoLibraryCatalog(client, TABLE);
  for (const edition of [1, 2, 3]) {
    const load = `load-${edition}`;
    sent.length = 0;
    const start = performance.now();
    const result = await catalog.write(load, sources(edition));
    const seconds = (performance.now() - start) / 1000;
    const requests = sent.length;
    await catalog.commit(load, { indexVersion: load, sourceCount: count });
    console.log(
      `${load}: ${result.written} written (${result.added} added) in ${seconds.toFixed(1)} s, ${Math.round(count / seconds)} sources/s, ${requests} requests`,
    );
  }
  const ids = Array.from({ length: 20 }, (_, index) => `src-${(index * 4999) % count}`);
  sent.length = 0;
  const start = performance.now();
  const resolved = await catalog.resolve(ids);
  console.log(
    `resolve of 20 cited ids among ${count}: ${resolved.size} resolved, ${sent.join(', ')}, ${(performance.now() - start).toFixed(0)} ms`,
  );
} finally {
  client.destroy();
  await local.stop();
}
