/**
 * The ports kept in DynamoDB, one factory each, built once per composition
 * root (root.ts). Stores whose changes announce events write them to the
 * root's outbox table in the same transaction (functions that announce say so).
 */
import { DynamoArticleDirectory } from '../adapters/dynamodb/article-directory.ts';
import { DynamoArticleLinkUpdates } from '../adapters/dynamodb/article-link-updates.ts';
import { DynamoArticleNotices } from '../adapters/dynamodb/article-notices.ts';
import { DynamoArticlePublications } from '../adapters/dynamodb/article-publications.ts';
import { DynamoArticleReader } from '../adapters/dynamodb/article-reader.ts';
import { DynamoArticleRetractions } from '../adapters/dynamodb/article-retractions.ts';
import { DynamoCitationIndex } from '../adapters/dynamodb/citation-index.ts';
import { DynamoFeedbackStore } from '../adapters/dynamodb/feedback-store.ts';
import { DynamoGenerationBudget } from '../adapters/dynamodb/generation-budget.ts';
import { DynamoLibraryCatalog } from '../adapters/dynamodb/library-catalog.ts';
import { DynamoLiveApprovals } from '../adapters/dynamodb/live-approvals.ts';
import { DynamoOutboxPublisher } from '../adapters/dynamodb/outbox-publisher.ts';
import { DynamoQuestionStore } from '../adapters/dynamodb/question-store.ts';
import { DynamoReviewDueIndex } from '../adapters/dynamodb/review-due-index.ts';
import { DynamoReviewerDirectory } from '../adapters/dynamodb/reviewer-directory.ts';
import { DynamoWebhookStore } from '../adapters/dynamodb/webhook-store.ts';
import { type CompositionRoot, once } from './root.ts';

type Tables = CompositionRoot<'dynamo'>;

export function questions(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(
    root,
    'questions',
    () => new DynamoQuestionStore(dynamo, config.tables.questions, root.outboxTable),
  );
}

/** The asker's side of the articles: slugs of live articles, for answers and feedback. */
export function articleDirectory(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'articleDirectory', () => new DynamoArticleDirectory(dynamo, config.tables.articles));
}

/** The public read model of the articles. */
export function articleReader(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'articleReader', () => new DynamoArticleReader(dynamo, config.tables.articles));
}

/** Publication's writes: slug claims, the corpus a version's links come from, the version. */
export function publications(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(
    root,
    'publications',
    () => new DynamoArticlePublications(dynamo, config.tables.articles, root.outboxTable),
  );
}

/** Retraction of live articles. */
export function retractions(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(
    root,
    'retractions',
    () => new DynamoArticleRetractions(dynamo, config.tables.articles, root.outboxTable),
  );
}

/** The links between live articles, kept converging by the propagation worker. */
export function articleLinks(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'articleLinks', () => new DynamoArticleLinkUpdates(dynamo, config.tables.articles));
}

/** Withdrawal notices on the live articles citing a withdrawn source. */
export function articleNotices(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'articleNotices', () => new DynamoArticleNotices(dynamo, config.tables.articles));
}

/** The library's catalog: its sources, loads and withdrawals. */
export function catalog(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'catalog', () => new DynamoLibraryCatalog(dynamo, config.tables.sources));
}

/** Which articles cite which sources. */
export function citations(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'citations', () => new DynamoCitationIndex(dynamo, config.tables.articles));
}

/** Events on their own, through the outbox (changes that write state put theirs in their own transaction). */
export function outbox(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'outbox', () => new DynamoOutboxPublisher(dynamo, config.tables.outbox));
}

export function reviewers(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'reviewers', () => new DynamoReviewerDirectory(dynamo, config.tables.reviewers));
}

/** The reviewers' approvals of live articles (for their names on the article). */
export function liveApprovals(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'liveApprovals', () => new DynamoLiveApprovals(dynamo, config.tables.articles));
}

/** Live articles by when their next review is due. */
export function reviewsDue(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'reviewsDue', () => new DynamoReviewDueIndex(dynamo, config.tables.articles));
}

/** Readers' reports on articles. */
export function feedback(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(
    root,
    'feedback',
    () => new DynamoFeedbackStore(dynamo, config.tables.questions, root.outboxTable),
  );
}

/** Registered webhook endpoints and their deliveries. */
export function webhooks(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(root, 'webhooks', () => new DynamoWebhookStore(dynamo, config.tables.webhooks));
}

/** The daily budget of remote-model calls (kept in the questions table). */
export function generationBudget(root: Tables) {
  const { dynamo, config } = root.platform;
  return once(
    root,
    'generationBudget',
    () => new DynamoGenerationBudget(dynamo, config.tables.questions, config.generator.budget),
  );
}
