import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoLiveArticles } from '../../shared/adapters/dynamodb/live-articles.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Role } from '../../shared/http/routes.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The safety property, extended to withdrawals: no public article ever
 * cites a withdrawn source without a `source_withdrawn` notice. Random
 * sequences of asks, approvals (first versions and re-reviews), withdrawals
 * of sources live articles cite (some superseded) and retractions run on the
 * local runtime; once each step settles, every live article is checked.
 */
const runtime = useRuntime();
const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const articles = () => new DynamoLiveArticles(runtime().platform.dynamo, runtime().config.tables.articles);
const catalog = () => new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources);
const api = async (method: string, path: string, user: string, roles: Role[], body?: unknown) =>
  request(runtime().url, method, path, {
    ...(body !== undefined ? { body } : {}),
    headers: { authorization: `Bearer ${await tokenFor(runtime(), user, roles)}` },
  });

/** Questions on neighbouring topics, so their articles share sources. */
const QUESTIONS = [
  'How should I measure my blood pressure at home?',
  'What blood pressure should I aim for on treatment?',
  'Which lifestyle changes lower high blood pressure?',
  'Who should get the yearly flu vaccine?',
];

type Step =
  | { kind: 'ask'; question: number }
  | { kind: 'approve'; question: number }
  | { kind: 'withdraw'; question: number; pick: number; superseded: boolean }
  | { kind: 'retract'; question: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('ask' as const), question: fc.nat(QUESTIONS.length - 1) }),
  fc.record({ kind: fc.constant('approve' as const), question: fc.nat(QUESTIONS.length - 1) }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    question: fc.nat(QUESTIONS.length - 1),
    pick: fc.nat(5),
    superseded: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('retract' as const), question: fc.nat(QUESTIONS.length - 1) }),
);

/** Question ids by pool index, for this runtime: asked at most once each (later asks are new questions). */
const asked = new Map<number, string>();
let counter = 0;
const withdrawnSoFar = new Set<string>();

/** Nothing in flight: no withdrawal page, draft or publication pending, no question mid-way. */
const settle = async () => {
  await queuesDrained(runtime(), ['sourceWithdrawals', 'draftRequests', 'publication', 'articleChanges']);
  for (const id of asked.values()) {
    await eventually(async () => {
      const question = await store().get(id);
      return question && !['submitted', 'drafting', 'approved'].includes(question.status) ? true : undefined;
    }, 20_000);
  }
};

const perform = async (action: Step) => {
  const id = asked.get(action.question);
  if (action.kind === 'ask') {
    // The same question again would be a private handle on the first one: ask each once.
    if (id) return;
    const response = await request(runtime().url, 'POST', '/v1/questions', {
      body: { question: QUESTIONS[action.question] },
    });
    asked.set(action.question, (await readJson(response)).id);
    counter++;
    return;
  }
  const question = id ? await store().get(id) : undefined;
  if (!question) return;
  if (action.kind === 'approve' && question.status === 'in_review') {
    const response = await api('POST', `/v1/review/questions/${question.id}/decisions`, 'r1', ['reviewer'], {
      revision: question.currentRevision,
      decision: 'approve',
    });
    // A revision citing a withdrawn source, or a draft with nothing relevant left, is refused.
    expect([201, 409, 422]).toContain(response.status);
  }
  if (action.kind === 'retract' && question.articleSlug && question.status !== 'retracted') {
    const response = await api('DELETE', `/v1/admin/articles/${question.articleSlug}`, 'ada', ['admin'], {
      reason: 'Checked by the property test',
    });
    expect([200, 404, 409]).toContain(response.status);
  }
  if (action.kind === 'withdraw' && question.articleSlug) {
    const live = await articles().getLive(question.articleSlug);
    const cited = live?.sourceIds ?? [];
    const sourceId = cited[action.pick % Math.max(1, cited.length)];
    if (!sourceId || withdrawnSoFar.has(sourceId)) return;
    const usable = await catalog().resolve(['demo-hypertension-diagnosis', 'demo-hypertension-lifestyle']);
    const successor = [...usable.keys()].find((candidate) => candidate !== sourceId);
    const response = await api('POST', `/v1/admin/sources/${sourceId}/withdrawal`, 'ada', ['admin'], {
      reason: `Withdrawn by the property test ${counter}`,
      ...(action.superseded && successor ? { supersededBy: successor } : {}),
    });
    expect(response.status).toBe(202);
    withdrawnSoFar.add(sourceId);
  }
};

/** Every live article citing a withdrawn source shows the notice, in both audiences. */
const checkLiveArticles = async () => {
  let checked = 0;
  for (const id of asked.values()) {
    const question = await store().get(id);
    if (!question?.articleSlug) continue;
    const live = await articles().getLive(question.articleSlug);
    if (!live) continue;
    const { withdrawn } = await catalog().resolveWithWithdrawals(live.sourceIds ?? []);
    for (const audience of ['clinician', 'patient']) {
      const response = await request(runtime().url, 'GET', `/v1/articles/${live.slug}?audience=${audience}`);
      expect(response.status).toBe(200);
      const article = await readJson(response);
      const kinds = article.notices.map((notice: { kind: string }) => notice.kind);
      if (withdrawn.size > 0)
        expect(kinds, `${live.slug} cites ${[...withdrawn.keys()]}`).toContain('source_withdrawn');
      else expect(kinds).not.toContain('source_withdrawn');
    }
    checked++;
  }
  return checked;
};

describe('withdrawal safety', () => {
  it('never serves an article citing a withdrawn source without a source_withdrawn notice', async () => {
    let articlesChecked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(QUESTIONS.length - 1),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        fc.nat(5),
        async (question, middle, pick) => {
          // Each sequence publishes an article first and withdraws one of its sources last, so both are
          // always exercised; what happens in between (more asks, approvals, withdrawals, retractions) is random.
          const steps: Step[] = [
            { kind: 'ask', question },
            { kind: 'approve', question },
            ...middle,
            { kind: 'withdraw', question, pick, superseded: pick % 2 === 0 },
          ];
          for (const action of steps) {
            await perform(action);
            await settle();
            articlesChecked += await checkLiveArticles();
          }
        },
      ),
      { numRuns: 6, endOnFailure: true },
    );
    // The property was exercised on live articles, and at least one withdrawal happened.
    expect(articlesChecked).toBeGreaterThan(0);
    expect(withdrawnSoFar.size).toBeGreaterThan(0);
  }, 600_000);
});
