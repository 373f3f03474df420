import { afterAll, describe, expect, it } from 'vitest';
import { type FakeChatModel, startFakeChatModel } from '../support/fake-chat-model.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * GENERATION_BUDGET_FALLBACK=local on the local runtime: once the day's model calls are spent, a
 * question is drafted by the extractive local composer instead of waiting, and its draft says so.
 */
const CALLS_PER_DAY = 1;
let model: FakeChatModel | undefined;
const runtime = useRuntime(async () => {
  model = await startFakeChatModel();
  return {
    env: {
      DRAFT_GENERATOR: 'openai-compatible',
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_MODEL: 'fake-model',
      GENERATION_BUDGET_CALLS_PER_DAY: String(CALLS_PER_DAY),
      GENERATION_BUDGET_FALLBACK: 'local',
    },
  };
});
afterAll(async () => model?.close());

const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
/** A plain question: a random suffix would be read as a clinical term the library lacks. */
const draftOf = async (question: string) => {
  const { id } = await readJson(await api('POST', '/v1/questions', { body: { question } }));
  const headers = { authorization: `Bearer ${await tokenFor(runtime(), 'dr-fallback', ['reviewer'])}` };
  return eventually(async () => {
    const review = await readJson(await api('GET', `/v1/review/questions/${id}`, { headers }));
    return review.question.status === 'in_review' ? review.revisions[0].draft : undefined;
  }, 30_000);
};

describe('the budget fallback to the local composer', () => {
  it('drafts with the model while the budget lasts, then extractively, never waiting', async () => {
    const first = await draftOf('How should I measure my blood pressure at home?');
    expect(first.generator.adapter).toBe('openai-compatible');
    const second = await draftOf('Who should get the yearly flu vaccine?');
    expect(second.generator.adapter).toBe('local');
    expect(second.sections.length).toBeGreaterThan(0);
    expect(model?.calls.ok).toBe(CALLS_PER_DAY);
  }, 90_000);
});
