import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain/errors.ts';

/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey as base64url JSON
 * with a checksum, so a hand-edited cursor is a 400, not a surprise query.
 */
type Key = Record<string, string | number>;

const checksum = (payload: string): string =>
  createHash('sha256').update(`vetted-cursor:${payload}`).digest('base64url').slice(0, 12);

export const encodeCursor = (key: Key | undefined): string | undefined => {
  if (!key) return undefined;
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${payload}.${checksum(payload)}`;
};

export const invalidCursor = () =>
  new ValidationError('The cursor is not one this API issued', [
    { path: 'cursor', message: 'invalid or tampered cursor' },
  ]);

export const decodeCursor = (cursor: string | undefined, expectedAttributes: string[]): Key | undefined => {
  if (cursor === undefined) return undefined;
  const [payload, sum, ...rest] = cursor.split('.');
  if (!payload || !sum || rest.length > 0 || checksum(payload) !== sum) throw invalidCursor();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof key !== 'object' || key === null) throw invalidCursor();
  const entries = Object.entries(key);
  const wellFormed =
    entries.length === expectedAttributes.length &&
    entries.every(
      ([name, value]) =>
        expectedAttributes.includes(name) && (typeof value === 'string' || typeof value === 'number'),
    );
  if (!wellFormed) throw invalidCursor();
  return key as Key;
};

/** A cursor of a byStatus index listing (the review queue, reader feedback): it must be of that listing. */
export const byStatusCursor = (statusKey: string, cursor: string | undefined) => {
  const key = decodeCursor(cursor, ['pk', 'sk', 'statusKey', 'statusSince']);
  if (key && key.statusKey !== statusKey) {
    throw new ValidationError('The cursor belongs to another listing', [
      { path: 'cursor', message: 'invalid or tampered cursor' },
    ]);
  }
  return key;
};
