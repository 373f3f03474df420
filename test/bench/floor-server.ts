// The floor of the reads benchmark: a bare node:http server doing one GetItem per request on the same
// DynamoDB Local, in its own process (as the runtime is), with the same SDK client settings.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const endpoint = process.env.FLOOR_DYNAMODB_ENDPOINT as string;
const table = process.env.FLOOR_TABLE as string;
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);

const server = createServer(async (request, response) => {
  const slug = (request.url ?? '/').split('?')[0]?.split('/').pop() ?? '';
  const { Item } = await client.send(
    new GetCommand({ TableName: table, Key: { pk: `A#${slug}`, sk: 'LIVE' } }),
  );
  response.writeHead(Item ? 200 : 404, { 'content-type': 'application/json' });
  response.end(JSON.stringify(Item ?? {}));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(
    `Floor listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
