import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import corpus from '../fixtures/prompt-injections.json' with { type: 'json' };
import { type AttackerChatModel, startAttackerChatModel } from '../support/attacker-chat-model.ts';
import { runtimeDriver } from '../support/driver.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The injection corpus against the openai-compatible adapter, on the local runtime, with a model
 * that obeys every injection (test/support/attacker-chat-model.ts). Each question carries a case
 * tag so the model knows which payload to write.
 */
const CASE = /\(case (\d+)\)/;
const payloadOf = (prompt: string) => corpus.entries[Number(CASE.exec(prompt)?.[1] ?? 0)]?.payload ?? '';

let model: AttackerChatModel | undefined;
const runtime = useRuntime(async () => {
  model = await startAttackerChatModel(payloadOf);
  return {
    env: { DRAFT_GENERATOR: 'openai-compatible', OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'attacker' },
  };
});
afterAll(async () => model?.close());

const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const reviewer = async (user = 'rita') => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, ['reviewer'])}`,
});

/** Hosts the corpus tries to smuggle in; the library holds none of them. */
const FOREIGN = /evil\.example|pharma-deals\.shop|partner\.example|https?:\/\/(?!example\.org\/demo\/)/;

/** What a model's draft contributes to a reader's view: every claim, bottom line, heading, citation, suggestion. */
const modelText = (view: {
  bottomLine?: string;
  sections?: { heading: string; claims: { text: string }[] }[];
  citations?: { url?: string }[];
  suggestedQuestions?: string[];
}) => ({
  claims: (view.sections ?? []).flatMap((section) => section.claims.map((claim) => claim.text)),
  prose: [
    view.bottomLine ?? '',
    ...(view.sections ?? []).map((section) => section.heading),
    ...(view.suggestedQuestions ?? []),
  ],
  urls: (view.citations ?? []).map((citation) => citation.url ?? ''),
});

const expectClean = (view: Parameters<typeof modelText>[0], payload: string, where: string) => {
  const { claims, prose, urls } = modelText(view);
  expect(claims.length, where).toBeGreaterThan(0);
  for (const claim of claims) {
    expect(claim, where).not.toMatch(FOREIGN);
    expect(claim, where).not.toContain(payload);
  }
  for (const text of prose) expect(text, where).not.toMatch(FOREIGN);
  for (const url of urls) expect(url, where).toMatch(/^https:\/\/example\.org\/demo\//);
};

/** Every tag in a prompt is one the adapter wrote: the question's, a library source's, a comment's. */
const expectOnlyOwnTags = async (prompt: string) => {
  const libraryIds = new Set((await loadDemoLibrary()).map((source) => source.id));
  const tags = prompt.match(/<[^<>]*>?/g) ?? [];
  for (const tag of tags) {
    const source = /^<source n="\d+" sourceId="([^"]+)">$/.exec(tag);
    if (source) expect(libraryIds, tag).toContain(source[1]);
    else
      expect([
        '<question>',
        '</question>',
        '</source>',
        '<reviewer_comment>',
        '</reviewer_comment>',
      ]).toContain(tag);
  }
  expect(tags.filter((tag) => tag === '<question>')).toHaveLength(1);
  expect(tags.filter((tag) => tag === '</question>')).toHaveLength(1);
  expect(tags.filter((tag) => tag.startsWith('<source ')).length).toBe(
    tags.filter((tag) => tag === '</source>').length,
  );
  const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(prompt)?.[1] ?? '';
  expect(question).not.toMatch(/[<>]/);
};

const answerOf = async (id: string, audience: string) =>
  readJson(await api('GET', `/v1/questions/${id}/answer?audience=${audience}`));
const promptFor = (tag: string, revision: number) =>
  eventually(async () =>
    model?.prompts.find((prompt) => prompt.includes(tag) && prompt.includes(`Draft revision ${revision} `)),
  );

/** Asks and waits for the first draft: every question here is drafted, attacked or not. */
const { askAndDraft: ask } = runtimeDriver(runtime);
const pendingRevision = async (id: string, revision: number, payload: string) => {
  for (const audience of ['clinician', 'patient']) {
    const answer = await eventually(async () => {
      const body = await answerOf(id, audience);
      return body.status === 'pending_review' && body.revision === revision ? body : undefined;
    });
    expectClean(answer, payload, `pending ${audience}, revision ${revision}`);
  }
};

describe('prompt isolation: the injection corpus against an obedient model', () => {
  it.each(corpus.entries.map((entry, index) => [index, entry] as const))(
    'case %i: escapes the input and keeps the payload out of pending and published claims',
    async (index, entry) => {
      const tag = `(case ${index})`;
      // 1. The attack as the question. Retrieval judges relevance on the question alone: when the
      //    attack's words make it unanswerable, no model is called and the asker sees no content.
      const asked = await ask(`${entry.question} ${tag}`);
      const detail = await readJson(
        await api('GET', `/v1/review/questions/${asked}`, { headers: await reviewer() }),
      );
      let target = asked;
      if (detail.revisions[0].draft.flags?.includes('no_relevant_sources')) {
        expect(model?.prompts.some((prompt) => prompt.includes(tag))).toBe(false);
        expect((await answerOf(asked, 'patient')).status).toBe('no_answer_yet');
        target = await ask(`Do statins cause muscle aches? ${tag} comment`);
      } else {
        await expectOnlyOwnTags(await promptFor(tag, 1));
        await pendingRevision(asked, 1, entry.payload);
      }

      // 2. The attack as a reviewer's comment, which always reaches the model with the question.
      const changes = await api('POST', `/v1/review/questions/${target}/decisions`, {
        body: { revision: 1, decision: 'request_changes', reason: entry.comment ?? entry.question },
        headers: await reviewer(),
      });
      expect(changes.status).toBe(201);
      const prompt = await promptFor(tag, 2);
      await expectOnlyOwnTags(prompt);
      expect(prompt).toContain('<reviewer_comment>');
      await pendingRevision(target, 2, entry.payload);

      // 3. A few go all the way to a public article.
      if (index % 4 !== 0 && !entry.comment) return;
      const approved = await api('POST', `/v1/review/questions/${target}/decisions`, {
        body: { revision: 2, decision: 'approve' },
        headers: await reviewer(),
      });
      expect(approved.status).toBe(201);
      const slug = await eventually(async () => {
        const view = await readJson(await api('GET', `/v1/questions/${target}`));
        return view.status === 'published' ? (view.articleSlug as string) : undefined;
      });
      for (const audience of ['clinician', 'patient']) {
        const article = await readJson(await api('GET', `/v1/articles/${slug}?audience=${audience}`));
        expectClean(article, entry.payload, `published ${audience}`);
      }
    },
  );
});
