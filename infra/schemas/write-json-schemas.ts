import { mkdirSync, writeFileSync } from 'node:fs';
import { buildAsyncApiDocument } from '../../events/asyncapi.ts';
import { eventJsonSchemas } from '../../events/contracts.ts';
import { draftContentSchema } from '../../shared/domain/draft.ts';
import * as z from '../../shared/zod.ts';

/**
 * Writes the JSON Schemas derived from the zod contracts, `npm run schemas`:
 * events/schemas/<type>.v<n>.json and events/asyncapi.json (AsyncAPI 3), and
 * the draft schema remote models are told to follow, which ships as a file so
 * that no function converts a schema at init. Unit tests keep them current.
 */
const write = (url: URL, value: unknown) => writeFileSync(url, `${JSON.stringify(value, null, 2)}\n`);

const root = new URL('../../', import.meta.url);
const events = new URL('events/schemas/', root);
mkdirSync(events, { recursive: true });
for (const [name, schema] of Object.entries(eventJsonSchemas()))
  write(new URL(`${name}.json`, events), schema);
write(new URL('events/asyncapi.json', root), buildAsyncApiDocument());
write(new URL('shared/adapters/generators/draft.schema.json', root), z.toJSONSchema(draftContentSchema));
