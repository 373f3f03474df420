import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CandidatePosting } from '../../domain/related-graph.ts';
import type { CorpusStats } from '../../domain/search-terms.ts';
import { publicationKind } from '../../domain/updates.ts';
import type { ArticlePublication, ArticlePublications } from '../../ports/article-publications.ts';
import {
  BY_UPDATE_INDEX,
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
import {
  DynamoLiveArticles,
  POSTINGS_PER_TERM,
  postingTerms,
  similarityTerms,
  type TransactItem,
} from './live-articles.ts';
import { outboxPuts } from './outbox-items.ts';
import { topicPartition } from './topic-index.ts';
import { feedAttributes } from './update-feed.ts';

/**
 * Publication's writes: the slug claim, the corpus a version's links are worked out from, and the
 * version itself with its postings, counters and events, in one conditional transaction.
 */
export class DynamoArticlePublications extends DynamoLiveArticles implements ArticlePublications {
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

  async similarityPostings(terms: string[]): Promise<Map<string, CandidatePosting[]>> {
    const entries = await Promise.all(
      [...new Set(terms)].map(async (term) => {
        const fields = projection(['id', 'slug', 'title', 'sim']);
        const { Items = [] } = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: BY_UPDATE_INDEX,
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
}
