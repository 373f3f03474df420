/**
 * `npm run ops -- backfill review-cycle`: gives live versions published before the review cycle
 * their byReviewDue entry, citation index and updates-feed entry (shared/use-cases/backfill-review-cycle.ts).
 * Idempotent: run it again, or while the system serves, and it adds nothing twice.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewCycleBackfill } from '../../shared/adapters/dynamodb/review-cycle-backfill.ts';
import type { ReviewCycleSettings } from '../../shared/domain/review-cycle.ts';
import { type BackfillReport, backfillReviewCycle } from '../../shared/use-cases/backfill-review-cycle.ts';

export const runReviewCycleBackfill = (
  client: DynamoDBDocumentClient,
  tables: { articles: string; questions: string },
  reviewCycle: ReviewCycleSettings,
  log: (line: string) => void = () => undefined,
): Promise<BackfillReport> =>
  backfillReviewCycle({
    articles: new DynamoReviewCycleBackfill(client, tables.articles),
    citations: new DynamoCitationIndex(client, tables.articles),
    questions: new DynamoQuestionStore(client, tables.questions),
    reviewCycle,
    onPage: (report) =>
      log(
        `${report.articles} live articles read: ${report.dueEntries} due entries, ` +
          `${report.citationIndexes} citation indexes, ${report.feedEntries} feed entries added`,
      ),
  });
