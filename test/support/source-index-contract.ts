/**
 * What every SourceIndex adapter must do, as one suite run against each:
 * the in-memory one (test/unit) and LanceDB on disk and on S3
 * (test/integration). Each run gets a fresh store; version ids are unique
 * within a run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../shared/domain/bm25.ts';
import { splitIntoPassages } from '../../shared/domain/passages.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { Passage, SourceIndex, SourceIndexBuilder } from '../../shared/ports/source-index.ts';

export interface SourceIndexHarness {
  builder: SourceIndexBuilder;
  /** Opens a version as a new container would (no state shared with earlier opens beyond the store). */
  open(version: string): Promise<SourceIndex>;
}

const source = (id: string, title: string, text: string, extra: Partial<Source> = {}): Source => ({
  id,
  title,
  publisher: 'Vetted demo library',
  year: 2024,
  url: `https://example.org/${id}`,
  text,
  ...extra,
});

const filler = (topic: string) =>
  Array.from(
    { length: 12 },
    (_, index) => `Clinicians review ${topic} at every visit and record the outcome of step ${index}.`,
  ).join(' ');

export const CONTRACT_LIBRARY: Source[] = [
  source(
    'vitamin-d-children',
    'Vitamin D supplementation in children',
    [
      '# Vitamin D in children',
      'Offer vitamin D drops to breastfed infants [1].',
      '',
      '## Rickets',
      'Nutritional rickets presents with bowed legs and delayed walking [2, 3].',
      '',
      '## Dose',
      `Give 400 units a day. ${filler('vitamin d')}`,
    ].join('\n'),
    {
      authors: [{ family: "O'Neil", given: 'Siobhan' }, { literal: 'Paediatric Society' }],
      doi: '10.1000/vitd.1',
      // A field this version's schema does not know: the index keeps it verbatim.
      ...({ formatted: "O'Neil S. Vitamin D supplementation in children. 2024." } as object),
    },
  ),
  source(
    'iron-deficiency',
    'Iron deficiency anaemia in adults',
    'Check ferritin before starting oral iron.\n\nOral iron causes constipation; alternate-day dosing helps.',
  ),
  source(
    'asthma',
    'Asthma: diagnosis and monitoring',
    `## Diagnosis\n\nMeasure fractional exhaled nitric oxide in adults with suspected asthma.\n\n## Monitoring\n\n${filler('asthma control')} ${filler('inhaler technique')}`,
  ),
  source(
    'zinc',
    "Zinc for the common cold: a prescriber's summary",
    'Zinc lozenges may shorten a cold by a day. Not to be confused with pneumonoultramicroscopicsilicovolcanoconiosisx.',
  ),
];

/** A deterministic 4-dimensional "embedding": which of four marker words the passage mentions. */
export const MARKER_WORDS = ['rickets', 'ferritin', 'nitric', 'lozenges'] as const;
export const markerVector = (text: string): number[] =>
  MARKER_WORDS.map((word) => (text.toLowerCase().includes(word) ? 1 : 0.01));

const embedMarkers = async (passages: readonly Passage[]) =>
  passages.map((passage) => markerVector(passage.text));

export function describeSourceIndexContract(name: string, harness: () => SourceIndexHarness): void {
  describe(`SourceIndex contract: ${name}`, () => {
    let builder: SourceIndexBuilder;
    let open: (version: string) => Promise<SourceIndex>;
    let index: SourceIndex;

    beforeAll(async () => {
      ({ builder, open } = harness());
      expect(await builder.build({ version: 'base', sources: CONTRACT_LIBRARY })).toEqual({
        sources: CONTRACT_LIBRARY.length,
        passages: CONTRACT_LIBRARY.flatMap((entry) => splitIntoPassages(entry.id, entry.text)).length,
      });
      index = await open('base');
    });

    it('reports its version and size', async () => {
      const statistics = await index.statistics();
      expect(statistics).toEqual({
        version: 'base',
        sources: 4,
        passages: CONTRACT_LIBRARY.flatMap((entry) => splitIntoPassages(entry.id, entry.text)).length,
      });
    });

    it('ranks the passage holding the rare query terms first', async () => {
      const hits = await index.searchPassages(tokenize('rickets and bowed legs in children'), 5);
      expect(hits[0]?.passage).toEqual(
        splitIntoPassages(CONTRACT_LIBRARY[0]?.id ?? '', CONTRACT_LIBRARY[0]?.text ?? '').find((passage) =>
          passage.text.includes('rickets'),
        ),
      );
      expect(hits[0]?.passage.section).toEqual(['Vitamin D in children', 'Rickets']);
      const scores = hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((left, right) => right - left));
      expect(scores.every((score) => score > 0)).toBe(true);
      expect(hits.length).toBeLessThanOrEqual(5);
    });

    it('matches a passage through its source title', async () => {
      // "anaemia" is only in the title of the iron source, never in its text.
      const hits = await index.searchPassages(tokenize('anaemia'), 10);
      expect(new Set(hits.map((hit) => hit.passage.sourceId))).toEqual(new Set(['iron-deficiency']));
      expect(hits).toHaveLength(2);
    });

    it('finds a term longer than a search engine keeps by default', async () => {
      const [long] = tokenize('pneumonoultramicroscopicsilicovolcanoconiosisx');
      expect(long?.length).toBeGreaterThan(40);
      const hits = await index.searchPassages([long ?? ''], 3);
      expect(hits.map((hit) => hit.passage.sourceId)).toEqual(['zinc']);
    });

    it('finds nothing for no terms, unknown terms, or query syntax', async () => {
      expect(await index.searchPassages([], 10)).toEqual([]);
      expect(await index.searchPassages(['nonexistentterm'], 10)).toEqual([]);
      expect(await index.searchPassages(['"rickets"', 'AND', '+x', "o'neil*"], 10)).toEqual([]);
      expect(await index.searchPassages(tokenize('rickets'), 0)).toEqual([]);
    });

    it('counts the sources each term occurs in', async () => {
      const frequencies = await index.documentFrequencies([
        ...tokenize('clinicians ferritin rickets'),
        'nonexistentterm',
        "o'neil",
      ]);
      expect(Object.fromEntries(frequencies)).toEqual({
        [tokenize('clinicians')[0] ?? '']: 2,
        [tokenize('ferritin')[0] ?? '']: 1,
        [tokenize('rickets')[0] ?? '']: 1,
      });
      expect((await index.documentFrequencies([])).size).toBe(0);
    });

    it('profiles the requested sources, keeping every metadata field', async () => {
      const profiles = await index.profiles(['vitamin-d-children', 'zinc', 'unknown', "it's"]);
      expect(profiles.map((profile) => profile.source.id).sort()).toEqual(['vitamin-d-children', 'zinc']);
      const vitaminD = profiles.find((profile) => profile.source.id === 'vitamin-d-children');
      const { text: _text, ...metadata } = CONTRACT_LIBRARY[0] as Source;
      expect(vitaminD?.source).toEqual(metadata);
      expect(vitaminD?.titleTerms).toEqual(new Set(tokenize('Vitamin D supplementation in children')));
      for (const term of [...tokenize('rickets breastfed dose'), ...tokenize('Vitamin D supplementation')]) {
        expect(vitaminD?.terms.has(term)).toBe(true);
      }
      expect(await index.profiles([])).toEqual([]);
    });

    it('profiles a source’s adjacent term pairs: in its title, a heading or a passage, never across them', async () => {
      const [profile] = await index.profiles(['vitamin-d-children']);
      const pair = (text: string) => tokenize(text).join(' ');
      for (const phrase of [
        'Vitamin D supplementation',
        'breastfed infants',
        'bowed legs',
        'Nutritional rickets',
      ])
        expect(profile?.phrases?.has(pair(phrase))).toBe(true);
      // Words far apart, and the last word of a heading with the first of its paragraph, are no phrase.
      for (const apart of ['drops infants', 'Rickets Nutritional', 'legs walking'])
        expect(profile?.phrases?.has(pair(apart))).toBe(false);
    });

    it('returns a source with its passages in reading order', async () => {
      const asthma = CONTRACT_LIBRARY[2] as Source;
      const found = await index.source('asthma');
      expect(found?.source.title).toBe(asthma.title);
      expect(found?.passages).toEqual(splitIntoPassages('asthma', asthma.text));
      expect(found?.passages.length).toBeGreaterThan(2);
      expect(await index.source('unknown')).toBeUndefined();
      expect(await index.source("o'neil")).toBeUndefined();
    });

    it('finds the best sources for terms, or the first by title without terms', async () => {
      const found = await index.searchSources(tokenize('ferritin oral iron'), 2);
      expect(found[0]?.id).toBe('iron-deficiency');
      expect(found.length).toBeLessThanOrEqual(2);
      const byTitle = await index.searchSources([], 3);
      expect(byTitle.map((entry) => entry.title)).toEqual(
        CONTRACT_LIBRARY.map((entry) => entry.title)
          .sort((left, right) => (left < right ? -1 : 1))
          .slice(0, 3),
      );
      expect(await index.searchSources(['nonexistentterm'], 3)).toEqual([]);
    });

    it('has no vector search without embeddings', async () => {
      expect(await index.nearestPassages([1, 0, 0, 0], 3)).toEqual([]);
    });

    it('builds a version on top of another without disturbing it', async () => {
      const replacement = source(
        'iron-deficiency',
        'Iron deficiency anaemia in adults',
        'Give intravenous iron when oral iron fails.',
      );
      const added = source(
        'anaphylaxis',
        'Anaphylaxis: emergency treatment',
        'Give intramuscular adrenaline.',
      );
      const v1 = await open('base');
      expect(await builder.build({ version: 'next', base: 'base', sources: [replacement, added] })).toEqual({
        sources: 5,
        passages: (await v1.statistics()).passages - 2 + 1 + 1,
      });
      const v2 = await open('next');

      expect((await v2.statistics()).sources).toBe(5);
      expect((await v2.source('iron-deficiency'))?.passages.map((passage) => passage.text)).toEqual([
        'Give intravenous iron when oral iron fails.',
      ]);
      expect((await v2.source('anaphylaxis'))?.source.title).toBe('Anaphylaxis: emergency treatment');
      expect((await v2.source('zinc'))?.passages).toEqual((await v1.source('zinc'))?.passages);
      expect((await v2.searchPassages(tokenize('ferritin'), 5)).length).toBe(0);
      expect(Object.fromEntries(await v2.documentFrequencies(tokenize('ferritin intravenous')))).toEqual({
        [tokenize('intravenous')[0] ?? '']: 1,
      });
      expect((await v2.searchSources([], 1))[0]?.id).toBe('anaphylaxis');
      // A source copied from the base keeps its phrases; a new one has its own.
      const [kept, fresh] = await v2
        .profiles(['zinc', 'anaphylaxis'])
        .then((profiles) =>
          ['zinc', 'anaphylaxis'].map((id) => profiles.find((profile) => profile.source.id === id)),
        );
      expect(kept?.phrases).toEqual((await v1.profiles(['zinc']))[0]?.phrases);
      expect(kept?.phrases?.size).toBeGreaterThan(0);
      expect(fresh?.phrases?.has(tokenize('intramuscular adrenaline').join(' '))).toBe(true);

      // Readers of the base, the one already open and a new one, still see it as it was.
      for (const reader of [v1, await open('base')]) {
        expect((await reader.statistics()).sources).toBe(4);
        expect(await reader.source('anaphylaxis')).toBeUndefined();
        expect((await reader.searchPassages(tokenize('ferritin'), 5))[0]?.passage.sourceId).toBe(
          'iron-deficiency',
        );
      }
    });

    it('leaves the base intact when a build fails half-way, and the failed id can be built again', async () => {
      let calls = 0;
      const failing = async (passages: readonly Passage[]) => {
        calls += 1;
        if (calls > 1) throw new Error('embedding service down');
        return passages.map((passage) => markerVector(passage.text));
      };
      const many = Array.from({ length: 40 }, (_, item) =>
        source(
          `bulk-${item}`,
          `Bulk guideline ${item}`,
          Array.from({ length: 10 }, (_, p) => `Point ${p} of ${item}.`).join('\n\n'),
        ),
      );
      await expect(
        builder.build({ version: 'broken', base: 'base', sources: many, embed: failing }),
      ).rejects.toThrow('embedding service down');
      expect(calls).toBeGreaterThan(1);
      await expect(open('broken')).rejects.toThrow();
      const base = await open('base');
      expect(await base.statistics()).toMatchObject({ version: 'base', sources: 4 });
      expect((await base.searchPassages(tokenize('rickets'), 1))[0]?.passage.sourceId).toBe(
        'vitamin-d-children',
      );

      expect(
        await builder.build({ version: 'broken', base: 'base', sources: many.slice(0, 2) }),
      ).toMatchObject({
        sources: 6,
      });
    });

    it('searches passage vectors when the library is embedded, and keeps them across versions', async () => {
      await builder.build({ version: 'embedded', sources: CONTRACT_LIBRARY, embed: embedMarkers });
      const embedded = await open('embedded');
      expect((await embedded.statistics()).vectorDimensions).toBe(4);
      const [nearest] = await embedded.nearestPassages(markerVector('ferritin'), 3);
      expect(nearest?.passage.text).toContain('ferritin');
      expect(nearest?.score).toBeCloseTo(1, 3);

      const seen: string[] = [];
      const recording = async (passages: readonly Passage[]) => {
        seen.push(...passages.map((passage) => passage.sourceId));
        return embedMarkers(passages);
      };
      const zinc = source('zinc', 'Zinc lozenges', 'Zinc lozenges taste metallic.');
      await builder.build({ version: 'embedded-2', base: 'embedded', sources: [zinc], embed: recording });
      // Only the new source was embedded: the base's passages kept their vectors.
      expect(new Set(seen)).toEqual(new Set(['zinc']));
      const next = await open('embedded-2');
      const [lozenges] = await next.nearestPassages(markerVector('lozenges'), 1);
      expect(lozenges?.passage.text).toBe('Zinc lozenges taste metallic.');
      const [rickets] = await next.nearestPassages(markerVector('rickets'), 1);
      expect(rickets?.passage.sourceId).toBe('vitamin-d-children');
    });

    it('refuses to overwrite a version or to build on a missing one', async () => {
      await expect(builder.build({ version: 'base', sources: CONTRACT_LIBRARY })).rejects.toThrow(/exists/);
      await expect(builder.build({ version: 'orphan', base: 'missing', sources: [] })).rejects.toThrow(
        /missing/,
      );
      await expect(builder.build({ version: '../escape', sources: [] })).rejects.toThrow(/version/);
      expect((await (await open('base')).statistics()).sources).toBe(4);
    });
  });
}
