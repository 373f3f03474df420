import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { VersionRecord } from '../../domain/article.ts';
import type { LiveArticle, LiveArticles } from '../../ports/live-articles.ts';
import { articlePartition, liveArticleKey } from './article-items.ts';
import { isLostRace } from './lost-race.ts';
import { queryAll } from './query-all.ts';
import { toVersion } from './version-items.ts';

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Postings read per similarity term: the strongest, which is all similarity needs. */
export const POSTINGS_PER_TERM = 100;
/** Tries of a conditional write that lost to a concurrent one (each re-reads first). */
export const WRITE_ATTEMPTS = 5;

const LIVE_FIELDS_INTERNAL = ['pk', 'sk', 'entity', 'listKey', 'listSort', 'reviewDueKey', 'reviewDueSort'];

type Item = Record<string, unknown>;
export type TransactItem = Record<string, unknown>;

/** Every term an article has a posting for: its search terms and its similarity terms. */
export const postingTerms = (article: LiveArticle): Set<string> =>
  new Set([...article.terms.map(({ term }) => term), ...article.similarity.map(({ term }) => term)]);

export const similarityTerms = (article: LiveArticle | undefined): Set<string> =>
  new Set(article?.similarity.map(({ term }) => term) ?? []);

/**
 * An update's condition and values for exactly the live item read (its version, links revision and
 * approvals' names: the ETags cover the approvals too, so not over a rename made meanwhile), moving
 * `linksRev` on to `:next`.
 */
export const overExactly = (live: LiveArticle) => {
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

/**
 * The live articles of the articles table as the write side reads them (strongly consistent), and
 * the transaction helpers its writers share: publication, retraction, link updates and notices
 * each extend it with their own writes.
 */
export class DynamoLiveArticles implements LiveArticles {
  /** `outboxTable`: where a publication's and a retraction's events are written (writers that announce need it). */
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly outboxTable?: string,
  ) {}

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

  async retractedLinks(slug: string): Promise<string[]> {
    const retracted = (await this.versionItems(slug)).filter((item) => item.retractedAt !== undefined);
    return (retracted.at(-1)?.retractedLinks as string[] | undefined) ?? [];
  }

  protected versionItems(slug: string) {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': articlePartition(slug), ':prefix': 'V#' },
      ConsistentRead: true,
    });
  }

  /** A counter change inside a transaction (document frequency, live articles). */
  protected count(key: { pk: string; sk: string }, by: number): TransactItem {
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

  protected async transact(items: TransactItem[], what: string): Promise<'written' | 'conflict'> {
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
