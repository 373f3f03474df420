import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ArticleSummary,
  type StoredArticle,
  toPublicArticle,
  type VersionRecord,
} from '../../domain/article.ts';
import type { Audience } from '../../domain/question.ts';
import type { GraphSource } from '../../domain/related-graph.ts';
import type { SearchPosting } from '../../domain/search-terms.ts';
import type { UpdatesPage } from '../../domain/updates.ts';
import type { ArticleReader, ListQuery, ServedArticle } from '../../ports/article-reader.ts';
import {
  articlePartition,
  BY_UPDATE_INDEX,
  LIST_PARTITION,
  liveArticleKey,
  projection,
  termPartition,
} from './article-items.ts';
import { readNewestFirst } from './newest-first.ts';
import { queryAll } from './query-all.ts';
import { listByTopic, MAX_TOPIC_QUERIES } from './topic-index.ts';
import { readUpdates } from './update-feed.ts';
import { toVersion } from './version-items.ts';

/** Postings read per search term: the strongest, which is all ranking needs. */
const POSTINGS_PER_TERM = 100;
/** DynamoDB's limit on the keys of one BatchGetItem. */
const MAX_BATCH_KEYS = 100;
/** Rounds of a batch read's unprocessed keys before giving up (DynamoDB returns them under load). */
const BATCH_ROUNDS = 3;
const SHARED_ARTICLE_FIELDS = [
  'slug',
  'id',
  'title',
  'question',
  'citations',
  'links',
  'suggestedQuestions',
  'review',
  'version',
  'publishedAt',
  'lastUpdated',
  'editorialPolicyUrl',
  'disclaimer',
  'notices',
  'etags',
];
/** Only the audience's own text is read. */
const ARTICLE_FIELDS: Record<Audience, string[]> = {
  clinician: [...SHARED_ARTICLE_FIELDS, 'bottomLine', 'sections'],
  patient: [...SHARED_ARTICLE_FIELDS, 'patient', 'patientDisclaimer'],
};
const GRAPH_FIELDS = ['id', 'slug', 'title', 'links', 'suggestedQuestions'];
const POSTING_FIELDS = ['slug', 'title', 'bottomLine', 'lastUpdated', 'weight'];

type Item = Record<string, unknown>;

const toGraphSource = (item: Item): GraphSource => ({
  id: item.id as string,
  slug: item.slug as string,
  title: item.title as string,
  links: item.links as GraphSource['links'],
  suggestedQuestions: (item.suggestedQuestions as string[]) ?? [],
});

/** The public reads: eventually consistent GetItem, BatchGetItem and Query, a bounded number per call. */
export class DynamoArticleReader implements ArticleReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readArticle(slug: string, audience: Audience): Promise<ServedArticle | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: liveArticleKey(slug),
        ...projection(ARTICLE_FIELDS[audience]),
      }),
    );
    if (!Item) return undefined;
    const stored = Item as unknown as StoredArticle;
    return { article: toPublicArticle(stored, audience), etag: stored.etags[audience] };
  }

  async listVersions(slug: string): Promise<VersionRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': articlePartition(slug), ':prefix': 'V#' },
    });
    return items.map(toVersion);
  }

  listUpdates(query: { limit: number; cursor?: string; since?: string }): Promise<UpdatesPage> {
    return readUpdates(this.client, this.tableName, query);
  }

  async graphSource(slug: string): Promise<GraphSource | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: liveArticleKey(slug), ...projection(GRAPH_FIELDS) }),
    );
    return Item ? toGraphSource(Item) : undefined;
  }

  async graphSources(slugs: string[]): Promise<Map<string, GraphSource>> {
    const found = new Map<string, GraphSource>();
    const unique = [...new Set(slugs)];
    for (let offset = 0; offset < unique.length; offset += MAX_BATCH_KEYS) {
      let keys: Record<string, unknown>[] = unique.slice(offset, offset + MAX_BATCH_KEYS).map(liveArticleKey);
      for (let round = 0; round < BATCH_ROUNDS && keys.length > 0; round++) {
        const { Responses, UnprocessedKeys } = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ...projection(GRAPH_FIELDS) } },
          }),
        );
        for (const item of Responses?.[this.tableName] ?? [])
          found.set(item.slug as string, toGraphSource(item));
        keys = (UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
      if (keys.length > 0) throw new Error(`DynamoDB left ${keys.length} keys of a batch read unprocessed`);
    }
    return found;
  }

  async searchPostings(terms: string[]): Promise<Map<string, SearchPosting[]>> {
    const entries = await Promise.all(
      [...new Set(terms)].map(async (term) => {
        const names = projection(POSTING_FIELDS);
        const { Items = [] } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: BY_UPDATE_INDEX,
            KeyConditionExpression: '#listKey = :term',
            ExpressionAttributeNames: { ...names.ExpressionAttributeNames, '#listKey': 'listKey' },
            ExpressionAttributeValues: { ':term': termPartition(term) },
            ProjectionExpression: names.ProjectionExpression,
            ScanIndexForward: false,
            Limit: POSTINGS_PER_TERM,
          }),
        );
        return [term, Items as SearchPosting[]] as const;
      }),
    );
    return new Map(entries);
  }

  async listLive(query: ListQuery): Promise<{ items: ArticleSummary[]; cursor?: string }> {
    if (query.topicTerms.length > 0) return listByTopic(this.client, this.tableName, query);
    return readNewestFirst(
      this.client,
      this.tableName,
      {
        index: BY_UPDATE_INDEX,
        partitionAttribute: 'listKey',
        sortAttribute: 'listSort',
        partition: LIST_PARTITION,
        maxQueries: MAX_TOPIC_QUERIES,
      },
      query,
    );
  }
}
