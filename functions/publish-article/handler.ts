import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoArticleStore } from '../../shared/adapters/dynamodb/article-store.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { createLogger } from '../../shared/http/api-handler.ts';
import { lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { publicationMessageSchema, publishArticle } from '../../shared/use-cases/publish-article.ts';

export const createHandler = (platform: Platform) => {
  const logger = createLogger('publish-article');
  const { config } = platform;
  const deps = {
    questions: new DynamoQuestionStore(platform.dynamo, config.tables.questions),
    articles: new DynamoArticleStore(platform.dynamo, config.tables.articles),
    events: platform.events,
    now: platform.now,
    requiredApprovals: config.requiredApprovals,
    settings: config.publication,
  };

  const handleRecord = async (record: SQSRecord) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const message = publicationMessageSchema.safeParse(body);
    if (!message.success) {
      // Poison: retrying cannot fix it, so acknowledge it rather than feed a retry storm.
      logger.error('Dropping an invalid publication message', {
        messageId: record.messageId,
        issues: message.error.issues,
      });
      return;
    }
    const { data } = message.data.detail;
    if (data.outcome !== 'approved') {
      logger.warn('Ignoring a review decision that is not an approval', {
        messageId: record.messageId,
        questionId: data.questionId,
        outcome: data.outcome,
      });
      return;
    }
    const outcome = await publishArticle(deps, { questionId: data.questionId, revision: data.revision });
    logger.info('Publication message handled', {
      questionId: data.questionId,
      revision: data.revision,
      ...outcome,
    });
  };

  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>().handler((event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleRecord, processor, { context }),
  );
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform()));
