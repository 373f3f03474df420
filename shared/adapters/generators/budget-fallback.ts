/**
 * GENERATION_BUDGET_FALLBACK=local: when the day's generation budget is spent, the model's composer
 * hands over to the extractive local composer instead of making the question wait. The draft says
 * so in its generator metadata (`adapter: local`), so reviewers see it was not written by the model.
 */
import type { Draft } from '../../domain/draft.ts';
import type { Retrieval } from '../../domain/retrieval.ts';
import type { DraftRequest } from '../../ports/draft-generator.ts';
import type { EvidenceRetriever } from '../../ports/evidence-retriever.ts';
import { GenerationBudgetSpentError } from '../../ports/generation-budget.ts';
import type { GroundedComposer } from './grounded.ts';

export class BudgetFallbackComposer implements GroundedComposer {
  readonly adapter: string;

  constructor(
    private readonly model: GroundedComposer,
    private readonly fallback: GroundedComposer,
  ) {
    this.adapter = model.adapter;
  }

  async compose(
    request: DraftRequest,
    retrieval: Retrieval,
    retrieve: EvidenceRetriever['retrieve'],
  ): Promise<Draft> {
    try {
      return await this.model.compose(request, retrieval, retrieve);
    } catch (error) {
      if (!(error instanceof GenerationBudgetSpentError)) throw error;
      return this.fallback.compose(request, retrieval, retrieve);
    }
  }
}
