import { expect } from 'vitest';
import type { Runtime } from '../../infra/local/runtime.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import { askAndPublish } from './publishing.ts';
import { queuesDrained } from './queues.ts';
import { eventually, readJson, request } from './runtime.ts';

/**
 * What the tests of withdrawals marked in a library file share, whichever way the file is loaded
 * (`sources:load`, the load-library function): a published article citing demo sources, and what
 * its source's withdrawal must have done to it.
 */
export const successor = 'demo-flu-vaccine-safety';
export const reason = 'Replaced by the 2026 update of the guideline';

const questions = (runtime: Runtime) =>
  new DynamoQuestionStore(runtime.platform.dynamo, runtime.config.tables.questions);

/** A published article, and a demo source it cites other than the successor. */
export const publishedCitingArticle = async (runtime: Runtime) => {
  const article = await askAndPublish(runtime, 'Should adults get a flu vaccine every year?');
  const revision = (await questions(runtime).getRevision(article.id, 1)) as { draft: Draft };
  const sources = revision.draft.citations.flatMap((c) => (c.sourceId ? [c.sourceId] : []));
  return { article, cited: sources.find((id) => id !== successor) as string };
};

/** The source is withdrawn as marked, the article carries the notice, and its re-review drops the source. */
export const expectWithdrawnAndReReviewed = async (
  runtime: Runtime,
  article: { id: string; slug: string },
  cited: string,
) => {
  const catalog = new DynamoLibraryCatalog(runtime.platform.dynamo, runtime.config.tables.sources);
  const { withdrawn } = await catalog.resolveWithWithdrawals([cited]);
  expect(withdrawn.get(cited)).toMatchObject({ reason, supersededBy: successor, by: 'sources:load' });
  const body = await eventually(async () => {
    const read = await readJson(await request(runtime.url, 'GET', `/v1/articles/${article.slug}`));
    return read.notices.length > 0 ? read : undefined;
  });
  expect(body.notices.map((notice: { kind: string }) => notice.kind)).toEqual(['source_withdrawn']);
  const question = await eventually(async () => {
    const current = await questions(runtime).get(article.id);
    return current?.status === 'in_review' ? current : undefined;
  });
  expect(question).toMatchObject({ reviewReason: 'source_withdrawn', currentRevision: 2 });
  const draft = (await questions(runtime).getRevision(article.id, 2))?.draft as Draft;
  expect(draft.citations.map((c) => c.sourceId)).not.toContain(cited);
};

/** Once the queues are drained: still the one re-review and the one audit entry of the withdrawal. */
export const expectNothingOpenedTwice = async (runtime: Runtime, article: { id: string; slug: string }) => {
  await queuesDrained(runtime, ['sourceWithdrawals', 'draftRequests']);
  expect((await questions(runtime).get(article.id))?.currentRevision).toBe(2);
  const audit = await questions(runtime).listAudit(article.id);
  expect(audit.filter((entry) => entry.action === 'source.withdrawn')).toHaveLength(1);
  const read = await readJson(await request(runtime.url, 'GET', `/v1/articles/${article.slug}`));
  expect(read.notices).toHaveLength(1);
};
