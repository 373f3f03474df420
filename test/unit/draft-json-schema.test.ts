import { describe, expect, it } from 'vitest';
import { DRAFT_JSON_SCHEMA, SYSTEM_PROMPT } from '../../shared/adapters/generators/prompt.ts';
import { draftContentSchema } from '../../shared/domain/draft.ts';
import * as z from '../../shared/zod.ts';

describe('the draft JSON Schema remote models are given', () => {
  it('is the draft contract, current (npm run schemas writes it)', () => {
    expect(DRAFT_JSON_SCHEMA).toEqual(z.toJSONSchema(draftContentSchema));
  });

  it('is what the system prompt tells the model to follow', () => {
    expect(SYSTEM_PROMPT).toContain(JSON.stringify(z.toJSONSchema(draftContentSchema)));
  });
});
