import { beforeAll, describe, expect, it } from 'vitest';
import { InMemorySourceIndexLibrary } from '../../shared/adapters/in-memory-source-index.ts';
import { clinicalVocabulary, englishCount } from '../../shared/domain/clinical-language.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { Embedder, EmbeddingPurpose } from '../../shared/ports/embedder.ts';
import type { SourceIndex } from '../../shared/ports/source-index.ts';
import { retrieveEvidence } from '../../shared/use-cases/retrieve-evidence.ts';
import { hashedEmbedding } from '../support/embeddings-server.ts';

const DIMENSIONS = 64;

/** A deterministic embedder (hashed words and trigrams) that records what it was asked. */
const recordingEmbedder = (dimensions = DIMENSIONS) => {
  const calls: { texts: readonly string[]; purpose: EmbeddingPurpose }[] = [];
  const embedder: Embedder = {
    model: 'hashed-test',
    dimensions,
    embed: async (texts, purpose) => {
      calls.push({ texts, purpose });
      return texts.map((text) => hashedEmbedding(text, dimensions));
    },
  };
  return { embedder, calls };
};

const guide = (id: string, title: string, text: string): Source => ({
  id,
  title,
  publisher: 'Test',
  year: 2025,
  url: `https://example.org/${id}`,
  text,
});

const sources = [
  guide(
    'gout-flares',
    'Treating gout flares',
    'Colchicine or an NSAID treats a gout flare.\n\nIce and rest help a hot, swollen joint.',
  ),
  guide(
    'gout-urate',
    'Lowering urate in gout',
    'Allopurinol lowers serum urate to prevent further gout flares.',
  ),
  guide('asthma', 'Asthma inhalers', 'A reliever inhaler with salbutamol eases wheeze quickly.'),
  guide('migraine', 'Migraine attacks', 'A triptan taken early shortens a migraine attack.'),
  guide('eczema', 'Eczema emollients', 'Emollients applied twice daily reduce eczema flares.'),
  guide('iron', 'Oral iron', 'Ferrous sulfate on alternate days restores iron stores.'),
  guide('insomnia', 'Insomnia', 'Cognitive behavioural therapy is the first treatment for chronic insomnia.'),
];

let index: SourceIndex;
beforeAll(async () => {
  const library = new InMemorySourceIndexLibrary();
  const { embedder } = recordingEmbedder();
  await library.build({
    version: 'v1',
    sources,
    embed: (passages) =>
      embedder.embed(
        passages.map((passage) => passage.text),
        'passage',
      ),
  });
  index = library.open('v1');
});

const retrieve = (question: string, embedder?: Embedder) =>
  retrieveEvidence(
    {
      index: async () => index,
      vocabulary: clinicalVocabulary(),
      englishCount,
      ...(embedder ? { embedder } : {}),
    },
    question,
  );

describe('hybrid retrieval', () => {
  it('embeds the question once and fuses the nearest passages with the lexical ones', async () => {
    const { embedder, calls } = recordingEmbedder();
    const hybrid = await retrieve('What treats a painful gout flare?', embedder);
    expect(calls).toEqual([{ texts: ['What treats a painful gout flare?'], purpose: 'query' }]);
    expect(hybrid.relevant).toBe(true);
    expect(hybrid.sources[0]?.source.id).toMatch(/^gout-/);
    const lexical = await retrieve('What treats a painful gout flare?');
    // Fusion changes scores, never the relevance decision's inputs: the same sources qualify.
    expect(hybrid.sources.map(({ source }) => source.id).sort()).toEqual(
      lexical.sources.map(({ source }) => source.id).sort(),
    );
  });

  it('never mixes vectors of another size: an embedder that does not match the index is not asked', async () => {
    const { embedder, calls } = recordingEmbedder(DIMENSIONS * 2);
    const retrieval = await retrieve('What treats a painful gout flare?', embedder);
    expect(calls).toEqual([]);
    expect(retrieval.relevant).toBe(true);
  });

  it('cannot make an off-library question answerable', async () => {
    const { embedder } = recordingEmbedder();
    const retrieval = await retrieve('Does tebentafusp help uveal melanoma?', embedder);
    expect(retrieval.relevant).toBe(false);
  });
});
