import { asSeenBy } from '../domain/asker-handle.ts';
import type { Question } from '../domain/question.ts';
import type { QuestionStore } from '../ports/question-store.ts';

export interface AskerQuestion {
  /** The stored question: its id keys revisions and articles. */
  question: Question;
  /** The question as the holder of the id sees it (see shared/domain/asker-handle.ts). */
  seen: Question;
}

/**
 * The question an asker's id names: a question's own id (its first asker), or a handle given to a
 * later asker of the same text. At most three consistent GetItems: the question, else the handle
 * and the question it names.
 */
export const questionForAsker = async (
  store: Pick<QuestionStore, 'get' | 'getHandle'>,
  id: string,
): Promise<AskerQuestion | undefined> => {
  const question = await store.get(id);
  if (question) return { question, seen: question };
  const handle = await store.getHandle(id);
  if (!handle) return undefined;
  const shared = await store.get(handle.questionId);
  return shared ? { question: shared, seen: asSeenBy(shared, handle) } : undefined;
};
