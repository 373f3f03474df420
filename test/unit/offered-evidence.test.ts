import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { InMemorySourceIndexLibrary } from '../../shared/adapters/in-memory-source-index.ts';
import { clinicalVocabulary, englishCount } from '../../shared/domain/clinical-language.ts';
import type { SourceIndex } from '../../shared/ports/source-index.ts';
import { evidenceRetriever } from '../../shared/use-cases/retrieve-evidence.ts';

/**
 * Sources offered whatever retrieval ranks (the successor of a withdrawn source on its re-review):
 * ranked first with their passages, cited by the local draft, never when withdrawn themselves.
 */
let index: SourceIndex;
const QUESTION = 'How should I measure my blood pressure at home?';
// A source on another topic: retrieval would never rank it for this question.
const UNRELATED = 'demo-migraine-acute';

beforeAll(async () => {
  const library = new InMemorySourceIndexLibrary();
  await library.build({ version: 'v1', sources: await loadDemoLibrary() });
  index = library.open('v1');
});

const retriever = (withdrawn: readonly string[] = []) =>
  evidenceRetriever({
    index: async () => index,
    vocabulary: clinicalVocabulary(),
    englishCount,
    withdrawn: async (ids) => new Set(ids.filter((id) => withdrawn.includes(id))),
  });

describe('offered evidence', () => {
  it('is not ranked by retrieval on its own', async () => {
    const plain = await retriever().retrieve(QUESTION);
    expect(plain.relevant).toBe(true);
    expect(plain.sources.map(({ source }) => source.id)).not.toContain(UNRELATED);
  });

  it('comes first, with its passages, whatever retrieval ranks', async () => {
    const plain = await retriever().retrieve(QUESTION);
    const offered = await retriever().retrieve(QUESTION, { offer: [UNRELATED] });
    expect(offered.sources[0]?.source.id).toBe(UNRELATED);
    expect(offered.sources.slice(1).map(({ source }) => source.id)).toEqual(
      plain.sources.map(({ source }) => source.id),
    );
    const offeredPassages = offered.passages.filter((passage) => passage.source.id === UNRELATED);
    expect(offeredPassages.length).toBeGreaterThan(0);
    expect(offeredPassages.length).toBeLessThanOrEqual(8);
    expect(offered.passages[0]?.source.id).toBe(UNRELATED);
  });

  it('is not offered when withdrawn itself, nor when the library does not have it', async () => {
    const plain = await retriever().retrieve(QUESTION);
    for (const [offer, withdrawn] of [
      [[UNRELATED], [UNRELATED]],
      [['no-such-source'], []],
    ] as const) {
      const result = await retriever(withdrawn).retrieve(QUESTION, { offer });
      expect(result.sources.map(({ source }) => source.id)).toEqual(
        plain.sources.map(({ source }) => source.id),
      );
    }
  });

  it('makes a question answerable whose only relevant source was withdrawn', async () => {
    const library = new InMemorySourceIndexLibrary();
    const sources = (await loadDemoLibrary()).filter(
      ({ id }) => id === 'demo-hypertension-diagnosis' || id === UNRELATED,
    );
    await library.build({ version: 'small', sources });
    const small = library.open('small');
    const withdrawnRetriever = evidenceRetriever({
      index: async () => small,
      vocabulary: clinicalVocabulary(),
      englishCount,
      withdrawn: async (ids) => new Set(ids.filter((id) => id === 'demo-hypertension-diagnosis')),
    });
    expect((await withdrawnRetriever.retrieve(QUESTION)).relevant).toBe(false);
    const offered = await withdrawnRetriever.retrieve(QUESTION, { offer: [UNRELATED] });
    expect(offered.relevant).toBe(true);
    expect(offered.sources.map(({ source }) => source.id)).toEqual([UNRELATED]);
  });

  it('is cited by the local draft', async () => {
    const generator = new LocalDraftGenerator(retriever());
    const request = { questionId: 'q1', question: QUESTION, audience: 'clinician' as const, revision: 2 };
    const plain = await generator.generate({ ...request, reviewerComments: [] });
    expect(plain.citations.map((c) => c.sourceId)).not.toContain(UNRELATED);
    const draft = await generator.generate({ ...request, reviewerComments: [], offeredSources: [UNRELATED] });
    expect(draft.citations.map((c) => c.sourceId)).toContain(UNRELATED);
  });
});
