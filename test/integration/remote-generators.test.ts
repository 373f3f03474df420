import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createServer as createH2cServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockDraftGenerator } from '../../shared/adapters/generators/bedrock.ts';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { OpenAiCompatibleDraftGenerator } from '../../shared/adapters/generators/openai-compatible.ts';
import { PROMPT_VERSION, SYSTEM_PROMPT } from '../../shared/adapters/generators/prompt.ts';
import { createDraftGenerator, DraftGeneratorConfigError } from '../../shared/adapters/generators/select.ts';
import { checkDraftIntegrity, type DraftContent, draftSchema } from '../../shared/domain/draft.ts';
import {
  type DraftGenerator,
  type DraftRequest,
  GeneratorOutputError,
  GeneratorUnavailableError,
} from '../../shared/ports/draft-generator.ts';
import { libraryRetriever } from '../support/demo-retriever.ts';

/** What the fake model server answers next: model text, or an HTTP error. */
type Scripted =
  | { text: string; truncated?: boolean }
  | { status: number; errorType?: string; delayMs?: number };

interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A real HTTP server speaking Bedrock Converse and OpenAI chat completions,
 * replaying a script. The Bedrock SDK client talks HTTP/2 (its default
 * handler, as in production), so that server runs node:http2 in cleartext;
 * fetch talks HTTP/1.1 to a node:http server.
 */
class FakeModelServer {
  readonly requests: RecordedRequest[] = [];
  private script: Scripted[] = [];
  private stopServer: (() => Promise<void>) | undefined;
  url = '';

  constructor(private readonly protocol: 'http1' | 'h2c') {}

  reply(...items: Scripted[]): void {
    this.script.push(...items);
  }

  reset(): void {
    this.script = [];
    this.requests.length = 0;
  }

  async start(): Promise<void> {
    const handle = (
      request: IncomingMessage | Http2ServerRequest,
      response: ServerResponse | Http2ServerResponse,
    ) => this.handle(request, response);
    if (this.protocol === 'h2c') {
      const server = createH2cServer(handle);
      const sessions = new Set<import('node:http2').ServerHttp2Session>();
      server.on('session', (session) => {
        sessions.add(session);
        session.on('close', () => sessions.delete(session));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      this.stopServer = async () => {
        for (const session of sessions) session.destroy();
        await new Promise((resolve) => server.close(resolve));
      };
    } else {
      const server = createServer(handle);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      this.stopServer = async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      };
    }
  }

  async stop(): Promise<void> {
    await this.stopServer?.();
  }

  private handle(
    request: IncomingMessage | Http2ServerRequest,
    response: ServerResponse | Http2ServerResponse,
  ) {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = decodeURIComponent(request.url ?? '');
      this.requests.push({
        path,
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      const next = this.script.shift() ?? { status: 500, errorType: 'InternalServerException' };
      const delay = 'delayMs' in next ? next.delayMs : undefined;
      const send = () => {
        // The client may have given up (timeout test) and closed the stream.
        if (response.destroyed || response.writableEnded) return;
        const [status, headers, body] = this.answer(path, next);
        response.writeHead(status, headers);
        response.end(body);
      };
      if (delay) setTimeout(send, delay);
      else send();
    });
  }

  private answer(path: string, next: Scripted): [number, Record<string, string>, string] {
    const json = { 'content-type': 'application/json' };
    if ('status' in next) {
      const headers = next.errorType ? { ...json, 'x-amzn-errortype': next.errorType } : json;
      return [next.status, headers, JSON.stringify({ message: `scripted ${next.status}` })];
    }
    if (/^\/model\/[^/]+\/converse$/.test(path)) {
      const body = {
        output: { message: { role: 'assistant', content: [{ text: next.text }] } },
        stopReason: next.truncated ? 'max_tokens' : 'end_turn',
        usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 },
        metrics: { latencyMs: 5 },
      };
      return [200, json, JSON.stringify(body)];
    }
    if (path === '/v1/chat/completions') {
      const body = {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        model: 'fake',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: next.text },
            finish_reason: next.truncated ? 'length' : 'stop',
          },
        ],
      };
      return [200, json, JSON.stringify(body)];
    }
    return [404, json, '{}'];
  }
}

const content: DraftContent = {
  title: 'Do statins cause muscle pain?',
  bottomLine: 'Most muscle aches on statins are not caused by the statin [1].',
  sections: [
    {
      heading: 'Evidence from blinded trials',
      claims: [{ text: 'Muscle symptoms occur about as often with placebo.', citations: [1] }],
    },
    {
      heading: 'What to do',
      claims: [{ text: 'Options include a lower dose or another statin.', citations: [1, 2] }],
    },
  ],
  citations: [
    { n: 1, title: 'Statin trials collaboration', year: 2022, url: 'https://example.org/ctt' },
    { n: 2, title: 'Lipid guideline', publisher: 'Example body', url: 'https://example.org/lipids' },
  ],
  patient: {
    bottomLine: 'Muscle aches are usually not from the statin [1].',
    sections: [{ heading: 'What you can do', claims: [{ text: 'Ask about a lower dose.', citations: [2] }] }],
  },
  suggestedQuestions: ['What are statins?', 'Who should take a statin?', 'Can I stop my statin?'],
};
const valid = JSON.stringify(content);
const withBrokenCitation = JSON.stringify({
  ...content,
  sections: [{ heading: 'x', claims: [{ text: 'Unsupported.', citations: [5] }] }],
});

const request: DraftRequest = {
  questionId: 'q-1',
  question: 'Do statins cause muscle pain?',
  audience: 'clinician',
  revision: 2,
  reviewerComments: ['Cite the blinded trials.'],
};

const bedrockServer = new FakeModelServer('h2c');
const openAiServer = new FakeModelServer('http1');
const MODEL_ID = 'anthropic.claude-test-v1:0';

beforeAll(() => Promise.all([bedrockServer.start(), openAiServer.start()]));
afterAll(() => Promise.all([bedrockServer.stop(), openAiServer.stop()]));
beforeEach(() => {
  bedrockServer.reset();
  openAiServer.reset();
});

const bedrockClient = (endpoint: string) =>
  new BedrockRuntimeClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });

/** The text of the last user turn the server received, whichever wire format it used. */
function lastUserText(recorded: RecordedRequest): string {
  const messages = recorded.body.messages as Array<{
    role: string;
    content: string | Array<{ text: string }>;
  }>;
  const last = messages.at(-1);
  if (!last) return '';
  return typeof last.content === 'string' ? last.content : last.content.map((block) => block.text).join('');
}

const adapters: Array<{
  name: string;
  server: FakeModelServer;
  create: (timeoutMs?: number) => DraftGenerator;
}> = [
  {
    name: 'bedrock',
    server: bedrockServer,
    create: (timeoutMs = 2000) =>
      new BedrockDraftGenerator(bedrockClient(bedrockServer.url), { modelId: MODEL_ID, timeoutMs }),
  },
  {
    name: 'openai-compatible',
    server: openAiServer,
    create: (timeoutMs = 2000) =>
      new OpenAiCompatibleDraftGenerator({
        baseUrl: `${openAiServer.url}/v1/`,
        model: MODEL_ID,
        apiKey: 'sk-test',
        timeoutMs,
      }),
  },
];

describe.each(adapters)('$name adapter against a real HTTP server', ({ name: adapter, server, create }) => {
  it('turns valid model output into a schema-valid draft with generator metadata', async () => {
    server.reply({ text: valid });
    const draft = await create().generate(request);

    expect(draftSchema.safeParse(draft).success).toBe(true);
    expect(checkDraftIntegrity(draft)).toEqual([]);
    expect(draft.generator).toEqual({ adapter, model: MODEL_ID, promptVersion: PROMPT_VERSION });
    expect(draft.citations).toEqual(content.citations);
    expect(server.requests).toHaveLength(1);
    const prompt = lastUserText(server.requests[0] as RecordedRequest);
    expect(prompt).toContain('<question>\nDo statins cause muscle pain?\n</question>');
    expect(prompt).toContain('<reviewer_comment>Cite the blinded trials.</reviewer_comment>');
  });

  it('accepts JSON wrapped in a ```json fence with chatter around it', async () => {
    server.reply({ text: `Here is the draft:\n\`\`\`json\n${valid}\n\`\`\`\nHope it helps.` });
    const draft = await create().generate(request);
    expect(draft.title).toBe(content.title);
  });

  it('repairs malformed output once, quoting the exact validation errors', async () => {
    server.reply({ text: withBrokenCitation }, { text: valid });
    const draft = await create().generate(request);

    expect(draft.bottomLine).toBe(content.bottomLine);
    expect(server.requests).toHaveLength(2);
    const repair = lastUserText(server.requests[1] as RecordedRequest);
    expect(repair).toContain('- sections.0.claims.0.citations.0: citation [5] does not exist');
    const messages = (server.requests[1] as RecordedRequest).body.messages as Array<{ role: string }>;
    const turns = messages.map((turn) => turn.role);
    expect(turns.slice(-3)).toEqual(['user', 'assistant', 'user']);
  });

  it('gives up with GeneratorOutputError when the repaired output is still invalid', async () => {
    server.reply({ text: 'I am sorry, I cannot help with that.' }, { text: '{"title": 42}' });
    const error = await create()
      .generate(request)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GeneratorOutputError);
    expect((error as GeneratorOutputError).errors.map((e) => e.path)).toContain('title');
    expect(server.requests).toHaveLength(2);
    expect(lastUserText(server.requests[1] as RecordedRequest)).toContain('contains no JSON object');
  });

  it('treats truncated JSON as invalid and asks for a complete reply', async () => {
    server.reply({ text: valid.slice(0, valid.length / 2), truncated: true }, { text: valid });
    const draft = await create().generate(request);

    expect(draft.title).toBe(content.title);
    const repair = lastUserText(server.requests[1] as RecordedRequest);
    expect(repair).toContain('cut off at the output token limit');
    expect(repair).toContain('not valid JSON');
  });

  it('fails with GeneratorOutputError when the reply is truncated twice', async () => {
    const truncated = { text: valid.slice(0, 200), truncated: true };
    server.reply(truncated, truncated);
    await expect(create().generate(request)).rejects.toBeInstanceOf(GeneratorOutputError);
  });

  it.each([
    { status: 429, errorType: 'ThrottlingException' },
    { status: 500, errorType: 'InternalServerException' },
    { status: 503 },
  ])('reports HTTP $status as GeneratorUnavailableError without a repair round', async (scripted) => {
    server.reply(scripted);
    const error = await create()
      .generate(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GeneratorUnavailableError);
    expect((error as GeneratorUnavailableError).transient).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('does not treat a client error (400) as transient', async () => {
    server.reply({ status: 400, errorType: 'ValidationException' });
    const error = await create()
      .generate(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GeneratorUnavailableError);
    expect(error).not.toBeInstanceOf(GeneratorOutputError);
  });

  it('reports a timeout as GeneratorUnavailableError', async () => {
    server.reply({ status: 200, delayMs: 1500 });
    await expect(create(300).generate(request)).rejects.toBeInstanceOf(GeneratorUnavailableError);
  });
});

describe('wire details', () => {
  it('bedrock sends the system prompt and inference config to /model/{modelId}/converse', async () => {
    bedrockServer.reply({ text: valid });
    await adapters[0]?.create().generate(request);
    const recorded = bedrockServer.requests[0] as RecordedRequest;
    expect(recorded.path).toBe(`/model/${MODEL_ID}/converse`);
    expect(recorded.body.system).toEqual([{ text: SYSTEM_PROMPT }]);
    expect(recorded.body.inferenceConfig).toMatchObject({ maxTokens: 4096, temperature: 0 });
    expect(recorded.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE\//);
  });

  it('openai-compatible asks for a JSON object with a bearer key and a system message', async () => {
    openAiServer.reply({ text: valid });
    await adapters[1]?.create().generate(request);
    const recorded = openAiServer.requests[0] as RecordedRequest;
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.headers.authorization).toBe('Bearer sk-test');
    expect(recorded.body.response_format).toEqual({ type: 'json_object' });
    expect(recorded.body.model).toBe(MODEL_ID);
    expect((recorded.body.messages as Array<{ role: string; content: string }>)[0]).toEqual({
      role: 'system',
      content: SYSTEM_PROMPT,
    });
  });

  it('openai-compatible reports an unreachable server as GeneratorUnavailableError', async () => {
    const closed = new FakeModelServer('http1');
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const generator = new OpenAiCompatibleDraftGenerator({
      baseUrl: `${url}/v1`,
      model: 'm',
      timeoutMs: 2000,
    });
    await expect(generator.generate(request)).rejects.toBeInstanceOf(GeneratorUnavailableError);
  });

  it('bedrock reports an unreachable endpoint as GeneratorUnavailableError', async () => {
    const closed = new FakeModelServer('h2c');
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const generator = new BedrockDraftGenerator(bedrockClient(url), { modelId: MODEL_ID, timeoutMs: 2000 });
    await expect(generator.generate(request)).rejects.toBeInstanceOf(GeneratorUnavailableError);
  });
});

describe('createDraftGenerator', () => {
  const library = libraryRetriever([]);
  // Behind the retrieval step a model is called only for an answerable question, and may cite only
  // the library sources it was given.
  let demoLibrary: ReturnType<typeof libraryRetriever>;
  beforeAll(async () => {
    demoLibrary = libraryRetriever(await loadDemoLibrary());
  });
  /** The openai-compatible generator the configuration builds, on the demo library, against the fake server. */
  const openAiGenerator = () =>
    createDraftGenerator(
      {
        adapter: 'openai-compatible',
        openaiBaseUrl: `${openAiServer.url}/v1`,
        openaiModel: 'llama',
      },
      demoLibrary,
    );
  const grounded = JSON.stringify({
    ...content,
    citations: content.citations.map((citation) => ({ ...citation, sourceId: 'demo-statins-side-effects' })),
  });

  it('sends the retrieved sources, numbered, and keeps only citations of them, with library metadata', async () => {
    openAiServer.reply({ text: grounded });
    const generator = openAiGenerator();
    const draft = await generator.generate(request);
    expect(JSON.stringify(openAiServer.requests.at(-1)?.body)).toContain(
      'sourceId=\\"demo-statins-side-effects\\"',
    );
    expect(draft.citations.map((citation) => citation.sourceId)).toEqual(['demo-statins-side-effects']);
    expect(draft.citations[0]?.title).toBe('[Demo] Statin side effects and muscle aches');
  });

  it('calls no model for a question the library cannot answer', async () => {
    const before = openAiServer.requests.length;
    const generator = openAiGenerator();
    const draft = await generator.generate({
      ...request,
      question:
        'What is the recommended second-line therapy for metastatic uveal melanoma with GNAQ mutation?',
    });
    expect(draft.flags).toContain('no_relevant_sources');
    expect(openAiServer.requests.length).toBe(before);
  });

  it('builds a working openai-compatible generator from configuration', async () => {
    openAiServer.reply({ text: grounded });
    const generator = openAiGenerator();
    const draft = await generator.generate(request);
    expect(draft.generator.model).toBe('llama');
    expect(openAiServer.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('builds a working bedrock generator from configuration with an endpoint override', async () => {
    bedrockServer.reply({ text: grounded });
    const generator = createDraftGenerator(
      {
        adapter: 'bedrock',
        bedrockModelId: MODEL_ID,
        bedrockRegion: 'us-east-1',
        bedrockEndpoint: bedrockServer.url,
      },
      demoLibrary,
      // Static fake credentials instead of the default provider chain (no AWS account in tests).
      { bedrockCredentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret' } },
    );
    const draft = await generator.generate(request);
    expect(draft.generator).toMatchObject({ adapter: 'bedrock', model: MODEL_ID });
  });

  it('defaults to the local generator', async () => {
    const draft = await createDraftGenerator({}, library).generate(request);
    expect(draft.generator.adapter).toBe('local');
  });

  it.each([
    [{ adapter: 'bedrock' }, /needs BEDROCK_MODEL_ID/],
    [{ adapter: 'openai-compatible', openaiModel: 'm' }, /needs OPENAI_BASE_URL/],
    [{ adapter: 'openai-compatible', openaiBaseUrl: 'http://h/v1' }, /needs OPENAI_MODEL/],
    [{ adapter: 'openai-compatible', openaiBaseUrl: 'localhost:8080', openaiModel: 'm' }, /http\(s\) URL/],
    [{ adapter: 'gpt' }, /must be one of local, bedrock, openai-compatible; got "gpt"/],
  ])('rejects incomplete configuration %j', (config, message) => {
    expect(() => createDraftGenerator(config, library)).toThrow(DraftGeneratorConfigError);
    expect(() => createDraftGenerator(config, library)).toThrow(message);
  });
});
