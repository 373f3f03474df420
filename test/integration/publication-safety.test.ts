import { SendMessageCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { supportProblems } from '../../shared/domain/draft.ts';
import type { Role } from '../../shared/http/routes.ts';
import { publicationMessageBody } from '../../shared/use-cases/publish-article.ts';
import { reviewDecidedEvent } from '../../shared/use-cases/review.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The promise the whole product rests on: no public route ever serves a
 * revision that lacks its required approvals, an article with a claim
 * lacking a resolvable citation, or an article that was retracted. Asks
 * (in and off the library), editor drafts (valid and not), decisions,
 * retractions and redelivered approvals are mixed at random. Random sequences of reviewer, editor and admin actions run
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
  | { kind: 'edit_invalid'; flaw: 'uncited claim' | 'unknown source' | 'http only' }
  | { kind: 'retract' }
  | { kind: 'redeliver' };

/** Questions the demo library answers, and ones it cannot (their drafts are flagged no_relevant_sources). */
const QUESTIONS = {
  inLibrary: [
    'How should I manage high blood pressure at home?',
    'Do statins cause muscle aches?',
    'Who should get the yearly flu vaccine?',
  ],
  offLibrary: [
    'Does tebentafusp improve survival in uveal melanoma?',
    'What is the recommended therapy for aortic stenosis in older patients?',
  ],
};

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
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('edit_invalid' as const),
      flaw: fc.constantFrom('uncited claim' as const, 'unknown source' as const, 'http only' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'retract' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'redeliver' as const }) },
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
    case 'edit_invalid': {
      const current = await store().getRevision(id, question.currentRevision);
      if (!current) return undefined;
      const { generator: _generator, ...draft } = current.draft;
      const flawed =
        step.flaw === 'uncited claim'
          ? {
              ...draft,
              sections: [{ heading: 'Unsupported', claims: [{ text: 'Trust me.', citations: [] }] }],
            }
          : {
              ...draft,
              citations: draft.citations.map((citation) =>
                step.flaw === 'unknown source'
                  ? { n: citation.n, title: citation.title, sourceId: 'not-in-the-library' }
                  : { n: citation.n, title: citation.title, url: 'http://insecure.example/x' },
              ),
            };
      const response = await api('PUT', `/v1/review/questions/${id}/draft`, 'eddie', ['editor'], {
        baseRevision: question.currentRevision,
        draft: flawed,
      });
      // An editor's unsupported draft never becomes a revision (when the question can be revised at all).
      if (response.status !== 409) expect(response.status).toBe(422);
      return response;
    }
    case 'redeliver': {
      // A duplicate or late approval message for the current revision, and a reconciler run.
      const event = reviewDecidedEvent(question, 'r1', 'approve', 'approved', new Date().toISOString());
      await runtime().platform.sqs.send(
        new SendMessageCommand({
          QueueUrl: runtime().queues.publication.url,
          MessageBody: publicationMessageBody(event),
        }),
      );
      await runtime().reconcile();
      return undefined;
    }
    case 'retract':
      return question.articleSlug
        ? api('DELETE', `/v1/admin/articles/${question.articleSlug}`, 'ada', ['admin'], {
            reason: 'under re-review',
          })
        : undefined;
  }
};

/** Every public view of the article matches a revision the store shows approved, and none survives retraction. */
const checkPublicViews = async (id: string, retractedSinceLastPublication: boolean) => {
  const question = await settled(id);
  if (!question.articleSlug) return;
  const slug = question.articleSlug;
  const response = await request(runtime().url, 'GET', `/v1/articles/${slug}`);
  const versions = await readJson(await request(runtime().url, 'GET', `/v1/articles/${slug}/versions`));
  const lastVersion = versions.items.at(-1);
  if (retractedSinceLastPublication || lastVersion?.retractedAt || question.status === 'retracted') {
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
  // Both audiences: every claim cites, every citation resolves (publisher, year, https url), no flag.
  const patient = await readJson(
    await request(runtime().url, 'GET', `/v1/articles/${slug}?audience=patient`),
  );
  const asContent = (view: typeof article) => ({
    ...view,
    patient: { bottomLine: patient.bottomLine, sections: patient.sections },
    suggestedQuestions: [],
  });
  expect(supportProblems(asContent(article), new Set())).toEqual([]);
  const approvers = new Set(
    served?.decisions
      .filter((d) => d.decision === 'approve' && d.reviewer !== served.author)
      .map((d) => d.reviewer),
  );
  expect(approvers.size).toBeGreaterThanOrEqual(REQUIRED_APPROVALS);
  expect(article.review.approvals.map((approval: { reviewer: string }) => approval.reviewer).sort()).toEqual(
    [...approvers].sort(),
  );
};

describe('publication safety', () => {
  it('never serves an unapproved or retracted revision, whatever reviewers, editors and admins do', async () => {
    let run = 0;
    let publications = 0;
    let retractions = 0;
    await fc.assert(
      // Every sequence publishes first and retracts last, so both edges are always exercised;
      // what happens in between (edits, re-reviews, early retractions) is random.
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...QUESTIONS.inLibrary) },
          { weight: 1, arbitrary: fc.constantFrom(...QUESTIONS.offLibrary) },
        ),
        fc.array(action, { minLength: 1, maxLength: 5 }),
        async (question, middle) => {
          const steps: Action[] = [
            { kind: 'approve', reviewer: 'r1' },
            { kind: 'approve', reviewer: 'r2' },
            ...middle,
            { kind: 'retract' },
          ];
          const asked = await request(runtime().url, 'POST', '/v1/questions', {
            body: { question: `${question} (run ${++run}-${Date.now()})` },
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
        },
      ),
      { numRuns: 12, endOnFailure: true },
    );
    // The sequences must have exercised what the property is about.
    expect(publications).toBeGreaterThan(0);
    expect(retractions).toBeGreaterThan(0);
  }, 240_000);
});
