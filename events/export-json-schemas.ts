import { mkdirSync, writeFileSync } from 'node:fs';
import { buildAsyncApiDocument } from './asyncapi.ts';
import { eventJsonSchemas } from './contracts.ts';

/**
 * Writes events/schemas/<type>.v<n>.json and events/asyncapi.json (AsyncAPI 3);
 * `npm run events:schemas`. Unit tests keep the files current.
 */
const directory = new URL('./schemas/', import.meta.url);
mkdirSync(directory, { recursive: true });
for (const [name, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(new URL(`${name}.json`, directory), `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync(
  new URL('./asyncapi.json', import.meta.url),
  `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`,
);
