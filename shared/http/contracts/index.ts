import type { RouteKey } from '../routes.ts';
import * as admin from './admin.ts';
import * as articles from './articles.ts';
import * as feedback from './feedback.ts';
import type { OperationContract } from './operation-contract.ts';
import * as platform from './platform.ts';
import * as questions from './questions.ts';
import * as relatedAndSearch from './related-and-search.ts';
import * as review from './review.ts';
import * as reviewers from './reviewers.ts';
import * as sources from './sources.ts';
import * as updates from './updates.ts';
import * as webhooks from './webhooks.ts';

/**
 * The contract of every route, by route key, gathered from the API areas' contract modules: each
 * area's module holds its routes' response schemas, operation entries and examples, its request
 * module (requests/<area>.ts, the one handlers import) their request schemas, so a route change is
 * one area. `satisfies` makes tsc refuse a route of the route table without one.
 */
export const operations = {
  ...questions.operations,
  ...articles.operations,
  ...relatedAndSearch.operations,
  ...updates.operations,
  ...feedback.operations,
  ...reviewers.operations,
  ...review.operations,
  ...sources.operations,
  ...admin.operations,
  ...webhooks.operations,
  ...platform.operations,
} satisfies Record<RouteKey, OperationContract>;

export type Operations = typeof operations;
