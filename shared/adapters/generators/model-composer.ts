/** A model-backed generator behind the retrieval step: it is given the retrieved sources, numbered. */
import type { Draft } from '../../domain/draft.ts';
import type { Retrieval } from '../../domain/retrieval.ts';
import type { SourceMetadata } from '../../domain/source.ts';
import type { DraftGenerator, DraftRequest, GroundingSource } from '../../ports/draft-generator.ts';
import type { GroundedComposer } from './grounded.ts';

const PASSAGES_PER_SOURCE = 4;

/** What a citation of the source shows; its text reaches the model only as retrieved passages. */
const metadataOf = ({ id: _id, ...metadata }: SourceMetadata): Omit<SourceMetadata, 'id'> => metadata;

export class ModelComposer implements GroundedComposer {
  constructor(
    readonly adapter: string,
    private readonly model: DraftGenerator,
  ) {}

  compose(request: DraftRequest, retrieval: Retrieval): Promise<Draft> {
    const sources: GroundingSource[] = retrieval.sources.map(({ source }, index) => ({
      ...metadataOf(source),
      n: index + 1,
      sourceId: source.id,
      passages: retrieval.passages
        .filter((passage) => passage.source.id === source.id)
        .slice(0, PASSAGES_PER_SOURCE)
        .map((passage) => passage.sentence),
    }));
    return this.model.generate({ ...request, sources });
  }
}
