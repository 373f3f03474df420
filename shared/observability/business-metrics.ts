import { type BudgetLimits, type BudgetUsage, budgetUsedPercent } from '../domain/generation-budget.ts';
import type { Question } from '../domain/question.ts';
import type { BusinessMetric } from '../ports/business-metrics.ts';

/**
 * Which business metrics a use case's outcome stands for. Pure: handlers
 * map an outcome here and hand the result to the BusinessMetrics port, so
 * the use cases themselves know nothing of metrics.
 */

const secondsBetween = (from: string, to: Date): number =>
  Math.max(0, (to.getTime() - new Date(from).getTime()) / 1000);

/** Only the request that stored a question counts: duplicates and idempotent replays do not. */
export const askedMetrics = (created: boolean): BusinessMetric[] =>
  created ? [{ name: 'QuestionsAsked', value: 1 }] : [];

export type DraftResult =
  | { kind: 'drafted'; question: Question; draft: { flags?: readonly string[] } }
  | { kind: 'failed' }
  | { kind: 'waiting' }
  | { kind: 'skipped' };

export const draftMetrics = (outcome: DraftResult, now: Date): BusinessMetric[] => {
  if (outcome.kind === 'failed') return [{ name: 'DraftsFailed', value: 1 }];
  if (outcome.kind === 'waiting') return [{ name: 'DraftsWaitingForBudget', value: 1 }];
  if (outcome.kind !== 'drafted') return [];
  const refused = outcome.draft.flags?.includes('no_relevant_sources') ?? false;
  const metrics: BusinessMetric[] = [{ name: refused ? 'DraftsRefused' : 'DraftsGenerated', value: 1 }];
  // The first draft is the end of the asker's wait for review; later ones are revisions.
  if (outcome.question.currentRevision === 1) {
    metrics.push({ name: 'AskToReviewSeconds', value: secondsBetween(outcome.question.createdAt, now) });
  }
  return metrics;
};

export const decisionMetrics = (decision: string): BusinessMetric[] => [
  { name: 'ReviewDecisions', value: 1, dimensions: { decision } },
];

/** `approvedAt` is when the approval event that triggered the publication occurred. */
export const publicationMetrics = (
  outcome: { kind: string },
  approvedAt: string,
  now: Date,
): BusinessMetric[] =>
  outcome.kind === 'published'
    ? [
        { name: 'Publications', value: 1 },
        { name: 'ApprovalToPublicationSeconds', value: secondsBetween(approvedAt, now) },
      ]
    : [];

export const retractionMetrics = (): BusinessMetric[] => [{ name: 'Retractions', value: 1 }];

/** The review backlog as the reconciler samples it: how many wait, and since when the oldest. */
export const backlogMetrics = (
  waiting: number,
  oldestSince: string | undefined,
  now: Date,
): BusinessMetric[] => [
  { name: 'QuestionsAwaitingReview', value: waiting },
  { name: 'OldestAwaitingReviewSeconds', value: oldestSince ? secondsBetween(oldestSince, now) : 0 },
];

/** A webhook attempt's outcome: successes, dead letters and disabled endpoints are counted (and alarmed on). */
export const webhookMetrics = (outcome: string): BusinessMetric[] => {
  if (outcome === 'delivered') return [{ name: 'WebhookDeliveries', value: 1 }];
  if (outcome === 'dead-lettered') return [{ name: 'WebhookDeadLetters', value: 1 }];
  if (outcome === 'disabled')
    return [
      { name: 'WebhookDeadLetters', value: 1 },
      { name: 'WebhookEndpointsDisabled', value: 1 },
    ];
  return [];
};

/** The generation budget after a reservation (or a refusal: the budget is then full). */
export const budgetMetrics = (
  limits: BudgetLimits,
  reservation: { granted: true; usage: BudgetUsage } | { granted: false },
): BusinessMetric[] => [
  {
    name: 'GenerationBudgetUsedPercent',
    value: reservation.granted ? budgetUsedPercent(limits, reservation.usage) : 100,
  },
];
