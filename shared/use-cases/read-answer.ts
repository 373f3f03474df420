import { type AskerAnswer, answerNeeds, askerAnswer, citedSourceIds } from '../domain/asker-answer.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Audience } from '../domain/question.ts';
import type { ArticleDirectory } from '../ports/article-directory.ts';
import type { LibrarySourceIds } from '../ports/library-source-ids.ts';
import type { QuestionStore } from '../ports/question-store.ts';

export interface ReadAnswerDeps {
  store: QuestionStore;
  articles: ArticleDirectory;
  library: LibrarySourceIds;
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
 * library's source ids (cached per container). Throws NotFoundError for an
 * unknown id.
 */
export const readAnswer = async (deps: ReadAnswerDeps, input: ReadAnswerInput): Promise<AskerAnswer> => {
  const question = await deps.store.get(input.questionId);
  if (!question) throw new NotFoundError(`No question with id ${input.questionId}`);
  const needs = answerNeeds(question);
  // Consistent: the question turns `published` right after its article is written, and an eventually
  // consistent read could still miss the article and tell the asker it was withdrawn.
  const articleLive = needs.articleSlug
    ? await deps.articles.isPublished(needs.articleSlug, { consistent: true })
    : undefined;
  const revision =
    needs.revision === undefined ? undefined : await deps.store.getRevision(question.id, needs.revision);
  const librarySourceIds = revision
    ? await deps.library.sourceIds(citedSourceIds(revision.draft))
    : new Set<string>();
  return askerAnswer({
    question,
    ...(input.audience ? { audience: input.audience } : {}),
    ...(articleLive !== undefined ? { articleLive } : {}),
    ...(revision ? { revision } : {}),
    librarySourceIds,
    notice: deps.notice,
  });
};
