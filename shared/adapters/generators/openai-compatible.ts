/** DraftGenerator over any OpenAI-compatible chat-completions server (vLLM, llama.cpp, Ollama, OpenAI). */
import type { Draft } from '../../domain/draft.ts';
import {
  type DraftGenerator,
  type DraftRequest,
  GeneratorUnavailableError,
} from '../../ports/draft-generator.ts';
import { OpenAiCompatibleRequestError, postOpenAiJson } from '../openai-http.ts';
import { budgetedCall, type ModelCallBudget } from './budgeted-call.ts';
import { generateWithRepair, type ModelConversation, type ModelReply } from './prompt.ts';

export { OpenAiCompatibleRequestError };

export interface OpenAiCompatibleOptions {
  /** Base URL including the API version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  maxTokens?: number;
  temperature?: number;
  /** Per model call; two calls (first try + repair) must fit in the worker's timeout. */
  timeoutMs?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** The daily generation budget every call reserves against; none = unlimited. */
  budget?: ModelCallBudget;
}

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { total_tokens?: number };
}

export class OpenAiCompatibleDraftGenerator implements DraftGenerator {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;
  private readonly maxTokens: number;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.maxTokens = options.maxTokens ?? 4096;
  }

  generate(request: DraftRequest): Promise<Draft> {
    const call = budgetedCall(
      (conversation) => this.complete(conversation),
      this.options.budget,
      this.maxTokens,
    );
    return generateWithRepair(call, request, {
      adapter: 'openai-compatible',
      model: this.options.model,
    });
  }

  private async complete(conversation: ModelConversation): Promise<ModelReply> {
    const completion = (await postOpenAiJson({
      endpoint: this.endpoint,
      body: {
        model: this.options.model,
        messages: [{ role: 'system', content: conversation.system }, ...conversation.messages],
        response_format: { type: 'json_object' },
        temperature: this.options.temperature ?? 0,
        max_tokens: this.maxTokens,
      },
      apiKey: this.options.apiKey,
      timeoutMs: this.options.timeoutMs ?? 25_000,
      fetch: this.fetch,
      server: 'Chat-completions server',
      unavailable: (message, options) => new GeneratorUnavailableError(message, options),
    })) as ChatCompletion;
    const choice = completion?.choices?.[0];
    const usedTokens = completion?.usage?.total_tokens;
    return {
      text: choice?.message?.content ?? '',
      truncated: choice?.finish_reason === 'length',
      ...(typeof usedTokens === 'number' ? { usedTokens } : {}),
    };
  }
}
