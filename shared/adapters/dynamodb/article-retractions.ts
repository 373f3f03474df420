import type { VersionRecord } from '../../domain/article.ts';
import { linkedSlugs } from '../../domain/article-links.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { ArticleRetractions, Retraction } from '../../ports/article-retractions.ts';
import { corpusKey, documentFrequencyKey, liveArticleKey, postingKey, versionKey } from './article-items.ts';
import {
  DynamoLiveArticles,
  postingTerms,
  similarityTerms,
  type TransactItem,
  WRITE_ATTEMPTS,
} from './live-articles.ts';
import { outboxPuts } from './outbox-items.ts';
import { retractionMarkItem } from './update-feed.ts';

/** Retraction's write: the live item, its postings and counters gone and its version marked, in one transaction. */
export class DynamoArticleRetractions extends DynamoLiveArticles implements ArticleRetractions {
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
}
