import { describe, expect, it } from 'vitest';
import { formatAma } from '../../shared/adapters/citations/ama.ts';
import { withFormattedReferences } from '../../shared/adapters/citations/formatted-references.ts';
import type { Person, SourceMetadata } from '../../shared/domain/source.ts';

const article = (id: string, authors: Person[], extra: Partial<SourceMetadata> = {}): SourceMetadata => ({
  id,
  title: 'Title of the article',
  publisher: 'Journal of Abbreviations',
  year: 2020,
  url: 'https://doi.org/10.1000/xyz',
  authors,
  container: 'J Abbrev',
  volume: '12',
  issue: '3',
  pages: '45-67',
  doi: '10.1000/xyz',
  ...extra,
});

const SEVEN: Person[] = [
  { family: 'Smith', given: 'John Andrew' },
  { family: 'Jones', given: 'B' },
  { family: 'Brown', given: 'Carol' },
  { family: 'Lee', given: 'Dae-Ho' },
  { family: 'Müller', given: 'Jean-Pierre' },
  { family: 'Ng', given: 'K' },
  { family: 'Olsen', given: 'Liv' },
];

const guideline: SourceMetadata = {
  id: 'nice-ng136',
  title: 'Hypertension in adults: diagnosis and management',
  publisher: 'NICE',
  year: 2023,
  url: 'https://www.nice.org.uk/guidance/ng136',
  authors: [{ literal: 'National Institute for Health and Care Excellence' }],
};

describe('formatAma', () => {
  it('renders journal articles in AMA style, without the leading number', async () => {
    const references = await formatAma([
      article('one', [{ family: 'Smith', given: 'John A.' }]),
      article('two', [
        { family: 'Smith', given: 'J. A.' },
        { family: 'Jones', given: 'Bob' },
      ]),
      article('six', SEVEN.slice(0, 6)),
      article('seven', SEVEN),
    ]);
    expect(Object.fromEntries(references)).toEqual({
      one: 'Smith JA. Title of the article. J Abbrev. 2020;12(3):45-67. doi:10.1000/xyz',
      two: 'Smith JA, Jones B. Title of the article. J Abbrev. 2020;12(3):45-67. doi:10.1000/xyz',
      six: 'Smith JA, Jones B, Brown C, Lee DH, Müller JP, Ng K. Title of the article. J Abbrev. 2020;12(3):45-67. doi:10.1000/xyz',
      seven:
        'Smith JA, Jones B, Brown C, et al. Title of the article. J Abbrev. 2020;12(3):45-67. doi:10.1000/xyz',
    });
  });

  it('renders a guideline by an organisation as a report of its publisher, with its URL', async () => {
    expect((await formatAma([guideline])).get('nice-ng136')).toBe(
      'National Institute for Health and Care Excellence. Hypertension in Adults: Diagnosis and Management. NICE; 2023. https://www.nice.org.uk/guidance/ng136',
    );
  });

  it('leaves out what a record lacks: no pages, no issue, no DOI', async () => {
    const bare = article('bare', [{ family: 'Andersson', given: 'KL' }], {
      url: 'https://pubmed.ncbi.nlm.nih.gov/30123456/',
      pages: undefined,
      issue: undefined,
      doi: undefined,
    });
    expect((await formatAma([bare])).get('bare')).toBe(
      'Andersson KL. Title of the article. J Abbrev. 2020;12. https://pubmed.ncbi.nlm.nih.gov/30123456/',
    );
  });

  it('renders nothing for no sources', async () => {
    expect((await formatAma([])).size).toBe(0);
  });
});

describe('withFormattedReferences', () => {
  it("sets each source's AMA reference, replacing a value the file gave", async () => {
    const sources = [
      {
        ...article('one', [{ family: 'Smith', given: 'John A.' }]),
        text: 'Body.',
        formatted: 'My own style',
      },
      { ...guideline, text: 'Guideline.' },
    ];
    const formatted = await withFormattedReferences(sources);
    expect(formatted.map((source) => source.formatted)).toEqual([
      'Smith JA. Title of the article. J Abbrev. 2020;12(3):45-67. doi:10.1000/xyz',
      expect.stringMatching(/^National Institute for Health and Care Excellence\. Hypertension in Adults/),
    ]);
    expect(formatted[0]).toMatchObject({ id: 'one', text: 'Body.', doi: '10.1000/xyz' });
  });
});
