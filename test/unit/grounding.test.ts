import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary, staticSourceLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { LibraryIndex } from '../../shared/domain/retrieval.ts';
import type { Source } from '../../shared/domain/source.ts';
import {
  LABELLED_SET,
  type LabelledSetFigures,
  measureLabelledSet,
} from '../support/grounding-labelled-set.ts';

let demo: Source[];
let figures: LabelledSetFigures;

beforeAll(async () => {
  demo = await loadDemoLibrary();
  figures = await measureLabelledSet(new LocalDraftGenerator(staticSourceLibrary(demo)));
});

describe('the labelled set', () => {
  it('has at least 40 questions: every demo topic in-library, four fields off-library', () => {
    expect(LABELLED_SET.length).toBeGreaterThanOrEqual(40);
    const topics = new Set(LABELLED_SET.flatMap((item) => item.topics ?? []));
    for (const source of demo) {
      expect(
        [...topics].some((topic) => source.id.startsWith(topic)),
        source.id,
      ).toBe(true);
    }
    const fields = new Set(LABELLED_SET.map((item) => item.field).filter(Boolean));
    expect([...fields].sort()).toEqual(['cardiology', 'oncology', 'paediatrics', 'rare disease']);
  });
});

describe('grounded local generation over the labelled set', () => {
  it('answers at least 95% of the in-library questions', () => {
    expect(
      figures.answeredInLibrary / figures.inLibrary,
      figures.unansweredInLibrary.join('\n'),
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('flags every off-library question no_relevant_sources', () => {
    expect(figures.answeredOffLibrary).toEqual([]);
    expect(figures.flaggedOffLibrary).toBe(figures.offLibrary);
  });

  it('never answers from sources about another topic', () => {
    expect(figures.wrongTopicAnswers).toEqual([]);
  });
});

describe('the relevance threshold', () => {
  it('does not count generic clinical words as a match', () => {
    const index = new LibraryIndex(demo);
    const retrieval = index.retrieve('What is the recommended therapy and treatment for patients?');
    expect(retrieval.terms).toEqual([]);
    expect(retrieval.relevant).toBe(false);
    expect(
      index.retrieve(
        'What is the recommended second-line therapy for metastatic uveal melanoma with GNAQ mutation?',
      ).relevant,
    ).toBe(false);
  });

  it('never calls the composer below the threshold', async () => {
    let calls = 0;
    const { GroundedDraftGenerator } = await import('../../shared/adapters/generators/grounded.ts');
    const generator = new GroundedDraftGenerator(staticSourceLibrary(demo), {
      adapter: 'counting',
      compose: async () => {
        calls++;
        throw new Error('must not be called');
      },
    });
    const draft = await generator.generate({
      questionId: 'q',
      question: 'Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma?',
      audience: 'clinician',
      revision: 1,
      reviewerComments: [],
    });
    expect(calls).toBe(0);
    expect(draft.flags).toEqual(['no_relevant_sources']);
    expect(draft.suggestedQuestions).toEqual([]);
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
      passages: ['A sentence.'],
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
