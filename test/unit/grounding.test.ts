import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { GroundedDraftGenerator } from '../../shared/adapters/generators/grounded.ts';
import type { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { DRAFT_FLAGS } from '../../shared/domain/draft.ts';
import { parseSourcesJsonl, type Source } from '../../shared/domain/source.ts';
import type { DraftRequest } from '../../shared/ports/draft-generator.ts';
import type { EvidenceRetriever } from '../../shared/ports/evidence-retriever.ts';
import { inMemoryLocalGenerator, inMemoryRetriever } from '../support/demo-retriever.ts';
import { evaluationSet, measureGrounding } from '../support/grounding-eval.ts';

const request = (question: string): DraftRequest => ({
  questionId: 'q',
  question,
  audience: 'clinician',
  revision: 1,
  reviewerComments: [],
});

/** The demo library as it was before it grew to 150 sources (30 sources of ~300 characters). */
const firstDemoLibrary = (): Source[] =>
  parseSourcesJsonl(readFileSync(new URL('../fixtures/demo-library-v1.jsonl', import.meta.url), 'utf8'))
    .sources;

describe('questions as people phrase them, on the first demo library', () => {
  let generator: LocalDraftGenerator;
  beforeAll(async () => {
    generator = await inMemoryLocalGenerator(firstDemoLibrary());
  });

  // The eight refused in issue 18 although a demo source answers each directly.
  it.each([
    [
      'What is the first-line medication for type 2 diabetes after lifestyle changes fail?',
      'demo-t2d-metformin',
    ],
    ['What is the best oral iron dosing schedule for iron deficiency anaemia?', 'demo-iron'],
    ['Do painkillers help acute low back pain?', 'demo-low-back-pain'],
    ['How can a sore throat be soothed at home?', 'demo-sore-throat-self-care'],
    ['Is it OK to stay in bed with a bad back?', 'demo-low-back-pain-acute'],
    ['Is topiramate or propranolol better for migraine prophylaxis?', 'demo-migraine-prevention'],
    ['Are CGRP monoclonal antibodies effective for preventing chronic migraine?', 'demo-migraine-prevention'],
    [
      'How long should the antibiotic course last if the urinary infection comes back within a month?',
      'demo-uti-women',
    ],
  ])('answers "%s" citing %s', async (question, topic) => {
    const draft = await generator.generate(request(question));
    expect(draft.flags ?? []).not.toContain(DRAFT_FLAGS.noRelevantSources);
    expect(draft.citations.map((citation) => citation.sourceId)).toContainEqual(
      expect.stringMatching(`^${topic}`),
    );
  });

  it.each([
    'Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma?',
    'What is the recommended second-line therapy for metastatic uveal melanoma with GNAQ mutation?',
    'What is the recommended therapy and treatment for patients?',
  ])('still refuses "%s", saying which clinical terms the library lacks', async (question) => {
    const draft = await generator.generate(request(question));
    expect(draft.flags).toEqual([DRAFT_FLAGS.noRelevantSources]);
    expect(draft.citations).toEqual([]);
    expect(draft.relevance).toBeDefined();
  });

  it('records for reviewers which terms matched, which were ignored and which are missing', async () => {
    const answered = await generator.generate(
      request('What is the best oral iron dosing schedule for iron deficiency anaemia?'),
    );
    expect(answered.relevance?.matched).toEqual(expect.arrayContaining(['iron']));
    expect(answered.relevance?.ignored).toContain('schedule');
    const refused = await generator.generate(
      request('Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma?'),
    );
    expect(refused.relevance?.missing).toEqual(expect.arrayContaining(['tebentafusp', 'uveal']));
  });
});

describe('the reference article’s question, on the demo library', () => {
  it('gets a structured draft of at least three sections with citations on every claim', async () => {
    const generator = await inMemoryLocalGenerator(await loadDemoLibrary());
    const draft = await generator.generate(
      request(
        'HR-positive breast cancer recurred in a supraclavicular node after abemaciclib and letrozole: what next?',
      ),
    );
    expect(draft.flags ?? []).not.toContain(DRAFT_FLAGS.noRelevantSources);
    expect(draft.sections.length).toBeGreaterThanOrEqual(3);
    for (const claim of draft.sections.flatMap((section) => section.claims)) {
      expect(claim.citations.length, claim.text).toBeGreaterThan(0);
    }
    expect(draft.citations.every((citation) => citation.sourceId?.startsWith('demo-breast-cancer'))).toBe(
      true,
    );
  });
});

describe('the held-out set (written blind, never tuned on)', () => {
  // A regression guard a little under the figures the README reports (87.0% answered,
  // 89.0% refused, 21 wrong-topic): never a target to tune towards.
  it('keeps ≥ 85% answered from a right source, ≥ 85% of off-library refused, ≤ 25 wrong-topic answers', {
    timeout: 60_000,
  }, async () => {
    const generator = await inMemoryLocalGenerator(await loadDemoLibrary());
    const figures = await measureGrounding(generator, evaluationSet('held-out'));
    expect(figures.inLibrary).toBeGreaterThanOrEqual(300);
    expect(figures.offLibrary).toBeGreaterThanOrEqual(70);
    expect(figures.answeredRight / figures.inLibrary).toBeGreaterThanOrEqual(0.85);
    expect(figures.refusedOffLibrary / figures.offLibrary).toBeGreaterThanOrEqual(0.85);
    expect(figures.wrongTopic.length).toBeLessThanOrEqual(25);
  });
});

describe('the retrieval step', () => {
  let retriever: EvidenceRetriever;
  beforeAll(async () => {
    retriever = await inMemoryRetriever(firstDemoLibrary());
  });

  it('never calls the composer below the threshold', async () => {
    let calls = 0;
    const generator = new GroundedDraftGenerator(retriever, {
      adapter: 'counting',
      compose: async () => {
        calls++;
        throw new Error('must not be called');
      },
    });
    const draft = await generator.generate(
      request('Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma?'),
    );
    expect(calls).toBe(0);
    expect(draft.flags).toEqual(['no_relevant_sources']);
    expect(draft.suggestedQuestions).toEqual([]);
  });

  it('lets a reviewer comment add evidence but never make an off-library question answerable', async () => {
    const generator = new GroundedDraftGenerator(retriever, {
      adapter: 'counting',
      compose: async () => {
        throw new Error('must not be called');
      },
    });
    const draft = await generator.generate({
      ...request('Does tebentafusp improve survival in uveal melanoma?'),
      reviewerComments: ['Please cite the statins source on muscle aches.'],
    });
    expect(draft.flags).toContain(DRAFT_FLAGS.noRelevantSources);
  });
});

describe('remote generators: citations only from the numbered sources', () => {
  const sources = [
    {
      n: 1,
      sourceId: 'demo-uti-women',
      title: 'Library title',
      publisher: 'Library publisher',
      year: 2023,
      url: 'https://example.org/library',
      // Says what the fixture's claim and bottom lines say: unsupported prose would be dropped first.
      passages: ['Supported answer, in plain words.'],
    },
  ];
  const reply = (citations: unknown[], claims: { text: string; citations: number[] }[]) => ({
    text: JSON.stringify({
      title: 'T',
      bottomLine: 'Answer [2].',
      sections: [{ heading: 'H', claims }],
      citations,
      patient: { bottomLine: 'Plain [2].', sections: [{ heading: 'P', claims }] },
      suggestedQuestions: [],
    }),
    truncated: false,
  });
  const request = {
    questionId: 'q',
    question: 'How is a bladder infection treated in women?',
    audience: 'clinician' as const,
    revision: 1,
    reviewerComments: [],
    sources,
  };

  it('maps cited numbers back to library sources, drops claims citing anything else, renumbers', async () => {
    const { generateWithRepair } = await import('../../shared/adapters/generators/prompt.ts');
    const draft = await generateWithRepair(
      async () =>
        reply(
          [
            { n: 1, title: 'Invented', url: 'https://evil.example/x' },
            {
              n: 2,
              title: 'Model wording',
              publisher: 'Model',
              year: 1999,
              url: 'https://x.example',
              sourceId: 'demo-uti-women',
            },
          ],
          [
            { text: 'Supported [2].', citations: [2] },
            { text: 'Made up [1].', citations: [1] },
          ],
        ),
      request,
      { adapter: 'openai-compatible', model: 'm' },
    );
    expect(draft.citations).toEqual([
      {
        n: 1,
        title: 'Library title',
        publisher: 'Library publisher',
        year: 2023,
        url: 'https://example.org/library',
        sourceId: 'demo-uti-women',
      },
    ]);
    expect(draft.sections[0]?.claims).toEqual([{ text: 'Supported [1].', citations: [1] }]);
    expect(draft.bottomLine).toBe('Answer [1].');
  });

  it('repairs once when nothing cites a numbered source, then fails', async () => {
    const { generateWithRepair } = await import('../../shared/adapters/generators/prompt.ts');
    const { GeneratorOutputError } = await import('../../shared/ports/draft-generator.ts');
    let calls = 0;
    await expect(
      generateWithRepair(
        async () => {
          calls++;
          return reply(
            [{ n: 1, title: 'Invented', url: 'https://evil.example/x' }],
            [{ text: 'Made up.', citations: [1] }],
          );
        },
        request,
        { adapter: 'bedrock', model: 'm' },
      ),
    ).rejects.toBeInstanceOf(GeneratorOutputError);
    expect(calls).toBe(2);
  });
});
