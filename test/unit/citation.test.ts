import { describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { groundInSources } from '../../shared/adapters/generators/grounding-map.ts';
import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { publicCitation } from '../../shared/domain/article.ts';
import { amaInitials, amaShortName, citationFromSource } from '../../shared/domain/citation.ts';
import { citationSchema, editorDraft, withLibraryCitations } from '../../shared/domain/draft.ts';
import type { SourceMetadata } from '../../shared/domain/source.ts';
import { libraryRetriever } from '../support/demo-retriever.ts';

const source: SourceMetadata = {
  id: 'okafor2021-home-bp',
  title: 'Home blood pressure monitoring versus clinic measurement',
  publisher: 'Journal of Hypertension Research',
  year: 2021,
  url: 'https://doi.org/10.5555/jhr.2021.0412',
  authors: [
    { family: 'Okafor', given: 'Adaeze N.' },
    { family: 'Lindqvist', given: 'Per' },
    { literal: 'Home BP Group' },
  ],
  container: 'J Hypertens Res',
  volume: '39',
  issue: '4',
  pages: '612-620',
  doi: '10.5555/jhr.2021.0412',
  pmid: '33912345',
  formatted: 'Okafor AN, Lindqvist P, Home BP Group. Home blood pressure monitoring…',
};

describe('amaShortName', () => {
  it.each([
    ['John Andrew', 'JA'],
    ['J. A.', 'JA'],
    ['Jean-Pierre', 'JP'],
    ['JA', 'JA'],
    ['K L', 'KL'],
    ['élodie', 'É'],
  ])('writes the initials of %s as %s', (given, initials) => {
    expect(amaInitials(given)).toBe(initials);
  });

  it('writes a person as "Family Initials", a family name alone as it is, an organisation as named', () => {
    expect(amaShortName({ family: 'Smith', given: 'John A.' })).toBe('Smith JA');
    expect(amaShortName({ family: 'Smith' })).toBe('Smith');
    expect(amaShortName({ literal: 'World Health Organization' })).toBe('World Health Organization');
  });
});

describe('citationFromSource', () => {
  it("carries every piece of the source's metadata, authors in AMA short form", () => {
    const citation = citationFromSource(2, source);
    expect(citation).toEqual({
      n: 2,
      title: source.title,
      publisher: 'Journal of Hypertension Research',
      year: 2021,
      url: 'https://doi.org/10.5555/jhr.2021.0412',
      authors: ['Okafor AN', 'Lindqvist P', 'Home BP Group'],
      container: 'J Hypertens Res',
      volume: '39',
      issue: '4',
      pages: '612-620',
      doi: '10.5555/jhr.2021.0412',
      pmid: '33912345',
      formatted: source.formatted,
      sourceId: 'okafor2021-home-bp',
    });
    expect(citationSchema.safeParse(citation).success).toBe(true);
  });

  it('adds no empty fields for a source without metadata, as library citations were before', () => {
    const { id, title, publisher, year, url } = source;
    expect(citationFromSource(1, { id, title, publisher, year, url })).toEqual({
      n: 1,
      title,
      publisher,
      year,
      url,
      sourceId: id,
    });
  });

  it('keeps the first 50 authors of a consortium paper, within what a citation may hold', () => {
    const authors = Array.from({ length: 80 }, (_, i) => ({ family: `Author${i}`, given: 'A' }));
    const citation = citationFromSource(1, { ...source, authors });
    expect(citation.authors).toHaveLength(50);
    expect(citationSchema.safeParse(citation).success).toBe(true);
  });
});

describe('library citations in drafts', () => {
  it("replace what the client wrote with the library's metadata, and leave unknown sources alone", () => {
    const draft = {
      citations: [
        { n: 1, title: 'Whatever the editor typed', sourceId: source.id, doi: '10.5555/wrong' },
        { n: 2, title: 'Unknown', sourceId: 'not-in-library' },
      ],
    };
    const resolved = withLibraryCitations(draft, new Map([[source.id, source]]));
    expect(resolved.citations).toEqual([citationFromSource(1, source), draft.citations[1]]);
  });

  it('an editor revision shows the library metadata of each library citation', () => {
    const draft = editorDraft(
      {
        title: 'Home BP',
        bottomLine: 'Use home readings [1].',
        sections: [
          { heading: 'Diagnosis', claims: [{ text: 'Home readings are accurate.', citations: [1] }] },
        ],
        citations: [{ n: 1, title: 'x', sourceId: source.id }],
        patient: { bottomLine: 'Measure at home [1].', sections: [] },
        suggestedQuestions: [],
      },
      new Map([[source.id, source]]),
    );
    expect(draft.citations[0]).toMatchObject({
      authors: ['Okafor AN', 'Lindqvist P', 'Home BP Group'],
      pmid: '33912345',
    });
  });

  it("a model's draft cites the library's metadata, not what the model wrote about the source", () => {
    const { id, ...metadata } = source;
    const claim = { text: 'Home readings are accurate [7].', citations: [7] };
    const grounded = groundInSources(
      {
        title: 'Home BP',
        bottomLine: 'Use home readings [7].',
        sections: [{ heading: 'Diagnosis', claims: [claim] }],
        citations: [{ n: 7, title: 'Invented', sourceId: id, authors: ['Nobody X'], pmid: '1' }],
        patient: { bottomLine: 'Measure at home.', sections: [{ heading: 'At home', claims: [claim] }] },
        suggestedQuestions: [],
      },
      [{ ...metadata, n: 1, sourceId: id, passages: ['Home readings are accurate.'] }],
    );
    expect('draft' in grounded && grounded.draft.citations).toEqual([citationFromSource(1, source)]);
  });

  it('the local generator cites each library source with its metadata', async () => {
    const library = (await loadDemoLibrary()).map((demo, i) => ({
      ...demo,
      authors: [{ family: 'Demo', given: 'Ann' }],
      container: 'Demo J',
      doi: `10.5555/demo.${i}`,
      formatted: `Demo A. ${demo.title}. Demo J. ${demo.year}. doi:10.5555/demo.${i}`,
    }));
    const draft = await new LocalDraftGenerator(libraryRetriever(library)).generate({
      questionId: 'q-1',
      question: 'Should I take antibiotics for a sore throat?',
      audience: 'clinician',
      revision: 1,
      reviewerComments: [],
    });
    expect(draft.citations.length).toBeGreaterThan(0);
    const byId = new Map(library.map((entry) => [entry.id, entry]));
    for (const citation of draft.citations) {
      const cited = byId.get(citation.sourceId ?? '');
      expect(cited).toBeDefined();
      expect(citation).toEqual(citationFromSource(citation.n, cited as SourceMetadata));
    }
  });

  it('readers see every metadata field of a citation but the internal source id', () => {
    const { sourceId: _internal, ...visible } = citationFromSource(1, source);
    expect(publicCitation(citationFromSource(1, source))).toEqual(visible);
    expect(publicCitation({ n: 1, title: 'Stored before the metadata existed', url: undefined })).toEqual({
      n: 1,
      title: 'Stored before the metadata existed',
    });
  });
});
