import { expect } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import type {
  articleListSchema,
  articleSchema,
  articleVersionsSchema,
} from '../../shared/http/contracts/articles.ts';
import type { askerAnswerSchema, questionStatusSchema } from '../../shared/http/contracts/questions.ts';
import type { decisionResultSchema, reviewDetailSchema } from '../../shared/http/contracts/review.ts';
import type { Role } from '../../shared/http/routes.ts';
import type * as z from '../../shared/zod.ts';
import { eventually, request, tokenFor } from './runtime.ts';

/**
 * One typed driver for the integration and e2e suites: ask, follow, review and read through the
 * HTTP API, with bodies typed by the contract modules (shared/http/contracts/, the source of the
 * OpenAPI document and so of the generated client). Every response is also checked against that
 * document (test/support/contract.ts), so the types are what was received.
 */
export type QuestionStatusBody = z.output<typeof questionStatusSchema>;
export type QuestionStatus = QuestionStatusBody['status'];
export type AskerAnswer = z.output<typeof askerAnswerSchema>;
export type ReviewDetail = z.output<typeof reviewDetailSchema>;
export type DecisionResult = z.output<typeof decisionResultSchema>;
export type Article = z.output<typeof articleSchema>;
export type ArticleList = z.output<typeof articleListSchema>;
export type ArticleVersions = z.output<typeof articleVersionsSchema>;

export interface DecisionBody {
  revision: number;
  decision: 'approve' | 'reject' | 'request_changes';
  reason?: string;
  changeSummary?: string;
}

export interface ApiTarget {
  /** The API's base URL, read when a call is made (a runtime starts after the driver is made). */
  url: () => string;
  /** A bearer token the API accepts for this user and these roles. */
  tokenFor: (user: string, roles: Role[]) => Promise<string>;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Call with a token for this user (reviewer unless `roles` says otherwise). */
  user?: string;
  roles?: Role[];
}

const json = async <T>(response: Response, status: number): Promise<T> => {
  expect(response.status, `${response.url} answered ${response.status}`).toBe(status);
  return (await response.json()) as T;
};

export const driverFor = (target: ApiTarget) => {
  const api = async (method: string, path: string, options: CallOptions = {}) =>
    request(target.url(), method, path, {
      ...(options.body !== undefined ? { body: options.body } : {}),
      headers: {
        ...(options.user
          ? {
              authorization: `Bearer ${await target.tokenFor(options.user, options.roles ?? ['reviewer'])}`,
            }
          : {}),
        ...options.headers,
      },
    });

  const question = async (id: string) =>
    json<QuestionStatusBody>(await api('GET', `/v1/questions/${id}`), 200);
  const statusOf = async (id: string) => (await question(id)).status;
  /** Polls the question until it is in `status`; its status view then. */
  const waitForStatus = (id: string, status: QuestionStatus, timeoutMs?: number) =>
    eventually(async () => {
      const view = await question(id);
      return view.status === status ? view : undefined;
    }, timeoutMs);

  /** Asks a question (202); its status view. */
  const ask = async (
    text: string,
    options: {
      audience?: 'patient' | 'clinician';
      followUpOf?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const { headers, ...fields } = options;
    return json<QuestionStatusBody>(
      await api('POST', '/v1/questions', {
        body: { question: text, ...fields },
        ...(headers ? { headers } : {}),
      }),
      202,
    );
  };

  /** Asks a question and waits until its first draft is in review; its id. */
  const askAndDraft = async (text: string, timeoutMs?: number) => {
    const { id } = await ask(text);
    await waitForStatus(id, 'in_review', timeoutMs);
    return id;
  };

  const reviewDetail = async (id: string, user = 'reviewer') =>
    json<ReviewDetail>(await api('GET', `/v1/review/questions/${id}`, { user }), 200);

  /** A decision on a revision, as `user`; the response, for tests that expect a refusal (of bad input too). */
  const decide = (
    id: string,
    user: string,
    body: DecisionBody | Record<string, unknown>,
    roles: Role[] = ['reviewer'],
  ) => api('POST', `/v1/review/questions/${id}/decisions`, { body, user, roles });

  /** Approves `revision` as `user` (201); the recorded decision. */
  const approve = async (id: string, user: string, revision: number) =>
    json<DecisionResult>(await decide(id, user, { revision, decision: 'approve' }), 201);

  const answerOf = async (id: string, query = '') =>
    json<AskerAnswer>(await api('GET', `/v1/questions/${id}/answer${query}`), 200);

  const article = async (slug: string, audience?: 'patient' | 'clinician') =>
    json<Article>(await api('GET', `/v1/articles/${slug}${audience ? `?audience=${audience}` : ''}`), 200);
  const articles = async (query = '') => json<ArticleList>(await api('GET', `/v1/articles${query}`), 200);
  const versions = async (slug: string) =>
    json<ArticleVersions>(await api('GET', `/v1/articles/${slug}/versions`), 200);

  return {
    api,
    ask,
    askAndDraft,
    question,
    statusOf,
    waitForStatus,
    reviewDetail,
    decide,
    approve,
    answerOf,
    article,
    articles,
    versions,
  };
};

export type Driver = ReturnType<typeof driverFor>;

/** The driver for the local runtime of a test file (`useRuntime`), with tokens it accepts. */
export const runtimeDriver = (runtime: () => Runtime): Driver =>
  driverFor({ url: () => runtime().url, tokenFor: (user, roles) => tokenFor(runtime(), user, roles) });
