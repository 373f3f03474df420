import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLocalTable } from '../../infra/local/provision.ts';
import type { Runtime } from '../../infra/local/runtime.ts';
import { tables } from '../../infra/resources.ts';
import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import {
  corpusKey,
  documentFrequencyKey,
  LIST_PARTITION,
  listSortOf,
  liveArticleKey,
  postingKey,
  postingSortOf,
  termPartition,
} from '../../shared/adapters/dynamodb/article-items.ts';
import { DynamoArticleLinkUpdates } from '../../shared/adapters/dynamodb/article-link-updates.ts';
import { DynamoArticlePublications } from '../../shared/adapters/dynamodb/article-publications.ts';
import { DynamoCitationIndex } from '../../shared/adapters/dynamodb/citation-index.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoLiveApprovals } from '../../shared/adapters/dynamodb/live-approvals.ts';
import { DynamoOutboxPublisher } from '../../shared/adapters/dynamodb/outbox-publisher.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewerDirectory } from '../../shared/adapters/dynamodb/reviewer-directory.ts';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { buildStoredArticle } from '../../shared/domain/article.ts';
import { tokenize } from '../../shared/domain/bm25.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import type { Question } from '../../shared/domain/question.ts';
import { propagatePublication } from '../../shared/use-cases/propagate-article.ts';
import { publishArticle } from '../../shared/use-cases/publish-article.ts';
import { decideOnRevision } from '../../shared/use-cases/review.ts';
import { interleavedQuestions } from '../support/labelled-questions.ts';
import { withInProcessRuntime } from './in-process-runtime.ts';
import { type Benchmark, type BenchOutcome, countRequests, median, round, runPool, sleep } from './lib.ts';

const SIZES = [1_000, 10_000];
const PUBLICATIONS_PER_SIZE = 12;
const TERMS_PER_SEEDED_ARTICLE = 12;

type Item = Record<string, unknown>;

/** A deterministic pseudo-random sequence (mulberry32), so every run seeds the same corpus. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const seededDraft = (title: string): Draft => ({
  title,
  bottomLine: `${title} [1]`,
  sections: [{ heading: title, claims: [{ text: `${title} [1]`, citations: [1] }] }],
  citations: [{ n: 1, title: 'Seeded source', url: 'https://example.org/seeded' }],
  patient: { bottomLine: `${title} [1]`, sections: [] },
  suggestedQuestions: [],
  generator: { adapter: 'seed', model: 'none', promptVersion: 'none' },
});

/**
 * Writes `from..to` synthetic live articles straight into the table (live
 * item, postings on demo-library terms with a skewed distribution, as real
 * text has), and the corpus counts for all seeded so far.
 */
const seed = async (
  client: DynamoDBDocumentClient,
  table: string,
  range: { from: number; to: number },
  vocabulary: readonly string[],
  documentFrequency: Map<string, number>,
) => {
  const next = random(range.from + 1);
  const items: Item[] = [];
  for (let i = range.from; i < range.to; i++) {
    const slug = `seeded-article-${i}`;
    const terms = new Set<string>();
    while (terms.size < TERMS_PER_SEEDED_ARTICLE) {
      terms.add(vocabulary[Math.floor(vocabulary.length * next() ** 2)] as string);
    }
    const raw = [...terms].map((term) => ({ term, weight: 0.2 + next() }));
    const norm = Math.sqrt(raw.reduce((sum, { weight }) => sum + weight * weight, 0));
    const similarity = raw.map(({ term, weight }) => ({
      term,
      weight: Math.round((weight / norm) * 1e6) / 1e6,
    }));
    const title = `Seeded article ${i} about ${[...terms].slice(0, 3).join(' ')}`;
    const stored = buildStoredArticle({
      slug,
      question: { id: `seeded-${i}`, question: title, audience: 'clinician' } as Question,
      revision: { revision: 1, author: 'seed', decisions: [], draft: seededDraft(title) },
      version: 1,
      firstPublishedAt: '2026-01-01T00:00:00.000Z',
      at: '2026-01-01T00:00:00.000Z',
      settings: {
        editorialPolicyUrl: 'https://example.org/policy',
        disclaimer: 'Seeded.',
        reviewIntervalDays: 365,
      },
      approvals: { approvals: [], approverKeys: [] },
    });
    items.push({
      ...liveArticleKey(slug),
      entity: 'article',
      ...stored,
      terms: similarity,
      similarity,
      topicTerms: [...terms],
      linksRev: 1,
      unlinks: [],
      listKey: LIST_PARTITION,
      listSort: listSortOf(stored.lastUpdated, slug),
    });
    for (const { term, weight } of similarity) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      items.push({
        ...postingKey(term, slug),
        entity: 'posting',
        term,
        weight,
        sim: weight,
        slug,
        id: stored.id,
        title,
        bottomLine: stored.bottomLine,
        lastUpdated: stored.lastUpdated,
        listKey: termPartition(term),
        listSort: postingSortOf(weight, slug),
      });
    }
  }
  for (const [term, count] of documentFrequency) items.push({ ...documentFrequencyKey(term), count });
  items.push({ ...corpusKey, count: range.to });
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await runPool(batches, 8, async (batch) => {
    let pending: Item[] = batch.map((item) => ({ PutRequest: { Item: item } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [table]: pending as never } }),
      );
      pending = (UnprocessedItems?.[table] as Item[] | undefined) ?? [];
    }
  });
};

/**
 * An outbox nobody relays (no stream): the bench's writes keep their events in the transaction, as in
 * production, but nothing publishes or propagates what the bench times itself.
 */
const UNRELAYED_OUTBOX = 'bench-unrelayed-outbox';
const createUnrelayedOutbox = async (runtime: Runtime) => {
  const admin = new DynamoDBClient({
    endpoint: runtime.dynamodb.endpoint,
    region: runtime.config.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { stream: _relayed, ...unstreamed } = tables.outbox;
  await createLocalTable(admin, UNRELAYED_OUTBOX, unstreamed);
  admin.destroy();
};

/** Asks over HTTP and waits for the draft; the approval's event goes to an unrelayed outbox, so nothing publishes it yet. */
const approvedQuestions = async (runtime: Runtime, count: number, tag: string): Promise<string[]> => {
  const store = new DynamoQuestionStore(
    runtime.platform.dynamo,
    runtime.config.tables.questions,
    UNRELAYED_OUTBOX,
  );
  const questions = interleavedQuestions().slice(0, count);
  return runPool(questions, 4, async ({ question }, index) => {
    const response = await fetch(`${runtime.url}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        question: `${question.replace(/\?$/, '')} (${tag} case ${index})?`,
        audience: 'clinician',
      }),
    });
    const { id } = (await response.json()) as { id: string };
    for (let i = 0; i < 300 && (await store.get(id))?.status !== 'in_review'; i++) await sleep(100);
    await decideOnRevision(
      {
        store,
        catalog: new DynamoLibraryCatalog(runtime.platform.dynamo, runtime.config.tables.sources),
        now: () => new Date(),
        requiredApprovals: 1,
      },
      { questionId: id, reviewer: 'bench-reviewer', command: { revision: 1, decision: 'approve' } },
    );
    return id;
  });
};

export const publishing: Benchmark = {
  name: 'publish',
  description: `DynamoDB requests and ms per publication (and its propagation) with ${SIZES.join(' and ')} articles already published`,
  run: (): Promise<BenchOutcome> =>
    withInProcessRuntime('publish', async (runtime) => {
      const { config } = runtime;
      await createUnrelayedOutbox(runtime);
      // A client of its own, counting every request it sends.
      const client = createDocumentClient(config);
      const requests = countRequests(client);
      const deps = {
        questions: new DynamoQuestionStore(client, config.tables.questions),
        publications: new DynamoArticlePublications(client, config.tables.articles, UNRELAYED_OUTBOX),
        links: new DynamoArticleLinkUpdates(client, config.tables.articles),
        catalog: new DynamoLibraryCatalog(client, config.tables.sources),
        citations: new DynamoCitationIndex(client, config.tables.articles),
        events: new DynamoOutboxPublisher(client, UNRELAYED_OUTBOX),
        now: () => new Date(),
        requiredApprovals: 1,
        settings: config.publication,
        reviewerNames: {
          reviewers: new DynamoReviewerDirectory(client, config.tables.reviewers),
          live: new DynamoLiveApprovals(client, config.tables.articles),
        },
      };
      const library = await loadDemoLibrary();
      const vocabulary = [
        ...new Set(library.flatMap((source) => tokenize(`${source.title} ${source.text}`))),
      ];
      const documentFrequency = new Map<string, number>();
      const bySize: Record<string, Record<string, number>> = {};
      let seeded = 0;
      for (const size of SIZES) {
        const seedStarted = performance.now();
        await seed(client, config.tables.articles, { from: seeded, to: size }, vocabulary, documentFrequency);
        const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
        seeded = size;
        const ids = await approvedQuestions(runtime, PUBLICATIONS_PER_SIZE, `n${size}`);
        const publishMs: number[] = [];
        const publishRequests: number[] = [];
        const propagateMs: number[] = [];
        const propagateRequests: number[] = [];
        for (const id of ids) {
          requests.value = 0;
          let started = performance.now();
          const outcome = await publishArticle(deps, { questionId: id, revision: 1 });
          publishMs.push(performance.now() - started);
          publishRequests.push(requests.value);
          if (outcome.kind !== 'published') throw new Error(`Not published: ${JSON.stringify(outcome)}`);
          requests.value = 0;
          started = performance.now();
          await propagatePublication(deps, { slug: outcome.slug });
          propagateMs.push(performance.now() - started);
          propagateRequests.push(requests.value);
        }
        bySize[size] = {
          seedSeconds,
          publishMs: round(median(publishMs), 1),
          publishRequests: median(publishRequests),
          propagateMs: round(median(propagateMs), 1),
          propagateRequests: median(propagateRequests),
        };
      }
      const [small, large] = SIZES.map((size) => bySize[size] as Record<string, number>);
      return {
        metrics: [
          ...SIZES.flatMap((size) => {
            const m = bySize[size] as Record<string, number>;
            return [
              {
                name: `publish with ${size} live: DynamoDB requests (median)`,
                value: m.publishRequests ?? 0,
                unit: '',
              },
              { name: `publish with ${size} live: time (median)`, value: m.publishMs ?? 0, unit: 'ms' },
              {
                name: `propagate with ${size} live: DynamoDB requests (median)`,
                value: m.propagateRequests ?? 0,
                unit: '',
              },
              { name: `propagate with ${size} live: time (median)`, value: m.propagateMs ?? 0, unit: 'ms' },
            ];
          }),
          {
            name: `publish time ${SIZES[1]} ÷ ${SIZES[0]}`,
            value: round((large?.publishMs ?? 0) / (small?.publishMs ?? 1), 2),
            unit: '×',
          },
        ],
        details: { publicationsPerSize: PUBLICATIONS_PER_SIZE, bySize },
      };
    }),
};
