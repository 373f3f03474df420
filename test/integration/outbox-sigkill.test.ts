import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb/dynamodb-local.ts';
import { loadOrCreateLocalSigningKey, signLocalToken } from '../../infra/local/local-signing-key.ts';
import { DynamoArticleLinkUpdates } from '../../shared/adapters/dynamodb/article-link-updates.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import type { Role } from '../../shared/http/routes.ts';
import { linkProblems, viewsAgree } from '../support/convergence.ts';
import { type FaultRuntime, startFaultRuntime } from '../support/fault-runtime.ts';
import { eventually, readJson, request } from '../support/runtime.ts';

/**
 * SIGKILL right after the transaction of a submission, an approval, a publication and a retraction,
 * 20 trials of each. The runtime runs as a child process on one DynamoDB Local that outlives it
 * (reused by every trial); the fault hook (infra/local/fault-hook.ts) kills it after the Kth matching
 * transaction commits, holding the callers of the earlier ones, so a batch of K trials costs one
 * restart. A new runtime on the same data has an empty SQS emulator (the dead one's messages are
 * gone) and replays the outbox's stream from its trim horizon. After each restart every event is
 * delivered at least once and the read model converges: no live article links a retracted one, every
 * `similar` link is symmetric, the asker's answer and the status view agree.
 */
const BATCH = 5;
const ROUNDS = 4;
const TOPIC = 'Do statins cause muscle aches';
const run = String(Date.now());

let dynamodb: DynamoDbLocal;
let client: DynamoDBDocumentClient;
const dataDir = mkdtempSync(join(tmpdir(), 'vetted-sigkill-'));
let current: FaultRuntime | undefined;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal();
  client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}, 120_000);
afterAll(async () => {
  await current?.stop();
  client?.destroy();
  await dynamodb?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A runtime on the shared data; with `killAfter`, it dies right after the Kth matching transaction. */
const start = async (killAfter?: string) => {
  current = await startFaultRuntime({
    dataDir,
    dynamodbEndpoint: dynamodb.endpoint,
    env: { REQUIRED_APPROVALS: '1' },
    ...(killAfter ? { killAfter } : {}),
  });
  return current;
};
/** The runtime died of the fault hook's SIGKILL; the requests it held never got an answer. */
const killed = async (runtime: FaultRuntime, requests: Promise<unknown>[] = []) => {
  const answered = Promise.allSettled(requests);
  expect((await runtime.exited).signal).toBe('SIGKILL');
  expect((await answered).every((outcome) => outcome.status === 'rejected')).toBe(true);
  current = undefined;
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The outbox keys of these questions' events of one type, as the fault hook's pattern. */
const eventsOf = (type: string, ids: string[]) =>
  `^EVENT#${escapeRegExp(type)}:(${ids.map(escapeRegExp).join('|')}):1$@${ids.length}`;

const bearer = async (user: string, roles: Role[]) => ({
  authorization: `Bearer ${await signLocalToken(await loadOrCreateLocalSigningKey(dataDir), { userId: user, roles })}`,
});
const questions = (runtime: FaultRuntime) =>
  new DynamoQuestionStore(client, runtime.tables.questions as string);
const articles = (runtime: FaultRuntime) =>
  new DynamoArticleLinkUpdates(client, runtime.tables.articles as string);

/** Every event the outbox holds was put on the bus by some runtime (the relay's log of each life). */
const outboxEventIds = async (runtime: FaultRuntime) => {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: runtime.tables.outbox, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    ids.push(...(page.Items ?? []).map((item) => (item.pk as string).slice('EVENT#'.length)));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
};

describe('the outbox under SIGKILL: the process dies right after the transaction', () => {
  it(`delivers every event after a restart and the read model converges (${BATCH * ROUNDS} trials of each step)`, async () => {
    // A live corpus the trials' articles link to, and must stop linking once they are retracted.
    let runtime = await start();
    const base: { id: string; slug: string }[] = [];
    for (const n of [1, 2, 3]) {
      const { id } = await readJson(
        await request(runtime.url, 'POST', '/v1/questions', {
          body: { question: `${TOPIC} in runners? base ${run} ${n}` },
        }),
      );
      const drafted = await eventually(
        async () => ((await questions(runtime).get(id))?.status === 'in_review' ? true : undefined),
        60_000,
      );
      expect(drafted).toBe(true);
      const approved = await request(runtime.url, 'POST', `/v1/review/questions/${id}/decisions`, {
        body: { revision: 1, decision: 'approve' },
        headers: await bearer('dr-base', ['reviewer']),
      });
      expect(approved.status).toBe(201);
      const published = await eventually(async () => {
        const question = await questions(runtime).get(id);
        return question?.status === 'published' ? question : undefined;
      }, 60_000);
      base.push({ id, slug: published.articleSlug as string });
    }
    await runtime.settle();
    await runtime.stop();
    const slugs = base.map(({ slug }) => slug);
    const retracted = new Set<string>();
    const trials = { submission: 0, approval: 0, publication: 0, retraction: 0 };
    /** The ids of the events the restarted runtimes put on their bus. */
    const relayed = new Set<string>();

    let previous: { id: string; slug: string }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // 1. Submissions: K questions stored with their events; the process dies after the Kth.
      runtime = await start(`^EVENT#question\\.submitted:@${BATCH}`);
      if (previous.length > 0) {
        // The last round's retractions, after their kill and this restart.
        for (const id of await runtime.settle()) relayed.add(id);
        for (const { id } of previous) await viewsAgree(runtime.url, id, 'retracted');
        expect(await linkProblems(articles(runtime), slugs, retracted)).toEqual([]);
      }
      const keys = Array.from({ length: BATCH }, (_, n) => `sigkill-${run}-${round}-${n}`);
      const text = (n: number) => `${TOPIC} in runners? ${run} round ${round} trial ${n}`;
      const ask = (target: FaultRuntime, n: number) =>
        request(target.url, 'POST', '/v1/questions', {
          body: { question: text(n) },
          headers: { 'idempotency-key': keys[n] as string },
        });
      await killed(
        runtime,
        keys.map((_, n) => ask(runtime, n)),
      );
      trials.submission += BATCH;

      // 2. Approvals. After the restart the asker's retry finds each question (its key replays), and
      //    each is drafted: its draft request was written with it and the stream replayed it. Only a
      //    reviewer's decision writes review.decided, so the pattern needs no ids.
      runtime = await start(`^EVENT#review\\.decided:.*:approved$@${BATCH}`);
      const asked: string[] = [];
      for (const n of keys.keys()) {
        const replay = await ask(runtime, n);
        expect(replay.status).toBe(202);
        asked.push((await readJson(replay)).id as string);
      }
      await eventually(async () => {
        const statuses = await Promise.all(
          asked.map(async (id) => (await questions(runtime).get(id))?.status),
        );
        return statuses.every((status) => status === 'in_review') ? true : undefined;
      }, 120_000);
      for (const id of asked) await viewsAgree(runtime.url, id, 'in_review');
      const reviewer = await bearer('dr-fault', ['reviewer']);
      await killed(
        runtime,
        asked.map((id) =>
          request(runtime.url, 'POST', `/v1/review/questions/${id}/decisions`, {
            body: { revision: 1, decision: 'approve' },
            headers: reviewer,
          }),
        ),
      );
      trials.approval += BATCH;

      // 3. Publications: the replayed approvals publish; the process dies after the Kth commits.
      runtime = await start(eventsOf('article.published', asked));
      await killed(runtime);
      trials.publication += BATCH;

      // 4. Retractions, once the publications converged after the restart.
      runtime = await start(eventsOf('article.retracted', asked));
      for (const id of await runtime.settle()) relayed.add(id);
      const published: { id: string; slug: string }[] = [];
      for (const id of asked) {
        await viewsAgree(runtime.url, id, 'published');
        published.push({ id, slug: (await questions(runtime).get(id))?.articleSlug as string });
      }
      slugs.push(...published.map(({ slug }) => slug));
      expect(await linkProblems(articles(runtime), slugs, retracted)).toEqual([]);
      // Each article is listed by a neighbour now, so its retraction has links to clean up.
      for (const { slug } of published) {
        const listed = await Promise.all(slugs.map((other) => articles(runtime).getLive(other)));
        expect(listed.some((article) => article?.links.similar.some((link) => link.slug === slug))).toBe(
          true,
        );
      }
      const admin = await bearer('admin-fault', ['admin']);
      await killed(
        runtime,
        published.map(({ slug }) =>
          request(runtime.url, 'DELETE', `/v1/admin/articles/${slug}`, {
            body: { reason: 'Fault trial' },
            headers: admin,
          }),
        ),
      );
      for (const { slug } of published) retracted.add(slug);
      trials.retraction += BATCH;
      previous = published;
    }

    // The last retractions converge too, and every event ever written was relayed.
    runtime = await start();
    for (const id of await runtime.settle()) relayed.add(id);
    for (const { id } of previous) await viewsAgree(runtime.url, id, 'retracted');
    for (const { id } of base) await viewsAgree(runtime.url, id, 'published');
    expect(await linkProblems(articles(runtime), slugs, retracted)).toEqual([]);
    const written = await outboxEventIds(runtime);
    expect(written.length).toBeGreaterThan(ROUNDS * BATCH * 5);
    expect(written.filter((id) => !relayed.has(id))).toEqual([]);
    expect(trials).toEqual({ submission: 20, approval: 20, publication: 20, retraction: 20 });
  }, 1_800_000);
});
