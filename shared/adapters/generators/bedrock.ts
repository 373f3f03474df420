/** DraftGenerator over the Amazon Bedrock Converse API. */
import { type BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { Draft } from '../../domain/draft.ts';
import {
  type DraftGenerator,
  type DraftRequest,
  GeneratorUnavailableError,
} from '../../ports/draft-generator.ts';
import { describeBedrockError, isTransientBedrockError } from '../bedrock-runtime.ts';
import { budgetedCall, type ModelCallBudget } from './budgeted-call.ts';
import { generateWithRepair, type ModelConversation, type ModelReply } from './prompt.ts';

export interface BedrockGeneratorOptions {
  modelId: string;
  maxTokens?: number;
  temperature?: number;
  /** Per model call; two calls (first try + repair) must fit in the worker's timeout. */
  timeoutMs?: number;
  /** The daily generation budget every call reserves against; none = unlimited. */
  budget?: ModelCallBudget;
}

/**
 * Throttling, 5xx, timeouts and network failures become
 * GeneratorUnavailableError; other HTTP errors (validation, access denied,
 * unknown model) are configuration problems and are rethrown as they are.
 */
export function classifyBedrockError(error: unknown): unknown {
  if (!isTransientBedrockError(error)) return error;
  return new GeneratorUnavailableError(`Bedrock is unavailable (${describeBedrockError(error)})`, {
    cause: error,
  });
}

export class BedrockDraftGenerator implements DraftGenerator {
  private readonly modelId: string;
  private readonly maxTokens: number;
  private readonly temperature: number;
  private readonly timeoutMs: number;
  private readonly budget: ModelCallBudget | undefined;

  /** The client is created once per container by the caller and shared across invocations. */
  constructor(
    private readonly client: BedrockRuntimeClient,
    options: BedrockGeneratorOptions,
  ) {
    this.modelId = options.modelId;
    this.maxTokens = options.maxTokens ?? 4096;
    this.temperature = options.temperature ?? 0;
    this.timeoutMs = options.timeoutMs ?? 25_000;
    this.budget = options.budget;
  }

  generate(request: DraftRequest): Promise<Draft> {
    const call = budgetedCall((conversation) => this.converse(conversation), this.budget, this.maxTokens);
    return generateWithRepair(call, request, {
      adapter: 'bedrock',
      model: this.modelId,
    });
  }

  private async converse(conversation: ModelConversation): Promise<ModelReply> {
    const command = new ConverseCommand({
      modelId: this.modelId,
      system: [{ text: conversation.system }],
      messages: conversation.messages.map((turn) => ({ role: turn.role, content: [{ text: turn.content }] })),
      inferenceConfig: { maxTokens: this.maxTokens, temperature: this.temperature },
    });
    try {
      const response = await this.client.send(command, { abortSignal: AbortSignal.timeout(this.timeoutMs) });
      const text = (response.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
      const usedTokens = response.usage?.totalTokens;
      return {
        text,
        truncated: response.stopReason === 'max_tokens',
        ...(typeof usedTokens === 'number' ? { usedTokens } : {}),
      };
    } catch (error) {
      throw classifyBedrockError(error);
    }
  }
}
