import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReviewCycleBackfill } from '../../infra/ops/backfill.ts';
import { main as ops } from '../../infra/ops/cli.ts';
import { citationKey, liveArticleKey, versionKey } from '../../shared/adapters/dynamodb/article-items.ts';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewDueIndex } from '../../shared/adapters/dynamodb/review-due-index.ts';
import { librarySourceIdsOf } from '../../shared/domain/article.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import { askAndPublish } from '../support/publishing.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The review-cycle backfill on the local runtime: an article stored as versions were before the
 * review cycle (no review dates, no due entry, no `sourceIds` or citation index, no feed entry) is
 * invisible to the sweep, a withdrawal and the updates feed; after the backfill (run twice, the
 * second adding nothing) all three see it.
 */
const runtime = useRuntime();
const table = () => runtime().config.tables.articles;
const send = (command: UpdateCommand | DeleteCommand) => runtime().platform.dynamo.send(command as never);
const FAR_FUTURE = '2999-01-01T00:00:00.000Z';
const dueSlugs = async () =>
  (await new DynamoReviewDueIndex(runtime().platform.dynamo, table()).listDue(FAR_FUTURE, 100)).map(
    (a) => a.slug,
  );
const citing = async (sourceId: string) =>
  (
    await new DynamoCitationIndex(runtime().platform.dynamo, table()).citing(sourceId, { limit: 100 })
  ).items.map((a) => a.slug);
const feedSlugs = async () =>
  (await readJson(await request(runtime().url, 'GET', '/v1/updates?limit=100'))).items.map(
    (entry: { slug: string }) => entry.slug,
  );

let old: { id: string; slug: string };
let sourceIds: string[];

/** Takes away what versions published before the review cycle never had. */
const makeOldShape = async (slug: string, version: number) => {
  await send(
    new UpdateCommand({
      TableName: table(),
      Key: liveArticleKey(slug),
      UpdateExpression:
        'REMOVE review.lastReviewedAt, review.nextReviewDue, sourceIds, reviewDueKey, reviewDueSort',
    }),
  );
  await send(
    new UpdateCommand({
      TableName: table(),
      Key: versionKey(slug, version),
      UpdateExpression: 'REMOVE feedKey, feedSort, feedKind, feedAt',
    }),
  );
  for (const sourceId of sourceIds) {
    await send(new DeleteCommand({ TableName: table(), Key: citationKey(sourceId, slug) }));
  }
};

beforeAll(async () => {
  old = await askAndPublish(runtime(), 'Should adults get a flu vaccine every year?');
  const questions = new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
  sourceIds = librarySourceIdsOf((await questions.getRevision(old.id, 1))?.draft as Draft);
  await makeOldShape(old.slug, 1);
}, 120_000);

describe('the review-cycle backfill', () => {
  it('starts from an article the sweep, a withdrawal and the feed cannot see', async () => {
    expect(sourceIds.length).toBeGreaterThan(0);
    expect(await dueSlugs()).not.toContain(old.slug);
    expect(await citing(sourceIds[0] as string)).not.toContain(old.slug);
    expect(await feedSlugs()).not.toContain(old.slug);
  });

  it('adds the due entry, citation index and feed entry, and nothing on a second run', async () => {
    const first = await runReviewCycleBackfill(runtime().platform.dynamo, runtime().config.tables, {
      intervalDays: runtime().config.reviewCycle.intervalDays,
      graceDays: runtime().config.reviewCycle.graceDays,
    });
    expect(first).toMatchObject({ articles: 1, dueEntries: 1, citationIndexes: 1, feedEntries: 1 });

    // The second run through the ops command, on the running local system.
    const dataDir = process.env.VETTED_DATA_DIR;
    process.env.VETTED_DATA_DIR = runtime().config.auth.dataDir;
    try {
      expect(await ops(['backfill', 'review-cycle'])).toBe(0);
    } finally {
      if (dataDir === undefined) delete process.env.VETTED_DATA_DIR;
      else process.env.VETTED_DATA_DIR = dataDir;
    }
    const second = await runReviewCycleBackfill(runtime().platform.dynamo, runtime().config.tables, {
      intervalDays: runtime().config.reviewCycle.intervalDays,
      graceDays: runtime().config.reviewCycle.graceDays,
    });
    expect(second).toEqual({ articles: 1, dueEntries: 0, citationIndexes: 0, feedEntries: 0 });
  });

  it('lets the sweep, a withdrawal and the feed see it', async () => {
    const due = await new DynamoReviewDueIndex(runtime().platform.dynamo, table()).listDue(FAR_FUTURE, 100);
    const served = await readJson(await request(runtime().url, 'GET', `/v1/articles/${old.slug}`));
    // Due when readers are already told it is: the date derived from its approval.
    expect(due).toContainEqual({
      slug: old.slug,
      questionId: old.id,
      version: 1,
      nextReviewDue: served.review.nextReviewDue,
    });
    expect(await citing(sourceIds[0] as string)).toContain(old.slug);
    expect(await feedSlugs()).toContain(old.slug);

    const withdrawn = await request(runtime().url, 'POST', `/v1/admin/sources/${sourceIds[0]}/withdrawal`, {
      body: { reason: 'Withdrawn by its publisher' },
      headers: { authorization: `Bearer ${await tokenFor(runtime(), 'admin-1', ['admin'])}` },
    });
    expect(withdrawn.status).toBe(202);
    await eventually(async () => {
      const article = await readJson(await request(runtime().url, 'GET', `/v1/articles/${old.slug}`));
      return article.notices.some((n: { kind: string }) => n.kind === 'source_withdrawn')
        ? article
        : undefined;
    });
  });
});
