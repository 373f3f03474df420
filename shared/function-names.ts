/**
 * The Lambda functions Vetted deploys, one per folder of functions/. Routes (shared/http/routes.ts)
 * point at the HTTP ones; infra/resources.ts describes each one's tables, queues and grants.
 */
export type FunctionName =
  | 'questions-api'
  | 'generate-draft'
  | 'review-api'
  | 'publish-article'
  | 'propagate-article'
  | 'public-read'
  | 'reconcile'
  | 'refresh-reviewer-names'
  | 'load-library'
  | 'deliver-webhooks'
  | 'withdrawal-notices'
  | 'relay-outbox'
  | 'console';
