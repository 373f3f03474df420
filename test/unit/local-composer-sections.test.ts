import { describe, expect, it } from 'vitest';
import { LocalComposer } from '../../shared/adapters/generators/local.ts';
import type { LibraryPassage, Retrieval } from '../../shared/domain/retrieval.ts';
import type { SourceMetadata } from '../../shared/domain/source.ts';

const source = (id: string): SourceMetadata => ({
  id,
  title: `[Demo] ${id}`,
  publisher: 'Vetted demo library (illustrative, not medical advice)',
  year: 2024,
  url: `https://example.org/demo/${id}`,
});

const first = source('flu-vaccine-safety');
const second = source('flu-vaccine-who');

/** `count` headed sections of one source, one sentence each, best first. */
const sectionsOf = (of: SourceMetadata, count: number): LibraryPassage[] =>
  Array.from({ length: count }, (_, k) => ({
    id: `${of.id}-p${k}.0`,
    passageId: `${of.id}-p${k}`,
    source: of,
    position: k,
    section: [`${of.id} heading ${k}`],
    sentence: `Sentence ${k} of ${of.id} about the flu vaccine.`,
  }));

const retrieval = (passages: LibraryPassage[], secondRank = 1.2): Retrieval => ({
  relevant: true,
  terms: { matched: ['flu'], ignored: [], missing: [] },
  sources: [
    { source: first, coverage: 1, rank: 1.3 },
    { source: second, coverage: 0.9, rank: secondRank },
  ],
  passages,
  considered: [],
});

const compose = (passages: LibraryPassage[], secondRank?: number) =>
  new LocalComposer().compose(
    {
      questionId: 'q',
      question: 'Who gets the flu vaccine?',
      audience: 'clinician',
      revision: 1,
      reviewerComments: [],
    },
    retrieval(passages, secondRank),
    async () => retrieval([]),
  );

describe('the local composer choosing sections', () => {
  it('gives a source ranked close to the best a section before the best one takes a second', async () => {
    // The best source's passages all outscore the second's: before, its five sections took all four slots.
    const draft = await compose([...sectionsOf(first, 5), ...sectionsOf(second, 2)]);
    expect(draft.citations.map((citation) => citation.sourceId)).toEqual([first.id, second.id]);
    expect(draft.sections.map((section) => section.heading)).toEqual([
      'flu-vaccine-safety heading 0',
      'flu-vaccine-who heading 0',
      'flu-vaccine-safety heading 1',
      'flu-vaccine-safety heading 2',
    ]);
  });

  it("leaves a source ranked well below the best after the best one's sections", async () => {
    const draft = await compose([...sectionsOf(first, 5), ...sectionsOf(second, 2)], 0.6);
    expect(draft.citations.map((citation) => citation.sourceId)).toEqual([first.id]);
    expect(draft.sections).toHaveLength(4);
  });

  it('still fills the sections from one source when it is the only one kept', async () => {
    const draft = await compose(sectionsOf(first, 5));
    expect(draft.sections).toHaveLength(4);
    expect(draft.citations.map((citation) => citation.sourceId)).toEqual([first.id]);
  });
});
