import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../events/contracts.ts';
import { DynamoLiveArticles } from '../../shared/adapters/dynamodb/live-articles.ts';
import { OUTBOX_ENVELOPE_ATTRIBUTE } from '../../shared/adapters/dynamodb/outbox-items.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { linkProblems as linksOf, viewsAgree as views } from '../support/convergence.ts';
import { failingRelay } from '../support/faults.ts';
import { askAndPublish } from '../support/publishing.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The bus call fails right after the transaction of a submission (in rounds
 * of five), an approval, a publication and a retraction (the relay's puts
 * fail on the wire), 20 trials of each. After the relay is restarted (a new
 * in-process stream reader, resuming at its saved position: the stand-in for
 * a process that died, cheaper than a SIGKILL of a child runtime), every
 * event is delivered and the read model converges: each question is drafted
 * exactly once, no live article links a retracted one, every `similar` link
 * is symmetric, the asker's answer and the status view agree.
 */
const TRIALS = 20;
/** Submissions whose bus calls fail together, before one recovery of the relay. */
const SUBMISSIONS_PER_ROUND = 5;
const runtime = useRuntime();
const run = String(Date.now());
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const articles = () => new DynamoLiveArticles(runtime().platform.dynamo, runtime().config.tables.articles);

/** Close enough to each other to be `similar`: every trial's article links the base corpus and back. */
const TOPIC = 'Do statins cause muscle aches';

const bearer = async (user: string, roles: ('reviewer' | 'admin')[]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});

/** The envelope the outbox holds under an event id: the transaction wrote it. */
const outboxEvent = async (id: string): Promise<AnyEvent | undefined> => {
  const { Item } = await runtime().platform.dynamo.send(
    new GetCommand({ TableName: runtime().config.tables.outbox, Key: { pk: `EVENT#${id}`, sk: 'EVENT' } }),
  );
  return Item ? (JSON.parse(Item[OUTBOX_ENVELOPE_ATTRIBUTE] as string) as AnyEvent) : undefined;
};

const deliveries = (id: string) => runtime().bus.published.filter((event) => event.id === id).length;

const statusOf = async (id: string) => (await questions().get(id))?.status;

/** The first draft request's stable id, written with the question. */
const draftRequestedEvent = (questionId: string) => `draft.requested:${questionId}:1`;

/** The types of the events about a question that reached the bus. */
const deliveriesAbout = (questionId: string) =>
  runtime()
    .bus.published.filter((event) => event.subject === questionId)
    .map((event) => event.type);

/**
 * The submission's two events reached the bus at least once, each always under one id, the id of
 * the envelope its transaction wrote to the outbox.
 */
const deliveredWithStableIds = async (questionId: string) => {
  await eventually(async () => {
    const types = deliveriesAbout(questionId);
    return types.includes('question.submitted') && types.includes('draft.requested') ? true : undefined;
  });
  const onBus = runtime().bus.published.filter((event) => event.subject === questionId);
  for (const type of ['question.submitted', 'draft.requested'] as const) {
    const ids = new Set(onBus.filter((event) => event.type === type).map((event) => event.id));
    expect(ids.size, `${type} of ${questionId}`).toBe(1);
    for (const id of ids) expect(await outboxEvent(id)).toMatchObject({ id, type, subject: questionId });
  }
  expect(onBus.find((event) => event.type === 'draft.requested')?.id).toBe(draftRequestedEvent(questionId));
};

/** One revision, 1, reached through one pass of drafting. */
const draftedOnce = async (questionId: string) => {
  const revisions = await questions().listRevisions(questionId);
  expect(revisions.map(({ revision }) => revision)).toEqual([1]);
  const question = await questions().get(questionId);
  expect(question?.timeline.map(({ status }) => status)).toEqual(['submitted', 'drafting', 'in_review']);
};

const linkProblems = (slugs: string[], retracted: Set<string>) => linksOf(articles(), slugs, retracted);
const viewsAgree = (id: string, expected: 'in_review' | 'published' | 'retracted') =>
  views(runtime().url, id, expected);

describe('the outbox under faults: the bus call fails right after the transaction', () => {
  it(`delivers every event once the relay is back, and the read model converges (${TRIALS} trials)`, async () => {
    const rt = runtime();
    // A live corpus the trials' articles link to (and are linked from).
    const base: { id: string; slug: string }[] = [];
    for (const n of [1, 2, 3]) base.push(await askAndPublish(rt, `${TOPIC} in runners? base ${run} ${n}`));
    const slugs = base.map(({ slug }) => slug);
    const retracted = new Set<string>();
    /** Runs `fault` with the runtime's relay replaced by one whose bus puts fail, then restarts the real one. */
    const whileTheBusFails = async <T>(fault: (relay: ReturnType<typeof failingRelay>) => Promise<T>) => {
      await rt.outbox.stop();
      const relay = failingRelay(rt);
      rt.outbox.start(relay.handler);
      let result: T;
      try {
        result = await fault(relay);
        await rt.outbox.stop();
      } finally {
        relay.destroy();
      }
      rt.outbox.start();
      return result;
    };
    const failedAgain = async (relay: ReturnType<typeof failingRelay>, since: number) =>
      eventually(async () => (relay.failed.batches > since ? true : undefined));

    // 0. The submissions, in rounds of SUBMISSIONS_PER_ROUND: each question is written with its two
    //    events (202); their bus calls fail, so nothing is drafted until the relay is back.
    const asked: string[] = [];
    for (let round = 0; round * SUBMISSIONS_PER_ROUND < TRIALS; round++) {
      const ids = await whileTheBusFails(async (relay) => {
        const submitted = await Promise.all(
          Array.from({ length: SUBMISSIONS_PER_ROUND }, async (_, n) => {
            const response = await api('POST', '/v1/questions', {
              body: { question: `${TOPIC} in runners? ${run} trial ${round * SUBMISSIONS_PER_ROUND + n}` },
            });
            expect(response.status).toBe(202);
            return (await readJson(response)).id as string;
          }),
        );
        for (const id of submitted) expect(await outboxEvent(draftRequestedEvent(id))).toBeDefined();
        await failedAgain(relay, 0);
        for (const id of submitted) {
          expect(deliveriesAbout(id)).toEqual([]);
          expect(await statusOf(id)).toBe('submitted');
        }
        return submitted;
      });
      asked.push(...ids);
      // The relay is back: both events of every submission reach the bus, and each question is drafted.
      await eventually(async () => {
        const statuses = await Promise.all(ids.map(statusOf));
        return statuses.every((status) => status === 'in_review') ? true : undefined;
      }, 60_000);
      for (const id of ids) await deliveredWithStableIds(id);
      // At least once: a second delivery of each draft request drafts nothing more.
      for (const id of ids) await rt.bus.publish((await outboxEvent(draftRequestedEvent(id))) as AnyEvent);
      await queuesDrained(rt, ['draftRequests']);
      for (const id of ids) {
        await draftedOnce(id);
        await viewsAgree(id, 'in_review');
      }
    }

    const listers = async (slug: string) =>
      (await Promise.all(base.map(({ slug: other }) => articles().getLive(other)))).filter((article) =>
        article?.links.similar.some((link) => link.slug === slug),
      ).length;

    for (const id of asked) {
      const approvedEvent = `review.decided:${id}:1:approved`;
      const publishedEvent = `article.published:${id}:1`;
      const retractedEvent = `article.retracted:${id}:1`;
      let slug = '';
      await whileTheBusFails(async (relay) => {
        // 1. The approval: stored with its event; the bus call fails, so nothing publishes it.
        const approved = await api('POST', `/v1/review/questions/${id}/decisions`, {
          body: { revision: 1, decision: 'approve' },
          headers: await bearer('dr-fault', ['reviewer']),
        });
        expect(approved.status).toBe(201);
        const decided = await eventually(() => outboxEvent(approvedEvent));
        await failedAgain(relay, 0);
        expect(deliveries(approvedEvent)).toBe(0);
        expect(await statusOf(id)).toBe('approved');
        // 2. The publication: the approval reaches the publication queue (the test stands in for the
        //    bus); the article is written with its event, whose put fails: no neighbour links back yet.
        await rt.bus.publish(decided);
        const published = await eventually(async () => {
          const question = await questions().get(id);
          return question?.status === 'published' ? question : undefined;
        });
        slug = published.articleSlug as string;
        expect(await outboxEvent(publishedEvent)).toBeDefined();
        await failedAgain(relay, relay.failed.batches);
        // Only the test's own put of the approval reached the bus; the relay delivered nothing.
        expect([approvedEvent, publishedEvent].map(deliveries)).toEqual([1, 0]);
      });
      slugs.push(slug);
      // The relay is back: the approval comes again (the publisher skips it), the publication's
      // propagation makes the neighbours link back.
      await eventually(async () =>
        deliveries(approvedEvent) === 2 && deliveries(publishedEvent) === 1 ? true : undefined,
      );
      await queuesDrained(rt, ['publication', 'articleChanges']);
      await eventually(async () => ((await linkProblems(slugs, retracted)).length === 0 ? true : undefined));
      expect(await listers(slug)).toBeGreaterThan(0);
      await viewsAgree(id, 'published');

      await whileTheBusFails(async (relay) => {
        // 3. The retraction: 200, the article is gone, its event's put fails: its neighbours still list it.
        const deleted = await api('DELETE', `/v1/admin/articles/${slug}`, {
          body: { reason: 'Fault trial' },
          headers: await bearer('admin-fault', ['admin']),
        });
        expect(deleted.status).toBe(200);
        expect(await outboxEvent(retractedEvent)).toBeDefined();
        await failedAgain(relay, 0);
        expect(deliveries(retractedEvent)).toBe(0);
        expect(await listers(slug)).toBeGreaterThan(0);
      });
      retracted.add(slug);
      // The relay is back: the retraction is delivered and every neighbour drops the article.
      await eventually(async () => (deliveries(retractedEvent) === 1 ? true : undefined));
      await queuesDrained(rt, ['articleChanges']);
      await eventually(async () => ((await linkProblems(slugs, retracted)).length === 0 ? true : undefined));
      expect(await listers(slug)).toBe(0);
      await viewsAgree(id, 'retracted');
    }
    for (const { id } of base) await viewsAgree(id, 'published');
    expect(await linkProblems(slugs, retracted)).toEqual([]);
    // Every trial's article was linked back by a neighbour before its retraction (checked above).
  }, 900_000);
});
