import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ArticleSummary, VersionRecord } from '../../domain/article.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { ArticleRef, CandidatePosting, EdgeKind, NodeKind } from '../../domain/related-graph.ts';
import type {
  ArticlePublication,
  ArticleStore,
  ListQuery,
  LiveArticle,
  Retraction,
  SearchHit,
  StoredEdge,
} from '../../ports/article-store.ts';
import {
  articlePartition,
  edgeKey,
  edgeSortKey,
  LIST_PARTITION,
  listSortOf,
  liveArticleKey,
  postingKey,
  postingSortOf,
  slugClaimKey,
  termPartition,
  versionKey,
} from './article-items.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { isLostRace } from './lost-race.ts';
import { queryAll } from './query-all.ts';

/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
/** Postings read per term: the strongest, which is all ranking and similarity need. */
const POSTINGS_PER_TERM = 100;
const INDEX = 'byUpdate';
const LIST_CURSOR_ATTRIBUTES = ['pk', 'sk', 'listKey', 'listSort'];
const SUMMARY_FIELDS = [
  'slug',
  'id',
  'title',
  'question',
  'bottomLine',
  'version',
  'publishedAt',
  'lastUpdated',
];
const LIVE_FIELDS_INTERNAL = ['pk', 'sk', 'entity', 'listKey', 'listSort'];

type Item = Record<string, unknown>;
type TransactItem = Record<string, unknown>;

/** A projection over attribute names, each behind a placeholder (several are reserved words). */
const projection = (fields: readonly string[]) => ({
  ProjectionExpression: fields.map((_, i) => `#p${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(fields.map((field, i) => [`#p${i}`, field])),
});

const invalidCursor = () =>
  new ValidationError('The cursor is not one this API issued', [
    { path: 'cursor', message: 'invalid or tampered cursor' },
  ]);

const toSummary = (item: Item): ArticleSummary => ({
  slug: item.slug as string,
  id: item.id as string,
  title: item.title as string,
  question: item.question as string,
  bottomLine: item.bottomLine as string,
  version: item.version as number,
  publishedAt: item.publishedAt as string,
  lastUpdated: item.lastUpdated as string,
});

const toVersion = (item: Item): VersionRecord => ({
  version: item.version as number,
  publishedAt: item.publishedAt as string,
  approvedBy: (item.approvedBy as string[]) ?? [],
  revision: item.revision as number,
  questionId: item.questionId as string,
  ...(item.retractedAt !== undefined
    ? {
        retractedAt: item.retractedAt as string,
        retractionReason: item.retractionReason as string,
        retractedBy: item.retractedBy as string,
      }
    : {}),
});

const toEdge = (item: Item): StoredEdge => ({
  kind: item.kind as EdgeKind,
  weight: item.weight as number,
  to: {
    id: item.to as string,
    ...(item.toSlug !== undefined ? { slug: item.toSlug as string } : {}),
    title: item.toTitle as string,
    kind: item.toKind as NodeKind,
  },
  origin: item.origin as string,
});

export class DynamoArticleStore implements ArticleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private query(input: QueryCommandInput) {
    return queryAll(this.client, input);
  }

  async claimSlug(slug: string, questionId: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...slugClaimKey(slug), entity: 'slug', slug, questionId },
          ConditionExpression: 'attribute_not_exists(pk) OR questionId = :questionId',
          ExpressionAttributeValues: { ':questionId': questionId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getLive(slug: string): Promise<LiveArticle | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: liveArticleKey(slug), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const article: Item = { ...Item };
    for (const field of LIVE_FIELDS_INTERNAL) delete article[field];
    return article as unknown as LiveArticle;
  }

  async listVersions(slug: string): Promise<VersionRecord[]> {
    const items = await this.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': articlePartition(slug), ':prefix': 'V#' },
      ConsistentRead: true,
    });
    return items.map(toVersion);
  }

  async postingsFor(terms: string[]): Promise<Map<string, CandidatePosting[]>> {
    const entries = await Promise.all(
      [...new Set(terms)].map(async (term) => {
        const { Items = [] } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX,
            KeyConditionExpression: 'listKey = :term',
            ExpressionAttributeValues: { ':term': termPartition(term) },
            ScanIndexForward: false,
            Limit: POSTINGS_PER_TERM,
          }),
        );
        const postings: CandidatePosting[] = Items.map((item) => ({
          id: item.id as string,
          slug: item.slug as string,
          title: item.title as string,
          weight: item.weight as number,
        }));
        return [term, postings] as const;
      }),
    );
    return new Map(entries);
  }

  async publish(publication: ArticlePublication): Promise<'written' | 'conflict'> {
    const { article, version, edges, previousTerms } = publication;
    const { slug } = article;
    const table = this.tableName;
    const items: TransactItem[] = [];

    items.push({
      ConditionCheck: {
        TableName: table,
        Key: slugClaimKey(slug),
        ConditionExpression: 'questionId = :questionId',
        ExpressionAttributeValues: { ':questionId': article.id },
      },
    });
    items.push({
      Put: {
        TableName: table,
        Item: {
          ...liveArticleKey(slug),
          entity: 'article',
          ...article,
          listKey: LIST_PARTITION,
          listSort: listSortOf(article.lastUpdated, slug),
        },
        // An older revision never overwrites a newer one; a redelivery never makes a second version.
        ConditionExpression: 'attribute_not_exists(pk) OR (#version < :version AND #revision < :revision)',
        ExpressionAttributeNames: { '#version': 'version', '#revision': 'revision' },
        ExpressionAttributeValues: { ':version': article.version, ':revision': article.revision },
      },
    });
    items.push({
      Put: {
        TableName: table,
        Item: { ...versionKey(slug, version.version), entity: 'version', slug, ...version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });

    const newTerms = new Set(article.terms.map(({ term }) => term));
    for (const { term, weight } of article.terms) {
      items.push({
        Put: {
          TableName: table,
          Item: {
            ...postingKey(term, slug),
            entity: 'posting',
            term,
            weight,
            slug,
            id: article.id,
            title: article.title,
            listKey: termPartition(term),
            listSort: postingSortOf(weight, slug),
          },
        },
      });
    }
    for (const term of new Set(previousTerms)) {
      if (!newTerms.has(term)) items.push({ Delete: { TableName: table, Key: postingKey(term, slug) } });
    }

    const edgeItem = (fromSlug: string, fromId: string, edge: StoredEdge) => ({
      ...edgeKey(fromSlug, edge.kind, edge.to.id),
      entity: 'edge',
      kind: edge.kind,
      weight: edge.weight,
      from: fromId,
      fromSlug,
      to: edge.to.id,
      ...(edge.to.slug !== undefined ? { toSlug: edge.to.slug } : {}),
      toTitle: edge.to.title,
      toKind: edge.to.kind,
      origin: edge.origin,
    });
    const newEdgeKeys = new Set<string>();
    for (const edge of edges) {
      newEdgeKeys.add(edgeSortKey(edge.kind, edge.to.id));
      items.push({ Put: { TableName: table, Item: edgeItem(slug, article.id, { ...edge, origin: slug }) } });
      if (edge.kind === 'similar' && edge.to.slug !== undefined) {
        const reverse: StoredEdge = {
          kind: 'similar',
          weight: edge.weight,
          to: { id: article.id, slug, title: article.title, kind: 'article' },
          origin: slug,
        };
        items.push({ Put: { TableName: table, Item: edgeItem(edge.to.slug, edge.to.id, reverse) } });
      }
    }
    const previousEdges = (await this.listEdges(slug)).filter((edge) => edge.origin === slug);
    for (const edge of previousEdges) {
      if (newEdgeKeys.has(edgeSortKey(edge.kind, edge.to.id))) continue;
      items.push(...this.edgePairDeletes(slug, article.id, edge));
    }

    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(
        `A publication needs ${items.length} writes; one transaction holds ${MAX_TRANSACTION_ITEMS}`,
      );
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items as never }));
      return 'written';
    } catch (error) {
      if (isLostRace(error)) return 'conflict';
      throw error;
    }
  }

  async retract(retraction: Retraction): Promise<VersionRecord | undefined> {
    const { slug, reason, actor, at } = retraction;
    const live = await this.getLive(slug);
    if (!live) return undefined;
    const table = this.tableName;
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: table,
          Key: liveArticleKey(slug),
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': live.version },
        },
      },
      {
        Update: {
          TableName: table,
          Key: versionKey(slug, live.version),
          UpdateExpression: 'SET retractedAt = :at, retractionReason = :reason, retractedBy = :actor',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retractedAt)',
          ExpressionAttributeValues: { ':at': at, ':reason': reason, ':actor': actor },
        },
      },
      ...[...new Set(live.terms.map(({ term }) => term))].map((term) => ({
        Delete: { TableName: table, Key: postingKey(term, slug) },
      })),
    ];
    for (const edge of await this.listEdges(slug)) {
      if (edge.origin === slug) items.push(...this.edgePairDeletes(slug, live.id, edge));
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items as never }));
    } catch (error) {
      // Someone retracted or republished it meanwhile: report what is there now.
      if (isLostRace(error)) {
        if (!(await this.getLive(slug))) return undefined;
        throw new ConflictError(`The article ${slug} changed during its retraction; try again`);
      }
      throw error;
    }
    const versions = await this.listVersions(slug);
    return versions.find((entry) => entry.version === live.version);
  }

  async listLive(query: ListQuery): Promise<{ items: ArticleSummary[]; cursor?: string }> {
    const start = decodeCursor(query.cursor, LIST_CURSOR_ATTRIBUTES);
    if (start) {
      const sort = String(start.listSort);
      if (start.listKey !== LIST_PARTITION || (query.updatedSince && sort < query.updatedSince)) {
        throw invalidCursor();
      }
    }
    const names: Record<string, string> = { '#listKey': 'listKey' };
    const values: Record<string, unknown> = { ':list': LIST_PARTITION };
    let keyCondition = '#listKey = :list';
    if (query.updatedSince) {
      keyCondition += ' AND #listSort >= :since';
      names['#listSort'] = 'listSort';
      values[':since'] = query.updatedSince;
    }
    const filters = query.topicTerms.map((term, i) => {
      values[`:t${i}`] = term;
      return `contains(#topicTerms, :t${i})`;
    });
    if (filters.length > 0) names['#topicTerms'] = 'topicTerms';

    // One more than asked for tells whether another page exists, so the last page has no cursor.
    const wanted = query.limit + 1;
    const found: Item[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined = start;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX,
          KeyConditionExpression: keyCondition,
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: Math.max(wanted, 25),
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      found.push(...(page.Items ?? []));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (found.length < wanted && exclusiveStartKey);

    const items = found.slice(0, query.limit);
    const last = items.at(-1);
    const hasMore = found.length > query.limit;
    return {
      items: items.map(toSummary),
      ...(hasMore && last
        ? {
            cursor: encodeCursor({
              pk: last.pk as string,
              sk: last.sk as string,
              listKey: last.listKey as string,
              listSort: last.listSort as string,
            }),
          }
        : {}),
    };
  }

  async listEdges(slug: string): Promise<StoredEdge[]> {
    const items = await this.query({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': articlePartition(slug), ':prefix': 'EDGE#' },
      ConsistentRead: true,
    });
    return items.map(toEdge);
  }

  async liveRefs(slugs: string[]): Promise<Map<string, ArticleRef>> {
    const unique = [...new Set(slugs)];
    const found = await Promise.all(
      unique.map(async (slug) => {
        const { Item } = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: liveArticleKey(slug),
            ...projection(['id', 'slug', 'title']),
          }),
        );
        return Item ? ({ id: Item.id, slug: Item.slug, title: Item.title } as ArticleRef) : undefined;
      }),
    );
    return new Map(found.filter((ref) => ref !== undefined).map((ref) => [ref.slug, ref]));
  }

  async search(terms: string[], limit: number): Promise<SearchHit[]> {
    const postings = await this.postingsFor(terms);
    const scores = new Map<string, number>();
    for (const list of postings.values()) {
      for (const posting of list) scores.set(posting.slug, (scores.get(posting.slug) ?? 0) + posting.weight);
    }
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const hits: SearchHit[] = [];
    // Postings of an article retracted a moment ago are skipped: only live items are returned.
    for (let offset = 0; offset < ranked.length && hits.length < limit; offset += limit) {
      const batch = ranked.slice(offset, offset + limit);
      const summaries = await Promise.all(
        batch.map(async ([slug]) => {
          const { Item } = await this.client.send(
            new GetCommand({
              TableName: this.tableName,
              Key: liveArticleKey(slug),
              ...projection(SUMMARY_FIELDS),
            }),
          );
          return Item ? toSummary(Item) : undefined;
        }),
      );
      batch.forEach(([, score], index) => {
        const summary = summaries[index];
        if (summary && hits.length < limit) hits.push({ ...summary, score: Math.round(score * 1e4) / 1e4 });
      });
    }
    return hits;
  }

  /** Deletes both halves of an edge pair this article's publication wrote. */
  private edgePairDeletes(slug: string, articleId: string, edge: StoredEdge): TransactItem[] {
    const deletes: TransactItem[] = [
      { Delete: { TableName: this.tableName, Key: edgeKey(slug, edge.kind, edge.to.id) } },
    ];
    if (edge.kind === 'similar' && edge.to.slug !== undefined) {
      deletes.push({
        Delete: { TableName: this.tableName, Key: edgeKey(edge.to.slug, 'similar', articleId) },
      });
    }
    return deletes;
  }
}
