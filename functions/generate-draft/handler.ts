import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { draftRequestedV1 } from '../../events/contracts.ts';
import { queues } from '../../infra/resources.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoSourceLibrary } from '../../shared/adapters/dynamodb/source-library.ts';
import { createDraftGenerator } from '../../shared/adapters/generators/select.ts';
import { createLogger } from '../../shared/http/api-handler.ts';
import { lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { generateDraft } from '../../shared/use-cases/generate-draft.ts';

export const createHandler = (platform: Platform) => {
  const logger = createLogger('generate-draft');
  const { config } = platform;
  const library = new DynamoSourceLibrary(platform.dynamo, config.tables.sources);
  const deps = {
    store: new DynamoQuestionStore(platform.dynamo, config.tables.questions),
    library,
    generator: createDraftGenerator(
      {
        DRAFT_GENERATOR: config.generator.adapter,
        BEDROCK_MODEL_ID: config.generator.bedrockModelId,
        BEDROCK_REGION: config.generator.bedrockRegion,
        BEDROCK_ENDPOINT: config.generator.bedrockEndpoint,
        OPENAI_BASE_URL: config.generator.openaiBaseUrl,
        OPENAI_MODEL: config.generator.openaiModel,
        OPENAI_API_KEY: config.generator.openaiApiKey,
      },
      library,
    ),
    events: platform.events,
    now: platform.now,
    maxReceiveCount: queues.draftRequests.maxReceiveCount,
    onDeferredFailure: (what: string, error: unknown) =>
      logger.warn(`Deferred ${what} failed`, { error: error as Error }),
  };

  const handleRecord = async (record: SQSRecord) => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const request = draftRequestedV1.safeParse(body);
    if (!request.success) {
      // Poison: retrying cannot fix it, so acknowledge it rather than feed a retry storm.
      logger.error('Dropping an invalid draft request', {
        messageId: record.messageId,
        issues: request.error.issues,
      });
      return;
    }
    const outcome = await generateDraft(deps, request.data, {
      receiveCount: Number(record.attributes.ApproximateReceiveCount),
    });
    logger.info('Draft request handled', { questionId: request.data.data.questionId, outcome: outcome.kind });
  };

  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse>().handler((event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleRecord, processor, { context }),
  );
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform()));
