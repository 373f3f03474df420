/** DraftGenerator over any OpenAI-compatible chat-completions server (vLLM, llama.cpp, Ollama, OpenAI). */
import type { Draft } from '../../domain/draft.ts';
import {
  type DraftGenerator,
  type DraftRequest,
  GeneratorUnavailableError,
} from '../../ports/draft-generator.ts';
import { generateWithRepair, type ModelConversation, type ModelReply } from './prompt.ts';

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
}

/** A non-retryable HTTP error from the server (bad request, auth, unknown model). */
export class OpenAiCompatibleRequestError extends Error {
  override readonly name = 'OpenAiCompatibleRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null }; finish_reason?: string | null }>;
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export class OpenAiCompatibleDraftGenerator implements DraftGenerator {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  generate(request: DraftRequest): Promise<Draft> {
    return generateWithRepair((conversation) => this.complete(conversation), request, {
      adapter: 'openai-compatible',
      model: this.options.model,
    });
  }

  private async complete(conversation: ModelConversation): Promise<ModelReply> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const body = JSON.stringify({
      model: this.options.model,
      messages: [{ role: 'system', content: conversation.system }, ...conversation.messages],
      response_format: { type: 'json_object' },
      temperature: this.options.temperature ?? 0,
      max_tokens: this.options.maxTokens ?? 4096,
    });

    let response: Response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 25_000),
      });
    } catch (error) {
      // fetch only rejects for network failures and timeouts: both transient.
      throw new GeneratorUnavailableError(`Chat-completions server unreachable: ${(error as Error).name}`, {
        cause: error,
      });
    }

    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      throw new GeneratorUnavailableError(`Chat-completions server answered HTTP ${response.status}`, {
        retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')),
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new OpenAiCompatibleRequestError(
        `Chat-completions server rejected the request with HTTP ${response.status}`,
        response.status,
      );
    }

    let completion: ChatCompletion;
    try {
      completion = (await response.json()) as ChatCompletion;
    } catch (error) {
      // A 200 without a JSON body comes from a proxy or a server mid-restart, not from the model.
      throw new GeneratorUnavailableError('Chat-completions server sent a non-JSON response', {
        cause: error,
      });
    }
    const choice = completion.choices?.[0];
    return { text: choice?.message?.content ?? '', truncated: choice?.finish_reason === 'length' };
  }
}
