/**
 * The generation budget as one counter item per UTC day in the questions table (`BUDGET#<day>`):
 * a reservation is one conditional UpdateItem (the limits are the condition, so concurrent workers
 * never overspend together), a settlement one unconditional ADD of the difference. The item
 * expires a week after its day.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type BudgetLimits,
  budgetDay,
  budgetResetsAt,
  reservationCeiling,
} from '../../domain/generation-budget.ts';
import type { BudgetReservation, GenerationBudget } from '../../ports/generation-budget.ts';

const KEEP_SECONDS = 7 * 24 * 3600;

export const budgetKey = (day: string) => ({ pk: `BUDGET#${day}`, sk: 'BUDGET' });

export class DynamoGenerationBudget implements GenerationBudget {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly limits: BudgetLimits,
  ) {}

  async reserve(now: Date, tokens: number): Promise<BudgetReservation> {
    const day = budgetDay(now);
    const refused = { granted: false, resetsAt: budgetResetsAt(now).toISOString() } as const;
    const ceiling = reservationCeiling(this.limits, tokens);
    if (!ceiling) return refused;
    const conditions: string[] = [];
    const values: Record<string, unknown> = {
      ':one': 1,
      ':tokens': tokens,
      ':zero': 0,
      ':expiresAt': Math.floor(budgetResetsAt(now).getTime() / 1000) + KEEP_SECONDS,
    };
    if (ceiling.maxCallsBefore !== undefined) {
      conditions.push('(attribute_not_exists(calls) OR calls <= :maxCalls)');
      values[':maxCalls'] = ceiling.maxCallsBefore;
    }
    if (ceiling.maxTokensBefore !== undefined) {
      conditions.push('(attribute_not_exists(tokens) OR tokens <= :maxTokens)');
      values[':maxTokens'] = ceiling.maxTokensBefore;
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: budgetKey(day),
          UpdateExpression:
            'SET calls = if_not_exists(calls, :zero) + :one, tokens = if_not_exists(tokens, :zero) + :tokens, ' +
            'entity = :entity, expiresAt = :expiresAt',
          ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
          ExpressionAttributeValues: { ...values, ':entity': 'budget' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return {
        granted: true,
        day,
        tokens,
        usage: { calls: Number(Attributes?.calls ?? 0), tokens: Number(Attributes?.tokens ?? 0) },
      };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return refused;
      throw error;
    }
  }

  async settle(
    reservation: Extract<BudgetReservation, { granted: true }>,
    usedTokens: number,
  ): Promise<void> {
    const difference = Math.max(0, Math.round(usedTokens)) - reservation.tokens;
    if (difference === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: budgetKey(reservation.day),
        UpdateExpression: 'ADD tokens :difference',
        ExpressionAttributeValues: { ':difference': difference },
      }),
    );
  }
}
