import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { relinked } from '../../domain/article.ts';
import { type ArticleLinks, sameLinks } from '../../domain/article-links.ts';
import type { ArticleLinkUpdates, RelinkOptions, RelinkOutcome } from '../../ports/article-link-updates.ts';
import type { LiveArticle } from '../../ports/live-articles.ts';
import { liveArticleKey } from './article-items.ts';
import { DynamoLiveArticles, overExactly, WRITE_ATTEMPTS } from './live-articles.ts';
import { isLostRace } from './lost-race.ts';

/** Link updates of live articles (the propagation worker), each over exactly the item it was worked out from. */
export class DynamoArticleLinkUpdates extends DynamoLiveArticles implements ArticleLinkUpdates {
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
}
