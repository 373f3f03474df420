import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The cold-start baseline: a function that holds only a DynamoDB document
 * client, built the way the platform builds one. Bundled with the functions'
 * options, it is the floor every function's init time is compared against.
 */
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = Object.assign(async () => ({ statusCode: 200, body: String(client !== undefined) }), {
  prime: () => client,
});
