import { mkdirSync, writeFileSync } from 'node:fs';
import { eventJsonSchemas } from './contracts.ts';

/** Writes events/schemas/<type>.v<n>.json; `npm run events:schemas`. A unit test keeps the files current. */
const directory = new URL('./schemas/', import.meta.url);
mkdirSync(directory, { recursive: true });
for (const [name, schema] of Object.entries(eventJsonSchemas())) {
  writeFileSync(new URL(`${name}.json`, directory), `${JSON.stringify(schema, null, 2)}\n`);
}
