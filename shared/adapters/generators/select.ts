/**
 * Picks the DraftGenerator adapter from configuration; call once per container and reuse the result.
 * Every adapter sits behind the same retrieval step (grounded.ts): no model is called for a question
 * the reference library cannot answer, and a model may cite only the sources it was given.
 */
import type { Config } from '../../config.ts';
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

/** The generator's part of the configuration; `adapter` may be any text here, so a wrong name gets a clear error. */
export type DraftGeneratorSettings = Partial<Omit<Config['generator'], 'adapter' | 'budget'>> & {
  /** Which adapter to use; `local` when unset. */
  adapter?: DraftGeneratorKind | (string & {});
};

/** The environment variable of each setting, for messages an operator can act on. */
const SETTING_NAMES = {
  adapter: 'DRAFT_GENERATOR',
  bedrockModelId: 'BEDROCK_MODEL_ID',
  bedrockRegion: 'BEDROCK_REGION',
  bedrockEndpoint: 'BEDROCK_ENDPOINT',
  openaiBaseUrl: 'OPENAI_BASE_URL',
  openaiModel: 'OPENAI_MODEL',
  openaiApiKey: 'OPENAI_API_KEY',
  budgetFallback: 'GENERATION_BUDGET_FALLBACK',
} as const satisfies Record<keyof DraftGeneratorSettings, string>;

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

function required(settings: DraftGeneratorSettings, key: keyof DraftGeneratorSettings): string {
  const value = settings[key]?.trim();
  if (!value) {
    throw new DraftGeneratorConfigError(
      `DRAFT_GENERATOR=${settings.adapter} needs ${SETTING_NAMES[key]} to be set`,
    );
  }
  return value;
}

export function createDraftGenerator(
  settings: DraftGeneratorSettings,
  retriever: EvidenceRetriever,
  dependencies: DraftGeneratorDependencies = {},
): DraftGenerator {
  const kind = settings.adapter?.trim() || 'local';
  switch (kind) {
    case 'local':
      return new LocalDraftGenerator(retriever);
    case 'bedrock': {
      const modelId = required(settings, 'bedrockModelId');
      const region = settings.bedrockRegion?.trim();
      const endpoint = settings.bedrockEndpoint?.trim();
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
      const baseUrl = required(settings, 'openaiBaseUrl');
      assertUrl('OPENAI_BASE_URL', baseUrl);
      const model = new OpenAiCompatibleDraftGenerator({
        baseUrl,
        model: required(settings, 'openaiModel'),
        apiKey: settings.openaiApiKey?.trim() || undefined,
        fetch: dependencies.fetch,
        budget: dependencies.budget,
      });
      return new GroundedDraftGenerator(
        retriever,
        withFallback(settings, new ModelComposer('openai-compatible', model)),
      );
    }
    default:
      throw new DraftGeneratorConfigError(
        `DRAFT_GENERATOR must be one of ${DRAFT_GENERATOR_KINDS.join(', ')}; got "${kind}"`,
      );
  }
}

const withFallback = (settings: DraftGeneratorSettings, composer: ModelComposer) =>
  settings.budgetFallback === 'local' ? new BudgetFallbackComposer(composer, new LocalComposer()) : composer;

function assertUrl(key: string, value: string): void {
  if (!isHttpUrl(value))
    throw new DraftGeneratorConfigError(`${key} must be an absolute http(s) URL; got "${value}"`);
}
