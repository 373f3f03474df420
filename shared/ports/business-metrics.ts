/**
 * The pipeline's business metrics, as operators and a reviewer's manager
 * read them on the dashboard. Names are CloudWatch metric names in the
 * METRICS_NAMESPACE; a metric with dimensions is emitted with exactly those
 * (plus the function's `service`).
 */
export const METRICS_NAMESPACE = 'Vetted';

export const BUSINESS_METRICS = {
  QuestionsAsked: 'Count',
  DraftsGenerated: 'Count',
  /** Drafted, but the generator found no relevant source and said so (`no_relevant_sources`). */
  DraftsRefused: 'Count',
  /** Drafting gave up: unusable output or every attempt failed; the question is `failed`. */
  DraftsFailed: 'Count',
  /** Drafting found the day's generation budget spent: the question waits for the reset. */
  DraftsWaitingForBudget: 'Count',
  /** The day's generation budget used, in percent of its tighter limit, after each reservation (alarms at 80 and 100). */
  GenerationBudgetUsedPercent: 'Percent',
  /** One per reviewer decision, by `decision` (approve, reject, request_changes). */
  ReviewDecisions: 'Count',
  Publications: 'Count',
  Retractions: 'Count',
  /** From the question being asked to its first draft being in review. */
  AskToReviewSeconds: 'Seconds',
  /** From the approval that completed a revision's approvals to the article being live. */
  ApprovalToPublicationSeconds: 'Seconds',
  /** Sampled by the reconciler: questions in review now, and how long the oldest has waited. */
  QuestionsAwaitingReview: 'Count',
  OldestAwaitingReviewSeconds: 'Seconds',
  /** A library file was loaded and committed (a new index version serves drafting). */
  LibraryLoads: 'Count',
  /** A library file was refused: it does not parse, or a record is invalid; nothing was loaded. */
  LibraryLoadsRefused: 'Count',
  /** A webhook delivery attempt was answered 2xx. */
  WebhookDeliveries: 'Count',
  /** A webhook delivery failed its last attempt: it is kept as a dead-letter record. */
  WebhookDeadLetters: 'Count',
  /** A webhook endpoint failed for a day and was disabled. */
  WebhookEndpointsDisabled: 'Count',
  /** Sources in the library after a committed load. */
  LibrarySources: 'Count',
} as const;

export type BusinessMetricName = keyof typeof BUSINESS_METRICS;

export interface BusinessMetric {
  name: BusinessMetricName;
  value: number;
  dimensions?: Record<string, string>;
}

/** Where handlers record business metrics; the Lambda adapter writes CloudWatch EMF to stdout. */
export interface BusinessMetrics {
  record(...metrics: BusinessMetric[]): void;
}
