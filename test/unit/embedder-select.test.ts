import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { BedrockTitanEmbedder } from '../../shared/adapters/embeddings/bedrock-titan.ts';
import { OpenAiCompatibleEmbedder } from '../../shared/adapters/embeddings/openai-compatible.ts';
import { createEmbedder, EmbedderConfigError } from '../../shared/adapters/embeddings/select.ts';
import { loadConfig } from '../../shared/config.ts';

// A client is built but never sends: nothing here reaches the network.
const bedrockClient = new BedrockRuntimeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
});
const openAi = { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434' };

describe('createEmbedder', () => {
  it('builds no embedder by default or for none: retrieval stays BM25 alone', () => {
    expect(createEmbedder({})).toBeUndefined();
    expect(createEmbedder({ EMBEDDINGS: 'none' })).toBeUndefined();
    expect(createEmbedder({ EMBEDDINGS: '  ' })).toBeUndefined();
  });

  it('builds Titan V2 in 512 dimensions for bedrock, on the injected client', () => {
    const embedder = createEmbedder({ EMBEDDINGS: 'bedrock' }, { bedrockClient });
    expect(embedder).toBeInstanceOf(BedrockTitanEmbedder);
    expect(embedder).toMatchObject({ model: 'amazon.titan-embed-text-v2:0', dimensions: 512 });
  });

  it('takes another Titan V2 size or profile', () => {
    const embedder = createEmbedder(
      {
        EMBEDDINGS: 'bedrock',
        EMBEDDINGS_MODEL: 'us.amazon.titan-embed-text-v2:0',
        EMBEDDINGS_DIMENSIONS: 1024,
      },
      { bedrockClient },
    );
    expect(embedder).toMatchObject({ model: 'us.amazon.titan-embed-text-v2:0', dimensions: 1024 });
  });

  it('builds an openai-compatible embedder with its model and stated dimensions', () => {
    const embedder = createEmbedder({ ...openAi, EMBEDDINGS_MODEL: 'bge-m3', EMBEDDINGS_DIMENSIONS: '1024' });
    expect(embedder).toBeInstanceOf(OpenAiCompatibleEmbedder);
    expect(embedder).toMatchObject({ model: 'bge-m3', dimensions: 1024 });
  });

  it.each([
    [
      { EMBEDDINGS: 'bedrock', EMBEDDINGS_DIMENSIONS: '768' },
      /must be one of 256, 512, 1024 for Titan V2; got 768/,
    ],
    [
      { EMBEDDINGS: 'bedrock', EMBEDDINGS_DIMENSIONS: 'many' },
      /EMBEDDINGS_DIMENSIONS must be a positive whole number/,
    ],
    [{ EMBEDDINGS: 'bedrock', EMBEDDINGS_MODEL: 'cohere.embed-english-v3' }, /Titan Text Embeddings V2 only/],
    [
      { EMBEDDINGS: 'bedrock', BEDROCK_ENDPOINT: 'bedrock.local' },
      /BEDROCK_ENDPOINT must be an absolute http\(s\) URL/,
    ],
    [
      { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSIONS: '8' },
      /needs EMBEDDINGS_BASE_URL/,
    ],
    [
      { ...openAi, EMBEDDINGS_DIMENSIONS: '8' },
      /EMBEDDINGS=openai-compatible needs EMBEDDINGS_MODEL to be set/,
    ],
    [{ ...openAi, EMBEDDINGS_MODEL: 'm' }, /needs EMBEDDINGS_DIMENSIONS/],
    [{ ...openAi, EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSIONS: '0' }, /positive whole number; got "0"/],
    [
      {
        ...openAi,
        EMBEDDINGS_BASE_URL: 'localhost:11434',
        EMBEDDINGS_MODEL: 'm',
        EMBEDDINGS_DIMENSIONS: '8',
      },
      /EMBEDDINGS_BASE_URL must be an absolute http\(s\) URL/,
    ],
    [
      { ...openAi, EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSIONS: '8', EMBEDDINGS_REQUEST_DIMENSIONS: 'yes' },
      /EMBEDDINGS_REQUEST_DIMENSIONS must be true or false/,
    ],
    [
      { EMBEDDINGS: 'word2vec' },
      /EMBEDDINGS must be one of none, bedrock, openai-compatible; got "word2vec"/,
    ],
  ])('rejects incomplete configuration %j', (config, message) => {
    expect(() => createEmbedder(config, { bedrockClient })).toThrow(EmbedderConfigError);
    expect(() => createEmbedder(config, { bedrockClient })).toThrow(message);
  });
});

describe('embeddings configuration', () => {
  it('is off unless asked for', () => {
    expect(loadConfig({}).embeddings).toEqual({ adapter: 'none', requestDimensions: false });
  });

  it('reads every EMBEDDINGS_ variable, keeping the prefixes as written', () => {
    const config = loadConfig({
      EMBEDDINGS: 'openai-compatible',
      EMBEDDINGS_MODEL: 'nomic-embed-text',
      EMBEDDINGS_DIMENSIONS: '768',
      EMBEDDINGS_REQUEST_DIMENSIONS: 'true',
      EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434',
      EMBEDDINGS_API_KEY: 'k',
      EMBEDDINGS_QUERY_PREFIX: 'search_query: ',
      EMBEDDINGS_PASSAGE_PREFIX: 'search_document: ',
    });
    expect(config.embeddings).toEqual({
      adapter: 'openai-compatible',
      model: 'nomic-embed-text',
      dimensions: 768,
      requestDimensions: true,
      baseUrl: 'http://127.0.0.1:11434',
      apiKey: 'k',
      queryPrefix: 'search_query: ',
      passagePrefix: 'search_document: ',
    });
  });

  it('refuses an invalid setting and names it', () => {
    expect(() => loadConfig({ EMBEDDINGS: 'magic' })).toThrow(/EMBEDDINGS/);
    expect(() => loadConfig({ EMBEDDINGS_DIMENSIONS: '-3' })).toThrow(/EMBEDDINGS_DIMENSIONS/);
    expect(() => loadConfig({ EMBEDDINGS_BASE_URL: 'not a url' })).toThrow(/EMBEDDINGS_BASE_URL/);
  });
});
