import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { relinked, type VersionRecord, withEtags } from '../../domain/article.ts';
import { type ArticleLinks, linkedSlugs, sameLinks } from '../../domain/article-links.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { CandidatePosting } from '../../domain/related-graph.ts';
import type { CorpusStats } from '../../domain/search-terms.ts';
import type { StoredWithdrawalNotice } from '../../domain/source-withdrawal.ts';
import { publicationKind } from '../../domain/updates.ts';
import type {
  ArticlePublication,
  ArticleWriter,
  LiveArticle,
  RelinkOptions,
  RelinkOutcome,
  Retraction,
} from '../../ports/article-writer.ts';
import type { ArticleNotices, NoticeOutcome } from '../../ports/citation-index.ts';
import {
  articlePartition,
  corpusKey,
  documentFrequencyKey,
  LIST_PARTITION,
  listSortOf,
  liveArticleKey,
  postingKey,
  postingSortOf,
  projection,
  REVIEW_DUE_PARTITION,
  reviewDueSortOf,
  slugClaimKey,
  termPartition,
  versionKey,
} from './article-items.ts';
import { isLostRace } from './lost-race.ts';
import { outboxPuts } from './outbox-items.ts';
import { queryAll } from './query-all.ts';
import { topicPartition } from './topic-index.ts';
import { feedAttributes, retractionMarkItem } from './update-feed.ts';
import { toVersion } from './version-items.ts';

/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
/** Postings read per similarity term: the strongest, which is all similarity needs. */
const POSTINGS_PER_TERM = 100;
/** Tries of a conditional write that lost to a concurrent one (each re-reads first). */
const WRITE_ATTEMPTS = 5;
const INDEX = 'byUpdate';
const LIVE_FIELDS_INTERNAL = ['pk', 'sk', 'entity', 'listKey', 'listSort', 'reviewDueKey', 'reviewDueSort'];

type Item = Record<string, unknown>;
type TransactItem = Record<string, unknown>;

/** Every term an article has a posting for: its search terms and its similarity terms. */
const postingTerms = (article: LiveArticle): Set<string> =>
  new Set([...article.terms.map(({ term }) => term), ...article.similarity.map(({ term }) => term)]);

const similarityTerms = (article: LiveArticle | undefined): Set<string> =>
  new Set(article?.similarity.map(({ term }) => term) ?? []);

/**
 * An update's condition and values for exactly the live item read (its version, links revision and
 * approvals' names: the ETags cover the approvals too, so not over a rename made meanwhile), moving
 * `linksRev` on to `:next`.
 */
const overExactly = (live: LiveArticle) => {
  const names = (live as { namesRevision?: number }).namesRevision;
  return {
    condition:
      '#version = :version AND linksRev = :rev AND ' +
      (names === undefined ? 'attribute_not_exists(namesRevision)' : 'namesRevision = :names'),
    values: {
      ':next': live.linksRev + 1,
      ':version': live.version,
      ':rev': live.linksRev,
      ...(names === undefined ? {} : { ':names': names }),
    },
  };
};

export class DynamoArticleWriter implements ArticleWriter, ArticleNotices {
  /** `outboxTable`: where a publication's and a retraction's events are written (writers that announce need it). */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly outboxTable?: string,
  ) {}

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
    const items = await this.versionItems(slug);
    return items.map(toVersion);
  }

  async similarityPostings(terms: string[]): Promise<Map<string, CandidatePosting[]>> {
    const entries = await Promise.all(
      [...new Set(terms)].map(async (term) => {
        const fields = projection(['id', 'slug', 'title', 'sim']);
        const { Items = [] } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX,
            KeyConditionExpression: '#listKey = :term',
            ExpressionAttributeNames: { ...fields.ExpressionAttributeNames, '#listKey': 'listKey' },
            ExpressionAttributeValues: { ':term': termPartition(term) },
            ProjectionExpression: fields.ProjectionExpression,
            ScanIndexForward: false,
            Limit: POSTINGS_PER_TERM,
          }),
        );
        const postings: CandidatePosting[] = Items.filter((item) => typeof item.sim === 'number').map(
          (item) => ({
            id: item.id as string,
            slug: item.slug as string,
            title: item.title as string,
            weight: item.sim as number,
          }),
        );
        return [term, postings] as const;
      }),
    );
    return new Map(entries);
  }

  async corpusStats(terms: string[]): Promise<CorpusStats> {
    const unique = [...new Set(terms)].slice(0, 99);
    const { Responses } = await this.client.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: [corpusKey, ...unique.map(documentFrequencyKey)] } },
      }),
    );
    const documentFrequency = new Map<string, number>();
    let articles = 0;
    for (const item of Responses?.[this.tableName] ?? []) {
      if (item.pk === corpusKey.pk) articles = Number(item.count ?? 0);
      else documentFrequency.set(String(item.pk).slice('TERM#'.length), Number(item.count ?? 0));
    }
    return { articles: Math.max(0, articles), documentFrequency };
  }

  async publish(publication: ArticlePublication): Promise<'written' | 'conflict'> {
    const { article, version, previous } = publication;
    const { slug } = article;
    const table = this.tableName;
    const items: TransactItem[] = [
      {
        ConditionCheck: {
          TableName: table,
          Key: slugClaimKey(slug),
          ConditionExpression: 'questionId = :questionId',
          ExpressionAttributeValues: { ':questionId': article.id },
        },
      },
      {
        Put: {
          TableName: table,
          Item: {
            ...liveArticleKey(slug),
            entity: 'article',
            ...article,
            listKey: LIST_PARTITION,
            listSort: listSortOf(article.lastUpdated, slug),
            // A new version is due for review again; the sweep finds it through this index entry.
            ...(article.review.nextReviewDue
              ? {
                  reviewDueKey: REVIEW_DUE_PARTITION,
                  reviewDueSort: reviewDueSortOf(article.review.nextReviewDue, slug),
                }
              : {}),
          },
          // Only over exactly the live item the publication was worked out from (an older version whose
          // links have not changed since), so neither a newer version nor a link update is overwritten.
          ...(previous
            ? {
                ConditionExpression:
                  '#version = :previous AND linksRev = :linksRev AND #revision < :revision',
                ExpressionAttributeNames: { '#version': 'version', '#revision': 'revision' },
                ExpressionAttributeValues: {
                  ':previous': previous.version,
                  ':linksRev': previous.linksRev,
                  ':revision': article.revision,
                },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      {
        Put: {
          TableName: table,
          Item: {
            ...versionKey(slug, version.version),
            entity: 'version',
            ...version,
            ...feedAttributes({
              kind: publicationKind(previous !== undefined),
              slug,
              title: article.title,
              version: version.version,
              at: version.publishedAt,
              ...(version.changeSummary !== undefined ? { changeSummary: version.changeSummary } : {}),
            }),
          },
          // A redelivery never makes a second version.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];

    const searchWeights = new Map(article.terms.map(({ term, weight }) => [term, weight]));
    const similarityWeights = new Map(article.similarity.map(({ term, weight }) => [term, weight]));
    const terms = postingTerms(article);
    for (const term of terms) {
      const weight = searchWeights.get(term) ?? 0;
      const sim = similarityWeights.get(term);
      items.push({
        Put: {
          TableName: table,
          Item: {
            ...postingKey(term, slug),
            entity: 'posting',
            term,
            weight,
            ...(sim !== undefined ? { sim } : {}),
            slug,
            id: article.id,
            title: article.title,
            bottomLine: article.bottomLine,
            lastUpdated: article.lastUpdated,
            listKey: termPartition(term),
            listSort: postingSortOf(weight, slug),
            // The byTopic index (topic-index.ts): the list's topic filter, newest first.
            question: article.question,
            version: article.version,
            publishedAt: article.publishedAt,
            topicKey: topicPartition(term),
            topicSort: listSortOf(article.lastUpdated, slug),
            topicTerms: [...terms],
          },
        },
      });
    }
    if (previous) {
      for (const term of postingTerms(previous)) {
        if (!terms.has(term)) items.push({ Delete: { TableName: table, Key: postingKey(term, slug) } });
      }
    }
    const before = similarityTerms(previous);
    const after = similarityTerms(article);
    for (const term of after) if (!before.has(term)) items.push(this.count(documentFrequencyKey(term), 1));
    for (const term of before) if (!after.has(term)) items.push(this.count(documentFrequencyKey(term), -1));
    if (!previous) items.push(this.count(corpusKey, 1));
    items.push(...outboxPuts(this.outboxTable, publication.events));

    return this.transact(items, `the publication of ${slug}`);
  }

  async retract(retraction: Retraction): Promise<VersionRecord | undefined> {
    const { slug, reason, actor, at } = retraction;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const live = await this.getLive(slug);
      if (!live) return undefined;
      const table = this.tableName;
      const listedBy = [...new Set([...linkedSlugs(live.links), ...(live.unlinks ?? [])])];
      const items: TransactItem[] = [
        {
          Delete: {
            TableName: table,
            Key: liveArticleKey(slug),
            // Not while its links change: the articles noted below are exactly those listing it.
            ConditionExpression: '#version = :version AND linksRev = :linksRev',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': live.version, ':linksRev': live.linksRev },
          },
        },
        {
          Update: {
            TableName: table,
            Key: versionKey(slug, live.version),
            UpdateExpression:
              'SET retractedAt = :at, retractionReason = :reason, retractedBy = :actor, retractedLinks = :links',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retractedAt)',
            ExpressionAttributeValues: { ':at': at, ':reason': reason, ':actor': actor, ':links': listedBy },
          },
        },
        {
          Put: {
            TableName: table,
            Item: retractionMarkItem({ slug, title: live.title, version: live.version, at }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...[...postingTerms(live)].map((term) => ({
          Delete: { TableName: table, Key: postingKey(term, slug) },
        })),
        ...[...similarityTerms(live)].map((term) => this.count(documentFrequencyKey(term), -1)),
        this.count(corpusKey, -1),
        ...outboxPuts(this.outboxTable, retraction.events?.(live)),
      ];
      if ((await this.transact(items, `the retraction of ${slug}`)) === 'written') {
        const versions = await this.listVersions(slug);
        return versions.find((entry) => entry.version === live.version);
      }
    }
    throw new ConflictError(`The article ${slug} kept changing during its retraction; try again`);
  }

  async retractedLinks(slug: string): Promise<string[]> {
    const retracted = (await this.versionItems(slug)).filter((item) => item.retractedAt !== undefined);
    return (retracted.at(-1)?.retractedLinks as string[] | undefined) ?? [];
  }

  async relink(
    slug: string,
    change: (article: LiveArticle) => ArticleLinks | undefined,
    options: RelinkOptions = {},
  ): Promise<RelinkOutcome> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const live = await this.getLive(slug);
      if (!live) return 'absent';
      const links = change(live);
      if (!links || sameLinks(links, live.links)) return 'unchanged';
      const { etags } = relinked(live, links);
      const exactly = overExactly(live);
      const update = {
        TableName: this.tableName,
        Key: liveArticleKey(slug),
        UpdateExpression: 'SET links = :links, etags = :etags, linksRev = :next',
        ConditionExpression: exactly.condition,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':links': links, ':etags': etags, ...exactly.values },
      };
      try {
        if (options.whileLive) {
          await this.client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: this.tableName,
                    Key: liveArticleKey(options.whileLive.slug),
                    ConditionExpression:
                      options.whileLive.linksRev === undefined
                        ? '#version = :version'
                        : '#version = :version AND linksRev = :linksRev',
                    ExpressionAttributeNames: { '#version': 'version' },
                    ExpressionAttributeValues: {
                      ':version': options.whileLive.version,
                      ...(options.whileLive.linksRev === undefined
                        ? {}
                        : { ':linksRev': options.whileLive.linksRev }),
                    },
                  },
                },
                { Update: update },
              ],
            }),
          );
        } else {
          await this.client.send(new UpdateCommand(update));
        }
        return 'updated';
      } catch (error) {
        if (
          error instanceof TransactionCanceledException &&
          error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
        ) {
          return 'not-live';
        }
        if (!(error instanceof ConditionalCheckFailedException) && !isLostRace(error)) throw error;
      }
    }
    throw new Error(`The links of ${slug} kept changing; retrying later`);
  }

  /**
   * Sets the notices and the ETags taken of them, over exactly the live item read (its version, links
   * and approvals' names). It also moves `linksRev` on, which is what a concurrent relink or the next
   * publication is conditioned on: neither then writes ETags or a version worked out without the notice.
   */
  async addWithdrawalNotice(slug: string, notice: StoredWithdrawalNotice): Promise<NoticeOutcome> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const live = await this.getLive(slug);
      if (!live) return 'absent';
      if (!(live.sourceIds ?? []).includes(notice.sourceId)) return 'not-citing';
      const notices = live.notices ?? [];
      if (notices.some((existing) => existing.sourceId === notice.sourceId)) return 'present';
      const { etags } = withEtags({ ...live, notices: [...notices, notice] });
      const exactly = overExactly(live);
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: liveArticleKey(slug),
            UpdateExpression: 'SET notices = :notices, etags = :etags, linksRev = :next',
            ConditionExpression: exactly.condition,
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: {
              ':notices': [...notices, notice],
              ':etags': etags,
              ...exactly.values,
            },
          }),
        );
        return 'added';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error(`The live article ${slug} kept changing while its notice was added; retrying later`);
  }

  private versionItems(slug: string) {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': articlePartition(slug), ':prefix': 'V#' },
      ConsistentRead: true,
    });
  }

  /** A counter change inside a transaction (document frequency, live articles). */
  private count(key: { pk: string; sk: string }, by: number): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #count :by',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':by': by },
      },
    };
  }

  private async transact(items: TransactItem[], what: string): Promise<'written' | 'conflict'> {
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(`${what} needs ${items.length} writes; one transaction holds ${MAX_TRANSACTION_ITEMS}`);
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items as never }));
      return 'written';
    } catch (error) {
      if (isLostRace(error)) return 'conflict';
      throw error;
    }
  }
}
