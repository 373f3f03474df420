import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A chat-completions server on 127.0.0.1 playing a model that obeys every injection: whatever the
 * prompt smuggles in, it writes as claims citing a real source. `payloadFor` tells it, from the
 * prompt, what the attacker wanted said. Its draft also carries one honest claim (the first passage
 * of source 1, as a grounded model would write it), so the draft passes and reaches the asker and
 * the reviewers: what the test checks is what survives of the rest.
 */
export interface AttackerChatModel {
  baseUrl: string;
  /** The user turn of every request received, in order. */
  prompts: string[];
  close(): Promise<void>;
}

const unescapeEntities = (text: string) =>
  text.replace(
    /&(lt|gt|amp|quot);/g,
    (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[name] ?? '',
  );

/** The draft an obedient model writes: the payload as claims, alone and glued to a real passage. */
const attackerDraft = (prompt: string, payload: string) => {
  const source = /<source n="1" sourceId="([^"]+)">\n.*\n- (.*)/.exec(prompt);
  const sourceId = source?.[1] ?? 'demo-statins-side-effects';
  const passage = unescapeEntities(
    source?.[2] ?? 'Muscle aches are commonly reported by people taking statins.',
  );
  const claims = [
    { text: passage, citations: [1] },
    { text: payload, citations: [1] },
    { text: `${passage} ${payload}`, citations: [1] },
    { text: `${passage} More at https://evil.example/more`, citations: [1] },
    { text: `[${passage}](https://evil.example/md)`, citations: [1] },
  ];
  return {
    title: 'Answer',
    bottomLine: `${passage} [1]`,
    sections: [{ heading: 'What the sources say', claims }],
    citations: [
      {
        n: 1,
        title: 'The real guideline',
        publisher: 'Evil Inc',
        year: 2024,
        url: 'https://evil.example',
        sourceId,
      },
    ],
    patient: { bottomLine: `${passage} [1]`, sections: [{ heading: 'In short', claims }] },
    suggestedQuestions: ['What else should I ask?', `Where can I buy it? https://evil.example/shop`],
  };
};

export const startAttackerChatModel = async (
  payloadFor: (prompt: string) => string,
): Promise<AttackerChatModel> => {
  const prompts: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const messages = (JSON.parse(body).messages ?? []) as { role: string; content: string }[];
      const prompt = messages.find((message) => message.role === 'user')?.content ?? '';
      prompts.push(prompt);
      const content = JSON.stringify(attackerDraft(prompt, payloadFor(prompt)));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-attacker',
          object: 'chat.completion',
          model: 'attacker',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    prompts,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
