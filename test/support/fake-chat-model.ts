import { createServer, type Server } from 'node:http';

/**
 * A chat-completions server on 127.0.0.1 that answers as an
 * OpenAI-compatible model would, steered by markers in the question:
 * `[fail]` → 503 every time, `[garbage]` → a reply that is not JSON,
 * anything else → a valid draft citing one URL. Grounded, it behaves as a model told to answer
 * from its sources should: its claims restate the first passage of source 1, which is what the
 * grounding check (shared/domain/claim-support.ts) asks of them.
 */
export interface FakeChatModel {
  baseUrl: string;
  /** Requests received, by the question's marker (or `ok`). */
  calls: Record<string, number>;
  /** Tokens reported in `usage`, over every answered request. */
  tokensUsed(): number;
  /** Requests whose prompt contained this text. */
  callsFor(text: string): number;
  /** While on, every request gets a 503, whatever the question. */
  setOutage(on: boolean): void;
  close(): Promise<void>;
}

/** Cites the first listed library source when the prompt lists some (grounded requests), else a URL. */
const draftFor = (question: string, sourceId?: string, passage?: string) => ({
  title: `About: ${question.slice(0, 80)}`,
  bottomLine: passage
    ? `${passage} [1]`
    : 'Talk to your clinician; the evidence supports a cautious approach [1].',
  sections: [
    {
      heading: 'What the evidence says',
      claims: [{ text: passage ?? 'A cautious approach is supported.', citations: [1] }],
    },
  ],
  citations: [
    {
      n: 1,
      title: 'A guideline',
      publisher: 'Test Publisher',
      year: 2024,
      url: 'https://example.org/guideline',
      ...(sourceId ? { sourceId } : {}),
    },
  ],
  patient: {
    bottomLine: passage ? `${passage} [1]` : 'Ask your doctor [1].',
    sections: [{ heading: 'In short', claims: [{ text: passage ?? 'Go slowly.', citations: [1] }] }],
  },
  suggestedQuestions: ['What are the risks?', 'How long does it take?', 'Who should avoid it?'],
});

const usageOf = (prompt: string, content: string) => {
  const prompt_tokens = Math.ceil(prompt.length / 4);
  const completion_tokens = Math.ceil(content.length / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
};

export const startFakeChatModel = async (): Promise<FakeChatModel> => {
  const calls: Record<string, number> = {};
  let outage = false;
  let tokens = 0;
  const prompts: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const messages = (JSON.parse(body).messages ?? []) as { role: string; content: string }[];
      const prompt = messages.map((message) => message.content).join('\n');
      prompts.push(prompt);
      const marker =
        outage || prompt.includes('[fail]') ? 'fail' : prompt.includes('[garbage]') ? 'garbage' : 'ok';
      calls[marker] = (calls[marker] ?? 0) + 1;
      if (marker === 'fail') {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'overloaded' } }));
        return;
      }
      const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(prompt)?.[1] ?? 'a question';
      const content =
        marker === 'garbage'
          ? 'I am sorry, I cannot produce JSON today.'
          : JSON.stringify(
              draftFor(
                question,
                /<source n="1" sourceId="([^"]+)">/.exec(prompt)?.[1],
                /<source n="1" [^>]*>\n.*\n- (.*)/.exec(prompt)?.[1],
              ),
            );
      const usage = usageOf(prompt, content);
      tokens += usage.total_tokens;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model: 'fake-model',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
          // About four characters a token, as a real server would count them.
          usage,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls,
    tokensUsed: () => tokens,
    callsFor: (text) => prompts.filter((prompt) => prompt.includes(text)).length,
    setOutage: (on) => {
      outage = on;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
