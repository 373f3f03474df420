import { draftRequestedV1 } from '../../events/contracts.ts';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import { createDocumentClient } from '../../shared/adapters/aws-clients.ts';
import { draftGenerator } from '../../shared/composition/drafting.ts';
import { compositionRoot } from '../../shared/composition/root.ts';
import { businessMetrics } from '../../shared/composition/services.ts';
import { catalog, generationBudget, questions } from '../../shared/composition/tables.ts';
import { isUnlimited } from '../../shared/domain/generation-budget.ts';
import { createLogger } from '../../shared/logging.ts';
import { createSqsBatchHandler } from '../../shared/messaging/sqs-batch-handler.ts';
import { budgetMetrics, draftMetrics } from '../../shared/observability/business-metrics.ts';
import { type ClientFactories, lambdaPlatform, lazyHandler, type Platform } from '../../shared/platform.ts';
import { generateDraft } from '../../shared/use-cases/generate-draft.ts';
import * as z from '../../shared/zod.ts';

/**
 * What the draft-requests queue carries: the bus event around the envelope (the `draftRequests` rule's
 * delivery of a `draft.requested` relayed from the outbox), or the bare envelope a queue held before
 * draft requests went through the outbox (a DLQ redrive of those still drafts).
 */
const draftRequestMessage = z.pipe(
  z.union([
    z.object({
      'detail-type': z.literal('draft.requested'),
      source: z.literal(EVENT_SOURCE),
      detail: draftRequestedV1,
    }),
    draftRequestedV1,
  ]),
  z.transform((message) => ('detail' in message ? message.detail : message)),
);

/** The SDK clients this function uses: its tables, the queues it sends to, the bus it publishes on. */
export const platformClients: ClientFactories<'dynamo'> = {
  dynamo: createDocumentClient,
};

/** The deployment sets these from infra/resources.ts; without them retries and leases would be guesses. */
const required = (value: number | undefined, name: string): number => {
  if (value === undefined) throw new Error(`generate-draft needs ${name} in its environment`);
  return value;
};

export const createHandler = (platform: Platform<'dynamo'>) => {
  const logger = createLogger('generate-draft');
  const root = compositionRoot(platform, { writesEvents: true });
  const metrics = businessMetrics(root, 'generate-draft');
  const { config } = platform;
  const { budget: limits } = config.generator;
  // Every remote-model call, first drafts and reviewer regenerations alike, reserves against the budget.
  const budget = isUnlimited(limits)
    ? undefined
    : {
        budget: generationBudget(root),
        now: platform.now,
        observe: (reservation: Parameters<typeof budgetMetrics>[1]) =>
          metrics.record(...budgetMetrics(limits, reservation)),
      };
  const deps = {
    store: questions(root),
    catalog: catalog(root),
    generator: draftGenerator(root, budget),
    now: platform.now,
    maxReceiveCount: required(config.drafting.maxReceiveCount, 'DRAFT_MAX_RECEIVE_COUNT'),
    claimLeaseSeconds: required(config.drafting.claimLeaseSeconds, 'DRAFT_CLAIM_LEASE_S'),
  };

  return createSqsBatchHandler({
    logger,
    metrics: metrics.metrics,
    schema: draftRequestMessage,
    correlationId: (request) => request.data.questionId,
    handle: async (request, record, log) => {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      const outcome = await generateDraft(deps, request, { receiveCount, messageId: record.messageId }).catch(
        (error: unknown) => {
          // On its last attempt the use case marks the question failed and rethrows (the message goes to the DLQ).
          if (receiveCount >= deps.maxReceiveCount)
            metrics.record(...draftMetrics({ kind: 'failed' }, platform.now()));
          throw error;
        },
      );
      metrics.record(...draftMetrics(outcome, platform.now()));
      log.info('Draft request handled', { questionId: request.data.questionId, outcome: outcome.kind });
    },
  });
};

export const handler = lazyHandler(() => createHandler(lambdaPlatform(platformClients)));
