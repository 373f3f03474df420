import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalTable } from '../../infra/local/provision.ts';
import { tables } from '../../infra/resources.ts';
import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewDueIndex } from '../../shared/adapters/dynamodb/review-due-index.ts';
import { NO_CHANGE_SUMMARY } from '../../shared/domain/change-summary.ts';
import { addDays } from '../../shared/domain/review-cycle.ts';
import { type SweepReport, sweepDueReviews } from '../../shared/use-cases/sweep-reviews.ts';
import { askAndPublish } from '../support/publishing.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The review cycle on the local runtime, with the functions' clock moved
 * instead of waited for: an article due for review gets one scheduled
 * re-review however often the sweep runs, keeps serving meanwhile, shows the
 * overdue notice past the grace period, and is due a year later again once
 * the re-review is approved.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
let offsetDays = 0;
const runtime = useRuntime({ clock: () => new Date(Date.now() + offsetDays * DAY_MS) });
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const reviewer = async () => ({
  authorization: `Bearer ${await tokenFor(runtime(), 'dr-rereader', ['reviewer'])}`,
});

/** Every DynamoDB request the sweep sends, on a client of its own (the workers use the runtime's). */
const sent: { command: string; index?: string; scanned?: number }[] = [];
const countedSweep = (): Promise<SweepReport> => {
  const client = createDocumentClient(runtime().config);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { IndexName?: string };
      const output = result.output as { ScannedCount?: number };
      sent.push({
        command: context.commandName as string,
        ...(input.IndexName ? { index: input.IndexName } : {}),
        ...(output.ScannedCount !== undefined ? { scanned: output.ScannedCount } : {}),
      });
      return result;
    },
    { step: 'initialize', name: 'countSweepRequests' },
  );
  return sweepDueReviews({
    due: new DynamoReviewDueIndex(client, runtime().config.tables.articles),
    store: new DynamoQuestionStore(client, runtime().config.tables.questions, runtime().config.tables.outbox),
    now: runtime().platform.now,
  });
};

// Digits only: a random word of letters can read as a clinical term the library lacks, and refuse the question.
const run = String(Date.now());
let due: { id: string; slug: string };
let later: { id: string; slug: string };
let firstEtag: string;
let firstReview: { lastReviewedAt: string; nextReviewDue: string };

beforeAll(async () => {
  due = await askAndPublish(runtime(), `How should I measure my blood pressure at home ${run}?`);
  offsetDays = 200;
  later = await askAndPublish(runtime(), `Who should get the yearly flu vaccine ${run}?`);
  await queuesDrained(runtime(), ['publication', 'articleChanges']);
}, 120_000);

describe('the scheduled re-review', () => {
  it('publishes each version with its review dates and no notice', async () => {
    const response = await api('GET', `/v1/articles/${due.slug}`);
    const article = await readJson(response);
    firstEtag = response.headers.get('etag') as string;
    firstReview = article.review;
    expect(article.review.lastReviewedAt).toBe(article.review.approvals[0].at);
    expect(article.review.nextReviewDue).toBe(addDays(article.review.lastReviewedAt, 365));
    expect(article.notices).toEqual([]);
    const versions = await readJson(await api('GET', `/v1/articles/${due.slug}/versions`));
    expect(versions.items[0]).toMatchObject({
      lastReviewedAt: firstReview.lastReviewedAt,
      nextReviewDue: firstReview.nextReviewDue,
    });
  });

  it('opens exactly one re-review of a due article, however often the sweep runs', async () => {
    offsetDays = 366; // the first article is due; the second (published 200 days later) is not
    const reports = await Promise.all([countedSweep(), countedSweep()]);
    expect(reports.reduce((opened, report) => opened + report.open, 0)).toBe(1);

    // Bounded: per run one Query of the due index, which reads the due article and nothing else
    // (the other live article is not due), then at most three requests per due article.
    const queries = sent.filter((entry) => entry.command === 'QueryCommand');
    expect(queries).toEqual([
      { command: 'QueryCommand', index: 'byReviewDue', scanned: 1 },
      { command: 'QueryCommand', index: 'byReviewDue', scanned: 1 },
    ]);
    expect(sent.some((entry) => entry.command === 'ScanCommand')).toBe(false);
    expect(sent.length).toBeLessThanOrEqual(2 * (1 + 3));

    // The scheduled path (the reconciler's run) finds nothing more to open.
    await runtime().reconcile();
    await runtime().reconcile();
    const reReview = await eventually(async () => {
      const question = await questions().get(due.id);
      return question?.status === 'in_review' ? question : undefined;
    });
    await queuesDrained(runtime(), ['draftRequests']);
    expect(reReview).toMatchObject({ currentRevision: 2, reviewReason: 'scheduled_re_review' });
    const revisions = await questions().listRevisions(due.id);
    expect(revisions.map((revision) => revision.revision)).toEqual([1, 2]);
    // Drafted again from the same library: the re-review proposes that nothing changed.
    expect(revisions[1]?.proposedChangeSummary).toBe(NO_CHANGE_SUMMARY);
    const audit = await questions().listAudit(due.id);
    expect(audit.filter((entry) => entry.action === 'review.scheduled')).toHaveLength(1);
    expect((await questions().get(later.id))?.status).toBe('published');
  });

  it('lists the re-review in the queue with its reason, and filters by it', async () => {
    const headers = await reviewer();
    const all = await readJson(await api('GET', '/v1/review/queue', { headers }));
    expect(all.items).toContainEqual(
      expect.objectContaining({ id: due.id, reason: 'scheduled_re_review', revision: 2 }),
    );
    const filtered = await readJson(
      await api('GET', '/v1/review/queue?reason=scheduled_re_review', { headers }),
    );
    expect(filtered.items.map((item: { id: string }) => item.id)).toEqual([due.id]);
    const asked = await readJson(await api('GET', '/v1/review/queue?reason=new_question', { headers }));
    expect(asked.items).toEqual([]);
  });

  it('keeps the live version serving while the re-review is open', async () => {
    const response = await api('GET', `/v1/articles/${due.slug}`);
    expect(response.status).toBe(200);
    const article = await readJson(response);
    expect(article).toMatchObject({ version: 1, review: firstReview, notices: [] });
    expect(response.headers.get('etag')).toBe(firstEtag);
  });

  it('shows the overdue notice past the grace period, with a new ETag', async () => {
    offsetDays = 366 + 30;
    const response = await api('GET', `/v1/articles/${due.slug}`, {
      headers: { 'if-none-match': firstEtag },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).not.toBe(firstEtag);
    const article = await readJson(response);
    expect(article.notices).toEqual([
      { kind: 'review_overdue', text: expect.any(String), since: addDays(firstReview.nextReviewDue, 30) },
    ]);
    const patient = await readJson(await api('GET', `/v1/articles/${due.slug}?audience=patient`));
    expect(patient.notices).toHaveLength(1);
    const notDue = await readJson(await api('GET', `/v1/articles/${later.slug}`));
    expect(notDue.notices).toEqual([]);
  });

  it('moves the dates forward and clears the notice once the re-review is approved', async () => {
    const decided = await api('POST', `/v1/review/questions/${due.id}/decisions`, {
      body: { revision: 2, decision: 'approve' },
      headers: await reviewer(),
    });
    expect(decided.status).toBe(201);
    const approvedAt = (await readJson(decided)).decision?.at;
    const published = await eventually(async () => {
      const question = await questions().get(due.id);
      return question?.status === 'published' && question.currentRevision === 2 ? question : undefined;
    });
    expect(published.reviewReason).toBeUndefined();

    const article = await eventually(async () => {
      const body = await readJson(await api('GET', `/v1/articles/${due.slug}`));
      return body.version === 2 ? body : undefined;
    });
    expect(article.notices).toEqual([]);
    expect(article.review.lastReviewedAt > firstReview.nextReviewDue).toBe(true);
    if (approvedAt) expect(article.review.lastReviewedAt).toBe(approvedAt);
    expect(article.review.nextReviewDue).toBe(addDays(article.review.lastReviewedAt, 365));

    // No longer due: the sweep opens nothing, and the question stays settled.
    sent.length = 0;
    expect(await countedSweep()).toEqual({ open: 0, opened: 0, gone: 0, busy: 0, lost: 0 });
    expect((await questions().get(due.id))?.status).toBe('published');
  });
});

describe('a table kept on disk from before the due index', () => {
  it('gets the index at start, so the sweep can query it', async () => {
    const raw = new DynamoDBClient({
      endpoint: runtime().dynamodb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const name = `articles-before-review-due-${run}`;
    const { byReviewDue: _added, ...before } = tables.articles.indexes;
    await createLocalTable(raw, name, { ...tables.articles, indexes: before });
    await createLocalTable(raw, name, tables.articles);
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'byReviewDue')).toMatchObject({
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['slug', 'id', 'version'] },
    });
    raw.destroy();
  });
});
