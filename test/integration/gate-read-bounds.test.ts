import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../infra/local/library-load.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { indexLocation } from '../../shared/adapters/library-index.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import type { Source } from '../../shared/domain/source.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * What the publish gate and the asker's answer read of the reference
 * library, counted on the real local runtime (every DynamoDB command the
 * functions send passes the document client's `initialize` step): the
 * approval, the editor's PUT, a retraction and the asker's answer, first on
 * the demo library, then after 1,000 more sources were loaded. Only the
 * requests to the sources table are the library's.
 */
const runtime = useRuntime();
const MIDDLEWARE = 'countLibraryRequests';
interface LibraryRequest {
  command: string;
  keys?: number;
}
let counting = false;
const sent: LibraryRequest[] = [];

const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const sourcesTable = () => runtime().config.tables.sources;

beforeAll(() => {
  runtime().platform.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        TableName?: string;
        RequestItems?: Record<string, { Keys?: unknown[] }>;
      };
      const batch = input.RequestItems?.[sourcesTable()];
      if (counting && (input.TableName === sourcesTable() || batch)) {
        sent.push({
          command: context.commandName as string,
          ...(batch?.Keys ? { keys: batch.Keys.length } : {}),
        });
      }
      return next(args);
    },
    { step: 'initialize', name: MIDDLEWARE },
  );
});
afterAll(() => {
  runtime().platform.dynamo.middlewareStack.remove(MIDDLEWARE);
});

/** The library requests made while `action` runs. */
const libraryRequestsOf = async (action: () => Promise<void>): Promise<LibraryRequest[]> => {
  sent.length = 0;
  counting = true;
  try {
    await action();
  } finally {
    counting = false;
  }
  return [...sent];
};

const as = async (user: string, roles: ('reviewer' | 'editor' | 'admin')[]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});

const statusOf = async (id: string, status: string) =>
  eventually(async () => {
    const question = await questions().get(id);
    return question?.status === status ? question : undefined;
  });

/** Each gate path once, on a question of its own; the library requests of each. */
const gateReads = async (topic: string) => {
  const { id } = await readJson(
    await request(runtime().url, 'POST', '/v1/questions', { body: { question: topic } }),
  );
  await statusOf(id, 'in_review');
  await queuesDrained(runtime(), ['draftRequests']);
  const draft = (await questions().getRevision(id, 1))?.draft as Draft;
  const cited = new Set(draft.citations.flatMap((citation) => citation.sourceId ?? [])).size;
  expect(cited).toBeGreaterThan(0);

  const answer = await libraryRequestsOf(async () => {
    const response = await request(runtime().url, 'GET', `/v1/questions/${id}/answer`);
    expect(response.status).toBe(200);
  });

  const { generator: _generator, ...content } = draft;
  const edit = await libraryRequestsOf(async () => {
    const response = await request(runtime().url, 'PUT', `/v1/review/questions/${id}/draft`, {
      body: { baseRevision: 1, draft: { ...content, title: `${draft.title} (edited)` } },
      headers: await as('eddie-editor', ['editor']),
    });
    expect(response.status).toBe(201);
  });

  // The approval's gate, then the publisher's own check of the same gate, and its look after writing
  // the version for a source withdrawn meanwhile (publish-article.ts).
  const approval = await libraryRequestsOf(async () => {
    const response = await request(runtime().url, 'POST', `/v1/review/questions/${id}/decisions`, {
      body: { revision: 2, decision: 'approve' },
      headers: await as('rita-reviewer', ['reviewer']),
    });
    expect(response.status).toBe(201);
    await statusOf(id, 'published');
    await queuesDrained(runtime(), ['publication', 'articleChanges']);
  });

  // A retraction checks the gate while a publication may be under way: the question approved again.
  const published = await statusOf(id, 'published');
  const approved = { ...published, status: 'approved' as const };
  expect(await questions().commit({ before: published, after: approved, audit: [] })).toBe(true);
  const retraction = await libraryRequestsOf(async () => {
    const response = await request(runtime().url, 'DELETE', `/v1/admin/articles/${published.articleSlug}`, {
      body: { reason: 'A check of what the gate reads' },
      headers: await as('ada-admin', ['admin']),
    });
    expect(response.status).toBe(409);
  });

  return { cited, reads: { answer, edit, approval, retraction } };
};

const largeLibrary = (count: number): Source[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `bulk-${index}`,
    title: `[Test] Husbandry of zebras, volume ${index}`,
    publisher: 'Test publisher',
    year: 2020,
    url: `https://example.org/bulk/${index}`,
    text: `Zebras of herd ${index} graze on savanna grasses and drink at dawn.`,
  }));

describe('DynamoDB requests of the publish gate and the asker’s answer', () => {
  it('are one BatchGetItem of the cited ids each, the same for 30 sources and for 1,030', async () => {
    const small = await gateReads('Do statins cause muscle aches and pain?');
    await loadLibrary(runtime().platform.dynamo, sourcesTable(), indexLocation(runtime().config), {
      loadId: 'bulk',
      sources: largeLibrary(1000),
    });
    const large = await gateReads('Should I stop my statin when muscle aches start?');

    for (const { cited, reads } of [small, large]) {
      const oneBatchGet = [{ command: 'BatchGetItemCommand', keys: cited + 1 }];
      expect(reads.answer).toEqual(oneBatchGet);
      expect(reads.edit).toEqual(oneBatchGet);
      expect(reads.retraction).toEqual(oneBatchGet);
      expect(reads.approval).toEqual([...oneBatchGet, ...oneBatchGet, ...oneBatchGet]);
    }
    expect(Object.values(large.reads).map((reads) => reads.length)).toEqual(
      Object.values(small.reads).map((reads) => reads.length),
    );
  }, 240_000);
});
