import type { Runtime } from '../../infra/local/runtime.ts';
import { DynamoArticleDirectory } from '../../shared/adapters/dynamodb/article-directory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { SqsDraftQueue } from '../../shared/adapters/sqs/sqs-draft-queue.ts';
import { askQuestion } from '../../shared/use-cases/ask-question.ts';

/**
 * Fault injection over the real wire: asks a question through the real use
 * case and store, with a draft queue that does not exist, so the question is
 * stored and its draft request fails right after the write.
 */
export const askWithLostDraftRequest = (runtime: Runtime, question: string) => {
  const { platform, config } = runtime;
  return askQuestion(
    {
      store: new DynamoQuestionStore(platform.dynamo, config.tables.questions),
      draftQueue: new SqsDraftQueue(platform.sqs, `${runtime.queues.draftRequests.url}-gone`),
      events: platform.events,
      articles: new DynamoArticleDirectory(platform.dynamo, config.tables.articles),
      now: () => new Date(),
      onDeferredFailure: () => undefined,
    },
    { question, audience: 'patient' },
  );
};
