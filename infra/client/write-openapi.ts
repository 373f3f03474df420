import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { querySchemas, requestBodySchemas } from '../../shared/http/contracts/requests/index.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';

/** Writes the OpenAPI document the API serves at /openapi.json to a file (`npm run client` generates types from it). */
const file = process.argv[2] ?? 'client/openapi.json';
mkdirSync(dirname(file), { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify(buildOpenApiDocument(requestBodySchemas(), querySchemas()), null, 2)}\n`,
);
