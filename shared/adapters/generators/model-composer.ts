/** A model-backed generator behind the retrieval step: it is given the retrieved sources, numbered. */
import type { Draft } from '../../domain/draft.ts';
import type { Retrieval } from '../../domain/retrieval.ts';
import type { DraftGenerator, DraftRequest, GroundingSource } from '../../ports/draft-generator.ts';
import type { GroundedComposer } from './grounded.ts';

const PASSAGES_PER_SOURCE = 4;

export class ModelComposer implements GroundedComposer {
  constructor(
    readonly adapter: string,
    private readonly model: DraftGenerator,
  ) {}

  compose(request: DraftRequest, retrieval: Retrieval): Promise<Draft> {
    const sources: GroundingSource[] = retrieval.sources.map(({ source }, index) => ({
      n: index + 1,
      sourceId: source.id,
      title: source.title,
      publisher: source.publisher,
      year: source.year,
      url: source.url,
      passages: retrieval.passages
        .filter((passage) => passage.source.id === source.id)
        .slice(0, PASSAGES_PER_SOURCE)
        .map((passage) => passage.sentence),
    }));
    return this.model.generate({ ...request, sources });
  }
}
