import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withEtags } from '../../domain/article.ts';
import type { StoredWithdrawalNotice } from '../../domain/source-withdrawal.ts';
import type { ArticleNotices, NoticeOutcome } from '../../ports/citation-index.ts';
import { liveArticleKey } from './article-items.ts';
import { DynamoLiveArticles, overExactly, WRITE_ATTEMPTS } from './live-articles.ts';

/** Withdrawal notices on live articles (withdrawal-notices). */
export class DynamoArticleNotices extends DynamoLiveArticles implements ArticleNotices {
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
}
