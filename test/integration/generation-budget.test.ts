import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetKey } from '../../shared/adapters/dynamodb/generation-budget.ts';
import { BUDGET_SPENT_REASON } from '../../shared/domain/generation-budget.ts';
import { runtimeDriver } from '../support/driver.ts';
import { type FakeChatModel, startFakeChatModel } from '../support/fake-chat-model.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The daily generation budget on the local runtime, with the OpenAI-compatible adapter talking to a
 * local model server and the functions' clock moved instead of waited for: model calls (first drafts
 * and reviewer regenerations alike) stop at the limit, the questions that find it spent wait as
 * `submitted` with a public reason, and the reconciler drafts them once the next UTC day begins.
 */
const HOUR_MS = 60 * 60 * 1000;
const CALLS_PER_DAY = 3;
// A virtual day that starts well clear of midnight, whenever the test runs.
const DAY_ONE = Date.parse('2031-05-05T08:00:00Z');
let shiftMs = DAY_ONE - Date.now();

let model: FakeChatModel | undefined;
const runtime = useRuntime(async () => {
  model = await startFakeChatModel();
  return {
    clock: () => new Date(Date.now() + shiftMs),
    env: {
      DRAFT_GENERATOR: 'openai-compatible',
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_MODEL: 'fake-model',
      GENERATION_BUDGET_CALLS_PER_DAY: String(CALLS_PER_DAY),
    },
  };
});
afterAll(async () => model?.close());

const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
// Plain questions (the runtime is this file's own): a random suffix would be read as a clinical
// term the library lacks, and could make the relevance step refuse the question.
const driver = runtimeDriver(runtime);
const ask = async (question: string) => (await driver.ask(question)).id;
const statusOf = driver.question;
const reachesReview = (id: string, revision: number) =>
  eventually(async () => {
    const review = await readJson(
      await api('GET', `/v1/review/questions/${id}`, { headers: await reviewer() }),
    );
    return review.question.status === 'in_review' && review.revisions.length === revision
      ? review
      : undefined;
  }, 30_000);
/** Polls until the question waits for the budget; why, and until when. */
const waitsForBudget = (id: string) =>
  eventually(async () => {
    const status = await statusOf(id);
    return status.status === 'submitted' ? status.waiting : undefined;
  }, 30_000);
const reviewer = async () => ({
  authorization: `Bearer ${await tokenFor(runtime(), 'dr-budget', ['reviewer'])}`,
});
const requestChanges = async (id: string, revision: number) => {
  const response = await api('POST', `/v1/review/questions/${id}/decisions`, {
    headers: await reviewer(),
    body: { revision, decision: 'request_changes', reason: 'Say more about how often to check it.' },
  });
  expect(response.status).toBe(201);
};
const modelCalls = () => model?.calls.ok ?? 0;
const budgetItem = async (day: string) =>
  (
    await runtime().platform.dynamo.send(
      new GetCommand({ TableName: runtime().config.tables.questions, Key: budgetKey(day) }),
    )
  ).Item;
const reconcile = async () => (await runtime().reconcile()) as { submitted: number };

describe('the daily generation budget', () => {
  let first: string;
  let second: string;
  let third: string;

  it('counts first drafts and reviewer regenerations, and stops calling the model at the limit', async () => {
    first = await ask('How should I measure my blood pressure at home?');
    second = await ask('Who should get the yearly flu vaccine?');
    await reachesReview(first, 1);
    await reachesReview(second, 1);
    await requestChanges(first, 1);
    await reachesReview(first, 2);
    expect(modelCalls()).toBe(CALLS_PER_DAY);

    third = await ask('Is walking good for knee arthritis?');
    const waiting = await waitsForBudget(third);
    expect(waiting).toEqual({ reason: BUDGET_SPENT_REASON, until: '2031-05-06T00:00:00.000Z' });
    // A regeneration waits too, and the asker's status view says why.
    await requestChanges(second, 1);
    expect((await waitsForBudget(second)).reason).toBe(BUDGET_SPENT_REASON);
    expect(modelCalls()).toBe(CALLS_PER_DAY);
  }, 120_000);

  it("keeps the day's counter with the tokens the model reported, not the reservations", async () => {
    const item = await budgetItem('2031-05-05');
    expect(item).toMatchObject({ calls: CALLS_PER_DAY, tokens: model?.tokensUsed() });
    expect(model?.tokensUsed()).toBeGreaterThan(0);
  });

  it('leaves waiting questions alone for the rest of the day', async () => {
    shiftMs += 3 * HOUR_MS;
    expect((await reconcile()).submitted).toBe(0);
    expect((await statusOf(third)).status).toBe('submitted');
    expect(modelCalls()).toBe(CALLS_PER_DAY);
  });

  it('drafts them once the budget has reset the next UTC day', async () => {
    shiftMs += 24 * HOUR_MS;
    expect((await reconcile()).submitted).toBe(2);
    await reachesReview(third, 1);
    await reachesReview(second, 2);
    expect((await statusOf(third)).waiting).toBeUndefined();
    expect(modelCalls()).toBe(CALLS_PER_DAY + 2);
    expect(await budgetItem('2031-05-06')).toMatchObject({ calls: 2 });
  }, 120_000);
});
