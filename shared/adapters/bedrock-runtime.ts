/**
 * What the Bedrock Runtime adapters (the Converse generator, the Titan embedder) share: one way
 * to build the client from configuration and one reading of its errors. No adapter imports here,
 * so an embedder's bundle does not carry the generator's prompt and schemas.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';

export interface BedrockClientSettings {
  region?: string;
  /** Overrides the Bedrock Runtime endpoint (VPC endpoint, tests). */
  endpoint?: string;
}

export interface BedrockClientDependencies {
  /** Reuse an existing client instead of creating one from the settings. */
  bedrockClient?: BedrockRuntimeClient;
  /** Credentials for a client created here; the default provider chain (Lambda role) when absent. */
  bedrockCredentials?: BedrockRuntimeClientConfig['credentials'];
}

export function bedrockRuntimeClient(
  settings: BedrockClientSettings,
  dependencies: BedrockClientDependencies,
): BedrockRuntimeClient {
  return (
    dependencies.bedrockClient ??
    new BedrockRuntimeClient({
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(dependencies.bedrockCredentials ? { credentials: dependencies.bedrockCredentials } : {}),
    })
  );
}

/** An absolute http(s) URL: what an endpoint or base URL setting must be. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

// Error names Bedrock uses for conditions that clear up on their own.
const TRANSIENT_ERROR_NAMES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'TimeoutError',
  'AbortError',
]);

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  /** The raw HTTP response the SDK keeps on its errors (not enumerable): where Retry-After is. */
  $response?: { headers?: Record<string, string | undefined> };
}

const shapeOf = (error: unknown) =>
  (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;

/**
 * Throttling, 5xx, timeouts and network failures (no HTTP status at all) clear up on their own;
 * other HTTP errors (validation, access denied, unknown model) are configuration problems.
 */
export function isTransientBedrockError(error: unknown): boolean {
  const shape = shapeOf(error);
  const status = shape.$metadata?.httpStatusCode;
  return (
    TRANSIENT_ERROR_NAMES.has(shape.name ?? '') ||
    (status !== undefined ? status === 408 || status === 429 || status >= 500 : true)
  );
}

/** `ThrottlingException, HTTP 429`: what an error message says about an SDK error. */
export function describeBedrockError(error: unknown): string {
  const shape = shapeOf(error);
  const status = shape.$metadata?.httpStatusCode;
  return `${shape.name ?? 'Error'}${status ? `, HTTP ${status}` : ''}`;
}

/** The Retry-After header of the response behind an SDK error, when there was one. */
export function bedrockRetryAfterHeader(error: unknown): string | null {
  return shapeOf(error).$response?.headers?.['retry-after'] ?? null;
}
