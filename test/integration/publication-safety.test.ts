import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Role } from '../../shared/http/routes.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The promise the whole product rests on: no public route ever serves a
 * revision that lacks its required approvals, or an article that was
 * retracted. Random sequences of reviewer, editor and admin actions run
 * against the real local runtime; after each one settles, every public view
 * of the question's article is checked against what the store recorded.
 */
const REQUIRED_APPROVALS = 2;
const runtime = useRuntime({ env: { REQUIRED_APPROVALS: String(REQUIRED_APPROVALS) } });
const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const api = async (method: string, path: string, user?: string, roles: Role[] = [], body?: unknown) =>
  request(runtime().url, method, path, {
    ...(body !== undefined ? { body } : {}),
    ...(user ? { headers: { authorization: `Bearer ${await tokenFor(runtime(), user, roles)}` } } : {}),
  });

type Action =
  | { kind: 'approve' | 'reject' | 'request_changes'; reviewer: string }
  | { kind: 'edit' }
  | { kind: 'retract' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      reviewer: fc.constantFrom('r1', 'r2', 'r3'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reject' as const),
      reviewer: fc.constantFrom('r1', 'r2', 'r3'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('request_changes' as const),
      reviewer: fc.constantFrom('r1', 'r2', 'r3'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'edit' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'retract' as const }) },
);

/** Waits until nothing is in flight for the question: no draft being made, no approval being published. */
const settled = async (id: string) =>
  eventually(async () => {
    const question = await store().get(id);
    return question && !['submitted', 'drafting', 'approved', 'changes_requested'].includes(question.status)
      ? question
      : undefined;
  }, 20_000);

const perform = async (id: string, step: Action) => {
  const question = await settled(id);
  switch (step.kind) {
    case 'approve':
    case 'reject':
    case 'request_changes':
      return api('POST', `/v1/review/questions/${id}/decisions`, step.reviewer, ['reviewer'], {
        revision: question.currentRevision,
        decision: step.kind,
        ...(step.kind === 'approve' ? {} : { reason: 'needs a clearer bottom line' }),
      });
    case 'edit': {
      const current = await store().getRevision(id, question.currentRevision);
      if (!current) return undefined;
      const { generator: _generator, ...draft } = current.draft;
      return api('PUT', `/v1/review/questions/${id}/draft`, 'eddie', ['editor'], {
        baseRevision: question.currentRevision,
        draft: { ...draft, title: `${draft.title} (edited ${Date.now()})` },
      });
    }
    case 'retract':
      return question.articleSlug
        ? api('DELETE', `/v1/admin/articles/${question.articleSlug}`, 'ada', ['admin'], {
            reason: 'under re-review',
          })
        : undefined;
  }
};

/** Public names of the reviewers: r1 and r3 have profiles, r2 has none. */
const PROFILES: Record<string, string> = { r1: 'Dr. Rhea One', r3: 'Dr. Rui Three' };
const publicName = (reviewer: string) => PROFILES[reviewer] ?? 'Medical reviewer';

/** Every public view of the article matches a revision the store shows approved, and none survives retraction. */
const checkPublicViews = async (id: string, retractedSinceLastPublication: boolean) => {
  const question = await settled(id);
  if (!question.articleSlug) return;
  const slug = question.articleSlug;
  const response = await request(runtime().url, 'GET', `/v1/articles/${slug}`);
  const versions = await readJson(await request(runtime().url, 'GET', `/v1/articles/${slug}/versions`));
  const lastVersion = versions.items.at(-1);
  if (retractedSinceLastPublication || lastVersion?.retractedAt) {
    expect(response.status).toBe(404);
    expect((await request(runtime().url, 'GET', `/v1/articles/${slug}/related`)).status).toBe(404);
    return;
  }
  if (response.status === 404) return;
  expect(response.status).toBe(200);
  const article = await readJson(response);
  const revisions = await store().listRevisions(id);
  const served = revisions.find(
    (revision) => revision.draft.title === article.title && revision.draft.bottomLine === article.bottomLine,
  );
  expect(served, 'the served article is one of the question revisions').toBeDefined();
  const approvers = new Set(
    served?.decisions
      .filter((d) => d.decision === 'approve' && d.reviewer !== served.author)
      .map((d) => d.reviewer),
  );
  expect(approvers.size).toBeGreaterThanOrEqual(REQUIRED_APPROVALS);
  // Approvals name the approvers from their profiles, never by token subject.
  const names = article.review.approvals.map((approval: { name: string }) => approval.name).sort();
  expect(names).toEqual([...approvers].map(publicName).sort());
  expect(JSON.stringify(article.review)).not.toMatch(/"r[123]"|"reviewer"/);
  if (lastVersion?.version === article.version) expect([...lastVersion.approvedBy].sort()).toEqual(names);
};

describe('publication safety', () => {
  it('never serves an unapproved or retracted revision, whatever reviewers, editors and admins do', async () => {
    for (const [reviewer, displayName] of Object.entries(PROFILES)) {
      const profile = { displayName, credentials: 'MD', specialty: 'Internal medicine' };
      const put = await api('PUT', `/v1/admin/reviewers/${reviewer}`, 'ada', ['admin'], profile);
      expect(put.status).toBe(200);
    }
    let run = 0;
    let publications = 0;
    let retractions = 0;
    await fc.assert(
      // Every sequence publishes first and retracts last, so both edges are always exercised;
      // what happens in between (edits, re-reviews, early retractions) is random.
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 5 }), async (middle) => {
        const steps: Action[] = [
          { kind: 'approve', reviewer: 'r1' },
          { kind: 'approve', reviewer: 'r2' },
          ...middle,
          { kind: 'retract' },
        ];
        const asked = await request(runtime().url, 'POST', '/v1/questions', {
          body: { question: `How should I manage high blood pressure at home? (run ${++run}-${Date.now()})` },
        });
        const { id } = await readJson(asked);
        let retracted = false;
        for (const step of steps) {
          const before = await settled(id);
          const response = await perform(id, step);
          if (response && step.kind === 'retract' && response.status === 200) {
            retracted = true;
            retractions++;
          }
          // A new publication (a higher version) supersedes an earlier retraction.
          const after = await settled(id);
          if (after.status === 'published' && before.status !== 'published') {
            retracted = false;
            publications++;
          }
          await checkPublicViews(id, retracted);
        }
      }),
      { numRuns: 10, endOnFailure: true },
    );
    // The sequences must have exercised what the property is about.
    expect(publications).toBeGreaterThan(0);
    expect(retractions).toBeGreaterThan(0);
  }, 240_000);
});
