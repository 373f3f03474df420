import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { ArticlePublished, ReviewDecided } from '../../events/contracts.ts';
import { busEventOf } from '../../events/envelope.ts';
import { newEvent } from '../../events/factory.ts';
import { DynamoArticleLinkUpdates } from '../../shared/adapters/dynamodb/article-link-updates.ts';
import { DynamoArticlePublications } from '../../shared/adapters/dynamodb/article-publications.ts';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoLiveApprovals } from '../../shared/adapters/dynamodb/live-approvals.ts';
import { DynamoOutboxPublisher } from '../../shared/adapters/dynamodb/outbox-publisher.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewerDirectory } from '../../shared/adapters/dynamodb/reviewer-directory.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import { applyTransition } from '../../shared/domain/lifecycle.ts';
import type { Question } from '../../shared/domain/question.ts';
import { decide, editRevision } from '../../shared/domain/review.ts';
import type { QuestionStore } from '../../shared/ports/question-store.ts';
import { type PublishArticleDeps, publishArticle } from '../../shared/use-cases/publish-article.ts';
import { eventually, readJson, request, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const publications = () =>
  new DynamoArticlePublications(
    runtime().platform.dynamo,
    runtime().config.tables.articles,
    runtime().config.tables.outbox,
  );
const articleLinks = () =>
  new DynamoArticleLinkUpdates(runtime().platform.dynamo, runtime().config.tables.articles);
const useCaseDeps = (overrides: Partial<PublishArticleDeps> = {}): PublishArticleDeps => ({
  questions: questions(),
  publications: publications(),
  catalog: new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources),
  citations: new DynamoCitationIndex(runtime().platform.dynamo, runtime().config.tables.articles),
  events: new DynamoOutboxPublisher(runtime().platform.dynamo, runtime().config.tables.outbox),
  now: () => new Date(),
  requiredApprovals: runtime().config.requiredApprovals,
  settings: runtime().config.publication,
  reviewerNames: {
    reviewers: new DynamoReviewerDirectory(runtime().platform.dynamo, runtime().config.tables.reviewers),
    live: new DynamoLiveApprovals(runtime().platform.dynamo, runtime().config.tables.articles),
  },
  ...overrides,
});

let counter = 0;
const unique = () => `${Date.now().toString(36)}${++counter}`;

/** Asks through the API and waits for the generate-draft worker to put revision 1 in review. */
const askAndDraft = async (question: string, extra: Record<string, unknown> = {}): Promise<Question> => {
  const response = await api('POST', '/v1/questions', {
    body: { question, audience: 'clinician', ...extra },
  });
  expect(response.status).toBe(202);
  const { id } = await readJson(response);
  return eventually(async () => {
    const current = await questions().get(id);
    return current?.status === 'in_review' ? current : undefined;
  });
};

/** A reviewer's approval of the current revision, written through the real store; the event is returned unsent. */
const approve = async (questionId: string, reviewer = 'dr-approver'): Promise<ReviewDecided> => {
  const store = questions();
  const question = (await store.get(questionId)) as Question;
  const revision = await store.getRevision(questionId, question.currentRevision);
  if (!revision) throw new Error('no revision');
  const at = new Date().toISOString();
  const decided = decide({
    question,
    revision,
    command: { revision: question.currentRevision, decision: 'approve' },
    reviewer,
    at,
    requiredApprovals: runtime().config.requiredApprovals,
  });
  expect(
    await store.commit({
      before: question,
      after: decided.question,
      audit: decided.audit,
      decision: { revision: revision.revision, record: decided.record },
    }),
  ).toBe(true);
  return newEvent<ReviewDecided>(
    'review.decided',
    questionId,
    { questionId, revision: revision.revision, reviewer, decision: 'approve', outcome: decided.outcome },
    { at, id: `review.decided:${questionId}:${revision.revision}:${reviewer}` },
  );
};

/** An editor's new revision of a question in review or published, with the draft changed by `edit`. */
const revise = async (questionId: string, edit: (draft: Draft) => Draft, editor = 'ed-editor') => {
  const store = questions();
  const question = (await store.get(questionId)) as Question;
  const base = await store.getRevision(questionId, question.currentRevision);
  if (!base) throw new Error('no revision');
  const at = new Date().toISOString();
  const edited = editRevision({ question, baseRevision: question.currentRevision, editor, at });
  expect(
    await store.commit({
      before: question,
      after: edited.question,
      audit: edited.audit,
      revision: { revision: edited.revision, author: editor, createdAt: at, draft: edit(base.draft) },
    }),
  ).toBe(true);
  return edited.revision;
};

const waitPublished = (questionId: string, revision: number) =>
  eventually(async () => {
    const question = await questions().get(questionId);
    return question?.status === 'published' && question.currentRevision === revision ? question : undefined;
  });

/** Waits until the publication worker has handled (deleted) every message sent so far. */
const publicationQueueDrained = () =>
  eventually(async () => {
    const { Attributes = {} } = await runtime().platform.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime().queues.publication.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const pending =
      Number(Attributes.ApproximateNumberOfMessages ?? 1) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 1);
    return pending === 0 ? true : undefined;
  });

/** The review dates a version lists: those its article showed while it was live. */
const reviewDates = (article: { review: { lastReviewedAt: string; nextReviewDue: string } }) => ({
  lastReviewedAt: article.review.lastReviewedAt,
  nextReviewDue: article.review.nextReviewDue,
});

const versionsOf = async (slug: string) =>
  (await readJson(await api('GET', `/v1/articles/${slug}/versions`))).items;

describe('publishing an approved revision', () => {
  it('writes the article, marks the question published and announces it', async () => {
    const text = `Do statins cause muscle aches in older adults ${unique()}?`;
    const question = await askAndDraft(text);
    await runtime().platform.events.publish(await approve(question.id));
    const published = await waitPublished(question.id, 1);
    const slug = published.articleSlug as string;
    expect(slug).toMatch(/^do-statins-cause-muscle-aches-in-older-adults-[a-z0-9]+$/);

    const response = await api('GET', `/v1/articles/${slug}`);
    expect(response.status).toBe(200);
    const article = await readJson(response);
    const revision = await questions().getRevision(question.id, 1);
    const draft = revision?.draft as Draft;
    expect(article).toMatchObject({
      slug,
      id: question.id,
      title: draft.title,
      question: text,
      audience: 'clinician',
      bottomLine: draft.bottomLine,
      sections: draft.sections,
      suggestedQuestions: draft.suggestedQuestions,
      // No profile for dr-approver: the approval is anonymous, never the token subject.
      review: { status: 'approved', approvals: [{ name: 'Medical reviewer', at: expect.any(String) }] },
      version: 1,
      editorialPolicyUrl: runtime().config.publication.editorialPolicyUrl,
      // The clinician version (the default) carries the professional disclaimer.
      disclaimer: runtime().config.publication.clinicianDisclaimer,
      related: expect.any(Array),
    });
    expect(article.publishedAt).toBe(article.lastUpdated);
    expect(article.citations).toHaveLength(draft.citations.length);
    for (const citation of article.citations) expect(citation).not.toHaveProperty('sourceId');

    expect(await versionsOf(slug)).toEqual([
      {
        version: 1,
        publishedAt: article.publishedAt,
        approvedBy: ['Medical reviewer'],
        ...reviewDates(article),
      },
    ]);
    const audit = await questions().listAudit(question.id);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'article.published',
        from: 'approved',
        to: 'published',
        revision: 1,
      }),
    );
    expect(runtime().bus.published).toContainEqual(
      expect.objectContaining({
        id: `article.published:${question.id}:1`,
        type: 'article.published',
        subject: slug,
        data: { questionId: question.id, slug, version: 1, revision: 1 },
      }),
    );
  });

  it('makes one version however often, and however concurrently, the approval is delivered', async () => {
    const question = await askAndDraft(`How much vitamin D should adults take in winter ${unique()}?`);
    const approval = await approve(question.id);
    const bus = runtime().platform.events;
    await Promise.all([
      bus.publish(approval),
      bus.publish(approval),
      bus.publish(approval),
      publishArticle(useCaseDeps(), { questionId: question.id, revision: 1 }),
      publishArticle(useCaseDeps(), { questionId: question.id, revision: 1 }),
    ]);
    const published = await waitPublished(question.id, 1);
    await publicationQueueDrained();
    const slug = published.articleSlug as string;
    expect((await versionsOf(slug)).map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await readJson(await api('GET', `/v1/articles/${slug}`))).version).toBe(1);
    const announced = runtime().bus.published.filter(
      (event): event is ArticlePublished => event.type === 'article.published' && event.subject === slug,
    );
    expect(new Set(announced.map((event) => event.id))).toEqual(
      new Set([`article.published:${question.id}:1`]),
    );
    expect(
      (await questions().listAudit(question.id)).filter((e) => e.action === 'article.published'),
    ).toHaveLength(1);
  });

  it('publishes a revised article as version 2 under the same slug, and ignores a late approval of revision 1', async () => {
    const question = await askAndDraft(`Which reliever inhaler helps asthma attacks ${unique()}?`);
    const firstApproval = await approve(question.id);
    await runtime().platform.events.publish(firstApproval);
    const slug = (await waitPublished(question.id, 1)).articleSlug as string;
    const first = await readJson(await api('GET', `/v1/articles/${slug}`));

    const revised = await revise(question.id, (draft) => ({
      ...draft,
      bottomLine: `${draft.bottomLine} Updated after the editor's review.`,
    }));
    expect(revised).toBe(2);
    // While revision 2 is in review, version 1 stays live and untouched.
    expect(await readJson(await api('GET', `/v1/articles/${slug}`))).toEqual(first);

    await runtime().platform.events.publish(await approve(question.id, 'dr-second'));
    const after = await waitPublished(question.id, 2);
    expect(after.articleSlug).toBe(slug);
    const second = await readJson(await api('GET', `/v1/articles/${slug}`));
    expect(second).toMatchObject({
      slug,
      version: 2,
      publishedAt: first.publishedAt,
      bottomLine: expect.stringContaining("Updated after the editor's review."),
      review: { approvals: [{ name: 'Medical reviewer', at: expect.any(String) }] },
    });
    expect(second.lastUpdated > first.lastUpdated).toBe(true);
    const history = await versionsOf(slug);
    expect(history).toEqual([
      { version: 1, publishedAt: first.publishedAt, approvedBy: ['Medical reviewer'], ...reviewDates(first) },
      {
        version: 2,
        publishedAt: second.lastUpdated,
        approvedBy: ['Medical reviewer'],
        ...reviewDates(second),
      },
    ]);

    // The late, reordered approval of revision 1 arrives: nothing changes.
    expect(await publishArticle(useCaseDeps(), { questionId: question.id, revision: 1 })).toEqual({
      kind: 'skipped',
      reason: 'revision 1 is not the current revision 2',
    });
    await runtime().platform.events.publish(firstApproval);
    await publicationQueueDrained();
    expect(await readJson(await api('GET', `/v1/articles/${slug}`))).toEqual(second);
    expect(await versionsOf(slug)).toEqual(history);
  });

  it('never lets the store write an older version or revision over a newer one', async () => {
    const question = await askAndDraft(`Can migraine attacks be prevented with tablets ${unique()}?`);
    await runtime().platform.events.publish(await approve(question.id));
    const slug = (await waitPublished(question.id, 1)).articleSlug as string;
    const store = publications();
    const live = await store.getLive(slug);
    if (!live) throw new Error('not live');
    const stale = { ...live, bottomLine: 'A stale overwrite', lastUpdated: new Date().toISOString() };
    const replay = {
      version: 2,
      publishedAt: stale.lastUpdated,
      approvedBy: [],
      revision: live.revision,
      questionId: question.id,
    };
    // Same revision under a higher version number (a duplicate that miscounted), and the same version again.
    expect(
      await store.publish({
        article: { ...stale, version: 2 },
        version: replay,
        previous: live,
      }),
    ).toBe('conflict');
    expect(
      await store.publish({
        article: stale,
        version: { ...replay, version: 1 },
      }),
    ).toBe('conflict');
    expect((await readJson(await api('GET', `/v1/articles/${slug}`))).bottomLine).toBe(live.bottomLine);
    expect(await versionsOf(slug)).toHaveLength(1);
  });

  it("writes a guarded link change only while the guarding article's version and links are as read", async () => {
    const [first, second] = await Promise.all([
      askAndDraft(`Can migraine attacks be prevented with tablets ${unique()}?`),
      askAndDraft(`Do antibiotics help a sore throat get better ${unique()}?`),
    ]);
    await runtime().platform.events.publish(await approve(first.id));
    await runtime().platform.events.publish(await approve(second.id));
    const slug = (await waitPublished(first.id, 1)).articleSlug as string;
    const guard = (await waitPublished(second.id, 1)).articleSlug as string;
    const store = articleLinks();
    const guarding = await store.getLive(guard);
    if (!guarding) throw new Error('not live');
    const dropAll = () => ({ similar: [], followUps: [] });
    await store.relink(slug, (item) => ({ ...item.links, followUps: [{ slug: 'x', id: 'x', title: 'X' }] }));
    // A read older than the guarding links (a concurrent change got there first): nothing is written.
    const stale = { slug: guard, version: guarding.version, linksRev: guarding.linksRev - 1 };
    expect(await store.relink(slug, dropAll, { whileLive: stale })).toBe('not-live');
    expect((await store.getLive(slug))?.links.followUps).toHaveLength(1);
    // Read afresh (other propagations may still be moving it on): written.
    await eventually(async () => {
      const current = await store.getLive(guard);
      if (!current) throw new Error('not live');
      const { version, linksRev } = current;
      const outcome = await store.relink(slug, dropAll, { whileLive: { slug: guard, version, linksRev } });
      return outcome === 'updated' ? outcome : undefined;
    });
    expect((await store.getLive(slug))?.links.followUps).toEqual([]);
  });

  it('finishes a publication that died between the article write and the question update', async () => {
    const question = await askAndDraft(`Do antibiotics help a sore throat get better ${unique()}?`);
    const approval = await approve(question.id);
    // The approval is stored but its event is not sent yet: a worker writes the article, then crashes.
    const real = questions();
    const crashing: QuestionStore = Object.assign(Object.create(real) as QuestionStore, {
      commit: async () => {
        throw new Error('the function timed out');
      },
    });
    await expect(
      publishArticle(useCaseDeps({ questions: crashing }), { questionId: question.id, revision: 1 }),
    ).rejects.toThrow('the function timed out');
    expect((await real.get(question.id))?.status).toBe('approved');

    // The reconciler's re-sent approval (straight onto the publication queue) completes it, without a second version.
    await runtime().platform.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime().queues.publication.url,
        MessageBody: JSON.stringify(busEventOf(approval)),
      }),
    );
    const published = await waitPublished(question.id, 1);
    const slug = published.articleSlug as string;
    expect(await versionsOf(slug)).toEqual([expect.objectContaining({ version: 1 })]);
    expect((await readJson(await api('GET', `/v1/articles/${slug}`))).version).toBe(1);
  });

  it('gives a second article with the same readable title its own slug', async () => {
    const stem = unique();
    const first = await askAndDraft(`Is the flu vaccine safe in pregnancy ${stem}?`);
    const second = await askAndDraft(`Is the flu vaccine safé in pregnancy ${stem}?`);
    await runtime().platform.events.publish(await approve(first.id));
    const firstSlug = (await waitPublished(first.id, 1)).articleSlug as string;
    await runtime().platform.events.publish(await approve(second.id));
    const secondSlug = (await waitPublished(second.id, 1)).articleSlug as string;
    expect(firstSlug).toBe(`is-the-flu-vaccine-safe-in-pregnancy-${stem}`);
    expect(secondSlug).toBe(`${firstSlug}-2`);
    expect((await readJson(await api('GET', `/v1/articles/${secondSlug}`))).id).toBe(second.id);
  });
});

describe('what is never published', () => {
  it('ignores an approval event for a question still in review', async () => {
    const question = await askAndDraft(`What helps iron deficiency anaemia in women ${unique()}?`);
    const forged = newEvent<ReviewDecided>(
      'review.decided',
      question.id,
      { questionId: question.id, revision: 1, reviewer: 'nobody', decision: 'approve', outcome: 'approved' },
      { at: new Date().toISOString() },
    );
    expect(await publishArticle(useCaseDeps(), { questionId: question.id, revision: 1 })).toEqual({
      kind: 'skipped',
      reason: 'question is in_review',
    });
    await runtime().platform.events.publish(forged);
    await publicationQueueDrained();
    const current = await questions().get(question.id);
    expect(current?.status).toBe('in_review');
    expect(current?.articleSlug).toBeUndefined();
  });

  it('refuses a question marked approved whose revision lacks the approvals', async () => {
    const question = await askAndDraft(`Does cognitive therapy help chronic insomnia ${unique()}?`);
    const { question: approved, audit } = applyTransition(question, 'approved', {
      at: new Date().toISOString(),
      actor: 'corrupted-writer',
      action: 'review.approve',
      revision: 1,
    });
    expect(await questions().commit({ before: question, after: approved, audit: [audit] })).toBe(true);
    expect(await publishArticle(useCaseDeps(), { questionId: question.id, revision: 1 })).toEqual({
      kind: 'skipped',
      reason: 'revision 1 does not have the required approvals',
    });
    expect((await questions().get(question.id))?.status).toBe('approved');
    const search = await readJson(await api('GET', `/v1/search?q=${encodeURIComponent(question.question)}`));
    expect(search.items.map((item: { title: string }) => item.title)).not.toContain(
      (await questions().getRevision(question.id, 1))?.draft.title,
    );
  });

  it('acknowledges poison messages instead of retrying them into the dead-letter queue', async () => {
    const { sqs } = runtime().platform;
    for (const body of ['not json', JSON.stringify({ detail: { type: 'review.decided' } })]) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: runtime().queues.publication.url, MessageBody: body }),
      );
    }
    await publicationQueueDrained();
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime().queues.publication.dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Number(Attributes.ApproximateNumberOfMessages)).toBe(0);
  });
});
