/**
 * One JSON POST to an OpenAI-compatible server, with the error mapping every such adapter
 * (chat completions, embeddings) needs: network failures, timeouts, 408, 429 and 5xx are the
 * adapter's transient error, carrying Retry-After; other HTTP errors are permanent.
 */

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

/** A Retry-After header (seconds or an HTTP date) as seconds from now; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export interface OpenAiJsonPost {
  endpoint: string;
  body: unknown;
  apiKey?: string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** Names the server in messages: `Chat-completions server`, `Embeddings server`. */
  server: string;
  /** The adapter's transient error (GeneratorUnavailableError, EmbedderUnavailableError). */
  unavailable: (message: string, options: { cause?: unknown; retryAfterSeconds?: number }) => Error;
}

/** The parsed JSON of a 2xx answer. */
export async function postOpenAiJson(post: OpenAiJsonPost): Promise<unknown> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (post.apiKey) headers.authorization = `Bearer ${post.apiKey}`;

  let response: Response;
  try {
    response = await post.fetch(post.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(post.body),
      signal: AbortSignal.timeout(post.timeoutMs),
    });
  } catch (error) {
    // fetch only rejects for network failures and timeouts: both transient.
    throw post.unavailable(`${post.server} unreachable: ${(error as Error).name}`, { cause: error });
  }

  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    await response.body?.cancel();
    throw post.unavailable(`${post.server} answered HTTP ${response.status}`, {
      retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')),
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new OpenAiCompatibleRequestError(
      `${post.server} rejected the request with HTTP ${response.status}`,
      response.status,
    );
  }

  try {
    return await response.json();
  } catch (error) {
    // A 200 without a JSON body comes from a proxy or a server mid-restart, not from the model.
    throw post.unavailable(`${post.server} sent a non-JSON response`, { cause: error });
  }
}
