import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { buildAsyncApiDocument } from '../../events/asyncapi.ts';
import { eventContracts } from '../../events/contracts.ts';

const written = JSON.parse(readFileSync(new URL('../../events/asyncapi.json', import.meta.url), 'utf8'));

describe('the AsyncAPI document of the events', () => {
  it('is current (npm run schemas writes events/asyncapi.json)', () => {
    expect(written).toEqual(buildAsyncApiDocument());
  });

  it('is a valid AsyncAPI 3 document with no diagnostics', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(written));
    expect(diagnostics.map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
  }, 60_000); // the parser loads Spectral's rulesets: seconds on a loaded machine

  it('offers a subscription to every event on the bus, article.published and draft.requested included', () => {
    // draft.requested is on the bus too since draft requests go through the outbox.
    const onBus = Object.keys(eventContracts);
    expect(Object.keys(written.channels).sort()).toEqual(onBus.sort());
    expect(written.channels).toHaveProperty(['article.published']);
    expect(written.channels).toHaveProperty(['draft.requested']);
    for (const type of onBus)
      expect(
        written.operations[
          `on${type.replace(/(^|\.)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase())}`
        ]?.action,
      ).toBe('receive');
  });
});
