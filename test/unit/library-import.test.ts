import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLibraryFile } from '../../shared/adapters/library-import/index.ts';
import { type FieldError, ValidationError } from '../../shared/domain/errors.ts';
import type { Source } from '../../shared/domain/source.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/library/${name}`, import.meta.url), 'utf8');
const parseFixture = async (name: string) => (await parseLibraryFile(name, fixture(name))).sources;
const byId = (sources: Source[]) => new Map(sources.map((source) => [source.id, source]));

/** The errors of the one ValidationError a refused file raises. */
const refusal = async (fileName: string, content: string): Promise<FieldError[]> => {
  const error = await parseLibraryFile(fileName, content).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors;
};

describe('CSL-JSON (.json, Zotero and Mendeley)', () => {
  it('maps every field of a journal article: DOI link stripped, the journal abbreviation as container', async () => {
    const sources = byId(await parseFixture('zotero.json'));
    expect(sources.get('okafor2021-home-bp')).toEqual({
      id: 'okafor2021-home-bp',
      title:
        'Home blood pressure monitoring versus clinic measurement for diagnosing hypertension: a randomised trial',
      publisher: 'Journal of Hypertension Research',
      year: 2021,
      url: 'https://doi.org/10.5555/jhr.2021.0412',
      authors: [
        { family: 'Okafor', given: 'Adaeze N.' },
        { family: 'Lindqvist', given: 'Per' },
      ],
      container: 'J Hypertens Res',
      volume: '39',
      issue: '4',
      pages: '612-620',
      doi: '10.5555/jhr.2021.0412',
      pmid: '33912345',
      text: 'Home monitoring identified sustained hypertension with higher accuracy than a single clinic reading.',
    });
  });

  it('prefers a full text (CSL "text") to the abstract, and keeps all seven authors', async () => {
    const statins = byId(await parseFixture('zotero.json')).get('ramirez2019-statins-elderly');
    expect(statins?.text).toMatch(/^# Statins after 75\n\n.*\n\n## Harms/s);
    expect(statins?.authors).toHaveLength(7);
  });

  it('maps a guideline by an organisation: literal author, publisher, its own URL', async () => {
    expect(byId(await parseFixture('zotero.json')).get('nice-ng136')).toEqual({
      id: 'nice-ng136',
      title: 'Hypertension in adults: diagnosis and management',
      publisher: 'NICE',
      year: 2023,
      url: 'https://www.nice.org.uk/guidance/ng136',
      authors: [{ literal: 'National Institute for Health and Care Excellence' }],
      text: 'This guideline covers identifying and treating primary hypertension in people aged 18 and over.',
    });
  });

  it('falls back to the first organisation author as publisher, and to pmid-/doi- ids', async () => {
    const item = { type: 'report', title: 'T', issued: { 'date-parts': [[2020]] }, abstract: 'A.' };
    const content = JSON.stringify([
      { ...item, id: 'has space', PMID: '123', author: [{ literal: 'World Health Organization' }] },
      { ...item, DOI: '10.5555/a/b', publisher: 'P' },
    ]);
    const [first, second] = (await parseLibraryFile('lib.json', content)).sources;
    expect(first).toMatchObject({
      id: 'pmid-123',
      publisher: 'World Health Organization',
      url: 'https://pubmed.ncbi.nlm.nih.gov/123/',
    });
    expect(second).toMatchObject({ id: 'doi-10.5555-a-b', url: 'https://doi.org/10.5555/a/b' });
  });

  it('refuses the malformed file with every bad record, its position and reason, and the first duplicate', async () => {
    expect(await refusal('zotero-malformed.json', fixture('zotero-malformed.json'))).toEqual([
      { path: 'record 2', message: 'title: no title' },
      { path: 'record 2', message: expect.stringMatching(/^text: no text: .*abstract/) },
      { path: 'record 3', message: expect.stringMatching(/^year: Too small/) },
      { path: 'record 3', message: 'doi: must be a DOI such as 10.1000/xyz' },
      { path: 'record 4', message: 'duplicate id "good-one" (first at record 1)' },
    ]);
  });

  it('refuses a file that is not JSON as one error with the reason', async () => {
    expect(await refusal('lib.json', '[{"id": "a",')).toEqual([
      { path: 'file', message: expect.stringMatching(/^invalid JSON: /) },
    ]);
  });

  it('refuses a record with no link and no id it could be known by', async () => {
    const content = JSON.stringify([
      { title: 'T', publisher: 'P', issued: { literal: '2020' }, abstract: 'A' },
    ]);
    expect(await refusal('lib.json', content)).toEqual([
      { path: 'record 1', message: expect.stringMatching(/^id: no usable id/) },
      { path: 'record 1', message: 'url: no link: give a URL, a DOI or a PMID' },
    ]);
  });
});

describe('RIS (.ris, EndNote)', () => {
  it('maps every field: ID, J2 as container, SP-EP, DO, AN as PubMed id, AB as text', async () => {
    const sources = byId(await parseFixture('endnote.ris'));
    expect(sources.get('varga2022-sglt2')).toEqual({
      id: 'varga2022-sglt2',
      title: 'SGLT2 inhibitors and kidney outcomes in type 2 diabetes: a cohort study',
      publisher: 'Diabetes and Kidney Journal',
      year: 2022,
      url: 'https://doi.org/10.5555/dkj.2022.0233',
      authors: [
        { family: 'Varga', given: 'Katalin' },
        { family: 'Mensah', given: 'Kwame' },
        { family: 'Tanaka', given: 'Hiroshi' },
      ],
      container: 'Diabetes Kidney J',
      volume: '14',
      issue: '2',
      pages: '233-241',
      doi: '10.5555/dkj.2022.0233',
      pmid: '35123456',
      text: 'SGLT2 inhibitors were associated with a slower decline in kidney function than DPP-4 inhibitors.',
    });
  });

  it('takes a "Full text:" N1 note over the N2 abstract, and a DOI id when there is no ID', async () => {
    const vitaminD = byId(await parseFixture('endnote.ris')).get('doi-10.5555-bhr.2020.055');
    expect(vitaminD?.text).toBe(
      'Vitamin D supplementation without calcium did not lower the rate of hip or non-vertebral fractures.',
    );
    expect(vitaminD?.pages).toBe('55-61');
  });

  it('reads an author without a comma as an organisation, its publisher from PB', async () => {
    expect(byId(await parseFixture('endnote.ris')).get('who-2021-hypertension-drugs')).toMatchObject({
      authors: [{ literal: 'World Health Organization' }],
      publisher: 'World Health Organization',
      url: 'https://www.who.int/publications/i/item/9789240033986',
    });
  });

  it('refuses the malformed file naming each record by number and first line', async () => {
    expect(await refusal('endnote-malformed.ris', fixture('endnote-malformed.ris'))).toEqual([
      { path: 'record 2 (line 11)', message: expect.stringMatching(/^text: no text/) },
      { path: 'record 3 (line 20)', message: 'the record has no "ER  - " end line' },
    ]);
  });

  it('refuses a file without any RIS record', async () => {
    expect(await refusal('notes.ris', 'just some notes\n')).toEqual([
      { path: 'file', message: expect.stringMatching(/no record/) },
    ]);
  });
});

describe('BibTeX (.bib)', () => {
  it('maps every field, resolving @string macros and the shortjournal abbreviation', async () => {
    expect(byId(await parseFixture('library.bib')).get('dubois2018asthma')).toEqual({
      id: 'dubois2018asthma',
      title: 'Inhaled corticosteroid step-down in well-controlled asthma',
      publisher: 'American Journal of Clinical Medicine',
      year: 2018,
      url: 'https://doi.org/10.5555/ajcm.2018.0845',
      authors: [
        { family: 'Dubois', given: 'Marie-Claire' },
        { family: 'Singh', given: 'Arjun K.' },
      ],
      container: 'Am J Clin Med',
      volume: '131',
      issue: '7',
      pages: '845-852',
      doi: '10.5555/ajcm.2018.0845',
      pmid: '29876543',
      text: 'Stepping down inhaled corticosteroids in well-controlled asthma did not increase exacerbations at 12 months.',
    });
  });

  it('reads a "Full text:" note as the text and a braced author as an organisation', async () => {
    const sources = byId(await parseFixture('library.bib'));
    expect(sources.get('petrov2023sleep')?.text).toBe(
      'Melatonin shortened sleep onset by a few minutes. Adverse effects were mild.',
    );
    expect(sources.get('aha2022heartfailure')).toMatchObject({
      authors: [{ literal: 'American Heart Association' }],
      publisher: 'American Heart Association',
    });
  });

  it("refuses a file that does not parse as one error with the parser's reason", async () => {
    expect(await refusal('library-malformed.bib', fixture('library-malformed.bib'))).toEqual([
      { path: 'file', message: expect.stringMatching(/line 6/) },
    ]);
  });

  it('names bad and duplicate entries by record and line', async () => {
    const content = [
      '@article{same,',
      '  title = {First}, journal = {J}, year = {2020}, doi = {10.5555/x.1}, abstract = {A}',
      '}',
      '@article{nothing, title = {No text}, journal = {J}, year = {2020}, doi = {10.5555/x.2}}',
      '@article{same,',
      '  title = {Second}, journal = {J}, year = {2021}, doi = {10.5555/x.3}, abstract = {B}',
      '}',
    ].join('\n');
    expect(await refusal('dup.bib', content)).toEqual([
      { path: 'record 2 (line 4)', message: expect.stringMatching(/^text: no text/) },
      { path: 'record 3 (line 5)', message: 'duplicate id "same" (first at record 1 (line 1))' },
    ]);
  });
});

describe('PubMed XML (.xml, PubmedArticleSet)', () => {
  it('maps every field: structured abstract as headings, markup out of the title, DOI from ELocationID', async () => {
    expect(byId(await parseFixture('pubmed.xml')).get('pmid-34567890')).toEqual({
      id: 'pmid-34567890',
      title: 'Early Helicobacter pylori eradication and gastric cancer risk',
      publisher: 'The New England journal of examples',
      year: 2021,
      url: 'https://doi.org/10.5555/nejex.2021.0801',
      authors: [
        { family: 'Kim', given: 'Min-Jun' },
        { family: 'Park', given: 'Soo Yeon' },
        { literal: 'Gastric Cancer Prevention Group' },
      ],
      container: 'N Engl J Ex',
      volume: '385',
      issue: '9',
      pages: '801-812',
      doi: '10.5555/nejex.2021.0801',
      pmid: '34567890',
      text: [
        '## BACKGROUND',
        'Infection with H. pylori causes most gastric cancers.',
        '## METHODS',
        'We randomly assigned 1200 adults to eradication therapy or placebo.',
        '## RESULTS',
        'Gastric cancer occurred in 1.2% versus 2.6% (hazard ratio 0.46; P<0.01).',
        '## CONCLUSIONS',
        'Eradication reduced gastric cancer.',
      ].join('\n\n'),
    });
  });

  it('reads a MedlineDate year, initials-only authors and links to PubMed without a DOI', async () => {
    expect(byId(await parseFixture('pubmed.xml')).get('pmid-30123456')).toEqual({
      id: 'pmid-30123456',
      title: 'Telephone follow-up after discharge from a rural hospital',
      publisher: 'Journal of rural family practice',
      year: 2018,
      url: 'https://pubmed.ncbi.nlm.nih.gov/30123456/',
      authors: [{ family: 'Andersson', given: 'K L' }],
      container: 'J Rural Fam Pract',
      volume: '12',
      pmid: '30123456',
      text: 'A nurse telephone call within 72 hours of discharge reduced readmissions.',
    });
  });

  it('refuses broken XML as one error with its line and column', async () => {
    expect(await refusal('pubmed-malformed.xml', fixture('pubmed-malformed.xml'))).toEqual([
      { path: 'file', message: expect.stringMatching(/^line 7, column \d+: .*ArticleTitle/) },
    ]);
  });

  it('refuses XML that is not a PubmedArticleSet, and an article without an abstract', async () => {
    expect(await refusal('other.xml', '<feed><entry/></feed>')).toEqual([
      { path: 'file', message: 'the root element is not <PubmedArticleSet>' },
    ]);
    const noAbstract = fixture('pubmed.xml').replace(/<Abstract>[\s\S]*?<\/Abstract>/, '');
    expect(await refusal('pubmed.xml', noAbstract)).toEqual([
      { path: 'record 1', message: expect.stringMatching(/^text: no text/) },
    ]);
  });
});

describe('parseLibraryFile', () => {
  it('reads JSONL as before, now with the optional citation metadata', async () => {
    const line = {
      id: 'a',
      title: 'T',
      publisher: 'P',
      year: 2020,
      url: 'https://example.org/a',
      authors: [{ family: 'Smith', given: 'J' }],
      container: 'J Ex',
      volume: '1',
      doi: '10.5555/a',
      pmid: '1',
      text: 'Body.',
    };
    expect((await parseLibraryFile('lib.JSONL', `${JSON.stringify(line)}\n`)).sources).toEqual([line]);
    expect(await refusal('lib.jsonl', `${JSON.stringify(line)}\n{"id": "b"\n`)).toEqual([
      { path: 'line 2', message: expect.stringMatching(/^invalid JSON/) },
    ]);
  });

  it('refuses an unknown extension, naming the ones it reads', async () => {
    expect(await refusal('library.csv', 'id,title')).toEqual([
      { path: 'file', message: 'the extension ".csv" is not one of .jsonl, .json, .ris, .bib, .xml' },
    ]);
  });
});
