import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SourceWithdrawal } from '../../domain/source-withdrawal.ts';
import type { WithdrawOutcome } from '../../ports/library-catalog.ts';
import { errorName, sourceKey } from './library-catalog-items.ts';

/**
 * A source's withdrawal in the catalogue (DynamoLibraryCatalog.withdraw): one UpdateItem, conditional
 * on the source having no withdrawal yet, that sets it; a later load adds versions beside it and leaves
 * it in place. The caller checked the library holds the source.
 */
export async function withdrawSource(
  client: DynamoDBDocumentClient,
  tableName: string,
  id: string,
  withdrawal: SourceWithdrawal,
): Promise<WithdrawOutcome> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: sourceKey(id),
        UpdateExpression: 'SET withdrawal = :withdrawal',
        ConditionExpression: 'attribute_exists(#versions) AND attribute_not_exists(withdrawal)',
        ExpressionAttributeNames: { '#versions': 'versions' },
        ExpressionAttributeValues: { ':withdrawal': withdrawal },
      }),
    );
    return { kind: 'withdrawn', withdrawal };
  } catch (error) {
    if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: sourceKey(id),
        ConsistentRead: true,
        ProjectionExpression: 'withdrawal',
      }),
    );
    const existing = Item?.withdrawal as SourceWithdrawal | undefined;
    return existing ? { kind: 'already', withdrawal: existing } : { kind: 'unknown' };
  }
}
