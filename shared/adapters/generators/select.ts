/**
 * Picks the DraftGenerator adapter from configuration; call once per container and reuse the result.
 * Every adapter sits behind the same retrieval step (grounded.ts): no model is called for a question
 * the reference library cannot answer, and a model may cite only the sources it was given.
 */
import { DRAFT_GENERATOR_KINDS, type DraftGeneratorKind } from '../../defaults.ts';
import type { DraftGenerator } from '../../ports/draft-generator.ts';
import type { EvidenceRetriever } from '../../ports/evidence-retriever.ts';
import { type BedrockClientDependencies, bedrockRuntimeClient, isHttpUrl } from '../bedrock-runtime.ts';
import { BedrockDraftGenerator } from './bedrock.ts';
import { BudgetFallbackComposer } from './budget-fallback.ts';
import type { ModelCallBudget } from './budgeted-call.ts';
import { GroundedDraftGenerator } from './grounded.ts';
import { LocalComposer, LocalDraftGenerator } from './local.ts';
import { ModelComposer } from './model-composer.ts';
import { OpenAiCompatibleDraftGenerator } from './openai-compatible.ts';

export { DRAFT_GENERATOR_KINDS, type DraftGeneratorKind };

export interface DraftGeneratorConfig {
  /** Which adapter to use; `local` when unset. */
  DRAFT_GENERATOR?: DraftGeneratorKind | (string & {});
  BEDROCK_MODEL_ID?: string;
  BEDROCK_REGION?: string;
  /** Overrides the Bedrock Runtime endpoint (VPC endpoint, tests). */
  BEDROCK_ENDPOINT?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL?: string;
  OPENAI_API_KEY?: string;
  /** `local`: a model generator spent for the day composes extractively instead of waiting. */
  GENERATION_BUDGET_FALLBACK?: 'wait' | 'local';
}

/** `bedrockClient` is reused instead of creating one from BEDROCK_REGION / BEDROCK_ENDPOINT. */
export interface DraftGeneratorDependencies extends BedrockClientDependencies {
  fetch?: typeof fetch;
  /** The daily budget remote-model calls reserve against (the local generator calls no model). */
  budget?: ModelCallBudget;
}

/** The configuration names an unknown adapter or lacks a setting the chosen adapter needs. */
export class DraftGeneratorConfigError extends Error {
  override readonly name = 'DraftGeneratorConfigError';
}

function required(config: DraftGeneratorConfig, key: keyof DraftGeneratorConfig): string {
  const value = config[key]?.trim();
  if (!value) {
    throw new DraftGeneratorConfigError(`DRAFT_GENERATOR=${config.DRAFT_GENERATOR} needs ${key} to be set`);
  }
  return value;
}

export function createDraftGenerator(
  config: DraftGeneratorConfig,
  retriever: EvidenceRetriever,
  dependencies: DraftGeneratorDependencies = {},
): DraftGenerator {
  const kind = config.DRAFT_GENERATOR?.trim() || 'local';
  switch (kind) {
    case 'local':
      return new LocalDraftGenerator(retriever);
    case 'bedrock': {
      const modelId = required(config, 'BEDROCK_MODEL_ID');
      const region = config.BEDROCK_REGION?.trim();
      const endpoint = config.BEDROCK_ENDPOINT?.trim();
      if (endpoint) assertUrl('BEDROCK_ENDPOINT', endpoint);
      const client = bedrockRuntimeClient({ region, endpoint }, dependencies);
      return new GroundedDraftGenerator(
        retriever,
        new ModelComposer(
          'bedrock',
          new BedrockDraftGenerator(client, { modelId, budget: dependencies.budget }),
        ),
      );
    }
    case 'openai-compatible': {
      const baseUrl = required(config, 'OPENAI_BASE_URL');
      assertUrl('OPENAI_BASE_URL', baseUrl);
      const model = new OpenAiCompatibleDraftGenerator({
        baseUrl,
        model: required(config, 'OPENAI_MODEL'),
        apiKey: config.OPENAI_API_KEY?.trim() || undefined,
        fetch: dependencies.fetch,
        budget: dependencies.budget,
      });
      return new GroundedDraftGenerator(
        retriever,
        withFallback(config, new ModelComposer('openai-compatible', model)),
      );
    }
    default:
      throw new DraftGeneratorConfigError(
        `DRAFT_GENERATOR must be one of ${DRAFT_GENERATOR_KINDS.join(', ')}; got "${kind}"`,
      );
  }
}

const withFallback = (config: DraftGeneratorConfig, composer: ModelComposer) =>
  config.GENERATION_BUDGET_FALLBACK === 'local'
    ? new BudgetFallbackComposer(composer, new LocalComposer())
    : composer;

function assertUrl(key: string, value: string): void {
  if (!isHttpUrl(value))
    throw new DraftGeneratorConfigError(`${key} must be an absolute http(s) URL; got "${value}"`);
}
