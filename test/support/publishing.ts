import type { Runtime } from '../../infra/local/runtime.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { eventually, readJson, request, tokenFor } from './runtime.ts';

/**
 * Asks a question over HTTP, waits for its draft, approves it as a reviewer
 * and waits until it is published: the real pipeline, end to end.
 */
export const askAndPublish = async (
  runtime: Runtime,
  question: string,
  extra: Record<string, unknown> = {},
  reviewer = 'dr-reader',
): Promise<{ id: string; slug: string }> => {
  const questions = new DynamoQuestionStore(runtime.platform.dynamo, runtime.config.tables.questions);
  const { id } = await readJson(
    await request(runtime.url, 'POST', '/v1/questions', { body: { question, ...extra } }),
  );
  const drafted = await eventually(async () => {
    const current = await questions.get(id);
    return current?.status === 'in_review' ? current : undefined;
  });
  const decided = await request(runtime.url, 'POST', `/v1/review/questions/${id}/decisions`, {
    body: { revision: drafted.currentRevision, decision: 'approve' },
    headers: { authorization: `Bearer ${await tokenFor(runtime, reviewer, ['reviewer'])}` },
  });
  if (decided.status !== 201)
    throw new Error(`The approval answered ${decided.status}: ${await decided.text()}`);
  const published = await eventually(async () => {
    const current = await questions.get(id);
    return current?.status === 'published' ? current : undefined;
  });
  return { id, slug: published.articleSlug as string };
};
