/** The ports that are SQS queues, one factory each, built once per composition root (root.ts). */
import { SqsReviewerNamesQueue } from '../adapters/sqs/sqs-reviewer-names-queue.ts';
import { SqsWithdrawalPages } from '../adapters/sqs/sqs-withdrawal-pages.ts';
import { type CompositionRoot, once } from './root.ts';

type Queues = CompositionRoot<'sqs'>;

/** Requests to refresh a reviewer's name on the live articles they approved. */
export function reviewerNamesQueue(root: Queues) {
  const { sqs, config } = root.platform;
  return once(root, 'reviewerNamesQueue', () => new SqsReviewerNamesQueue(sqs, config.queues.reviewerNames));
}

/** The next page of a source withdrawal's citing articles. */
export function withdrawalPages(root: Queues) {
  const { sqs, config } = root.platform;
  return once(root, 'withdrawalPages', () => new SqsWithdrawalPages(sqs, config.queues.sourceWithdrawals));
}
