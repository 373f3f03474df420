import { type AskerAnswer, answerNeeds, askerAnswer } from '../domain/asker-answer.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Audience } from '../domain/question.ts';
import type { ArticleDirectory } from '../ports/article-directory.ts';
import type { QuestionStore } from '../ports/question-store.ts';
import { citedLibrarySourceIds, type SourceResolver } from './cited-sources.ts';
import { questionForAsker } from './question-for-asker.ts';

export interface ReadAnswerDeps {
  store: QuestionStore;
  articles: ArticleDirectory;
  /** The reference library's catalogue: the revision's cited ids are resolved in it. */
  catalog: SourceResolver;
  /** The configured pending-review notice. */
  notice: string;
}

export interface ReadAnswerInput {
  questionId: string;
  /** `?audience=`; the question's own audience when absent. */
  audience?: Audience;
}

/**
 * The asker's view of a question (GET /v1/questions/{id}/answer): the
 * question, then only what its status needs, namely whether its article is
 * live (one consistent GetItem) or its latest revision (one Query) checked against the
 * library (one BatchGetItem of the ids it cites). The id may be a later asker's handle on the
 * question (two GetItems more), answered in that asker's audience. Throws NotFoundError for an
 * unknown id.
 */
export const readAnswer = async (deps: ReadAnswerDeps, input: ReadAnswerInput): Promise<AskerAnswer> => {
  const found = await questionForAsker(deps.store, input.questionId);
  if (!found) throw new NotFoundError(`No question with id ${input.questionId}`);
  const { question, seen } = found;
  const needs = answerNeeds(question);
  // Consistent: the question turns `published` right after its article is written, and an eventually
  // consistent read could still miss the article and tell the asker it was withdrawn.
  const articleLive = needs.articleSlug
    ? await deps.articles.isPublished(needs.articleSlug, { consistent: true })
    : undefined;
  const revision =
    needs.revision === undefined ? undefined : await deps.store.getRevision(question.id, needs.revision);
  const librarySourceIds = revision
    ? await citedLibrarySourceIds(deps.catalog, revision.draft)
    : new Set<string>();
  return askerAnswer({
    question: seen,
    ...(input.audience ? { audience: input.audience } : {}),
    ...(articleLive !== undefined ? { articleLive } : {}),
    ...(revision ? { revision } : {}),
    librarySourceIds,
    notice: deps.notice,
  });
};
