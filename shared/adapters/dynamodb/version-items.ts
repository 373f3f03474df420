import type { VersionRecord } from '../../domain/article.ts';

/** A version-history item as the domain knows it (the retraction's bookkeeping stays behind). */
export const toVersion = (item: Record<string, unknown>): VersionRecord => ({
  version: item.version as number,
  publishedAt: item.publishedAt as string,
  approvedBy: (item.approvedBy as string[]) ?? [],
  revision: item.revision as number,
  questionId: item.questionId as string,
  ...(typeof item.lastReviewedAt === 'string' && typeof item.nextReviewDue === 'string'
    ? { lastReviewedAt: item.lastReviewedAt, nextReviewDue: item.nextReviewDue }
    : {}),
  ...(typeof item.changeSummary === 'string' ? { changeSummary: item.changeSummary } : {}),
  ...(item.retractedAt !== undefined
    ? {
        retractedAt: item.retractedAt as string,
        retractionReason: item.retractionReason as string,
        retractedBy: item.retractedBy as string,
      }
    : {}),
});
