import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SourceMetadata } from '../../domain/source.ts';
import type { SourceWithdrawal } from '../../domain/source-withdrawal.ts';
import type {
  CatalogWriteResult,
  LibraryCatalogWriter,
  LibraryPointer,
  ResolvedSources,
  SourceWithdrawals,
  WithdrawOutcome,
} from '../../ports/library-catalog.ts';
import {
  BATCH_GET_KEYS,
  backoff,
  errorName,
  idOfKey,
  isThrottling,
  MAX_ATTEMPTS,
  MAX_REMOVALS,
  newestCommitted,
  POINTER_KEY,
  prunableVersions,
  type StoredVersion,
  sourceKey,
  toPointer,
  type Versions,
  WRITE_CONCURRENCY,
  type WriteMode,
} from './library-catalog-items.ts';
import { withdrawSource } from './library-catalog-withdrawal.ts';

/**
 * The reference library's catalogue in the sources table:
 *
 *   LIBRARY     POINTER   loads (committed load ids, oldest first), indexVersion, sourceCount, committedAt
 *   SRC#<id>    META      entity 'source', id, versions: { <loadId>: { writtenAt, metadata } },
 *                         withdrawal? { reason, supersededBy?, at, by }
 *
 * A load adds its version of each source (`SET versions.#load`) and becomes
 * visible only when commit appends its id to the pointer, so a load that
 * fails half-way leaves versions of an uncommitted load id that readers
 * ignore. A cited id resolves to its version of the newest committed load.
 *
 * Each item stays bounded: writing a version prunes the item's versions
 * that no reader can need any more, namely committed versions older than
 * the item's newest committed one, and uncommitted versions (of other
 * loads) written more than STALE_UNCOMMITTED_MS ago: a load still running
 * after a day is taken to have failed. An item so holds at most its newest
 * committed version, the load being written, and the versions of loads
 * written in the last day.
 */
export class DynamoLibraryCatalog implements LibraryCatalogWriter, SourceWithdrawals {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async pointer(): Promise<LibraryPointer> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: POINTER_KEY, ConsistentRead: true }),
    );
    return toPointer(Item);
  }

  /**
   * One consistent BatchGetItem of the pointer and the cited ids' META items
   * (more only for over 99 distinct ids, or to retry keys DynamoDB left
   * unprocessed under throttling), projected on the key, the loads and the
   * versions.
   */
  async resolve(ids: readonly string[]): Promise<ReadonlyMap<string, SourceMetadata>> {
    return (await this.resolveWithWithdrawals(ids)).sources;
  }

  /** `resolve`'s one read, with the withdrawn sources (left out of `sources`) and their withdrawal. */
  async resolveWithWithdrawals(ids: readonly string[]): Promise<ResolvedSources> {
    const distinct = [...new Set(ids)];
    const resolved = new Map<string, SourceMetadata>();
    const withdrawn = new Map<string, SourceWithdrawal>();
    if (distinct.length === 0) return { sources: resolved, withdrawn };
    const chunks: Record<string, string>[][] = [];
    const keys: Record<string, string>[] = [POINTER_KEY, ...distinct.map(sourceKey)];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
      chunks.push(keys.slice(start, start + BATCH_GET_KEYS));
    }
    const items = (await Promise.all(chunks.map((chunk) => this.batchGet(chunk)))).flat();
    const pointer = items.find((item) => item.pk === POINTER_KEY.pk);
    const loads = toPointer(pointer).loads;
    for (const item of items) {
      if (item.pk === POINTER_KEY.pk) continue;
      const newest = newestCommitted(item.versions as Versions | undefined, loads);
      if (!newest) continue;
      const withdrawal = item.withdrawal as SourceWithdrawal | undefined;
      if (withdrawal) withdrawn.set(idOfKey(item.pk as string), withdrawal);
      else resolved.set(idOfKey(item.pk as string), newest.version.metadata);
    }
    return { sources: resolved, withdrawn };
  }

  /**
   * One UpdateItem, conditional on the source having no withdrawal yet, that sets it; a later load
   * adds versions beside it and leaves it in place. The caller checked the library holds the source.
   */
  async withdraw(id: string, withdrawal: SourceWithdrawal): Promise<WithdrawOutcome> {
    return withdrawSource(this.client, this.tableName, id, withdrawal);
  }

  private async batchGet(keys: Record<string, string>[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error('DynamoDB kept leaving library catalogue keys unprocessed');
      if (attempt > 0) await backoff(attempt);
      const result = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: 'pk, #loads, #versions, withdrawal',
              ExpressionAttributeNames: { '#loads': 'loads', '#versions': 'versions' },
            },
          },
        }),
      );
      items.push(...(result.Responses?.[this.tableName] ?? []));
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return items;
  }

  /**
   * One UpdateItem per source (32 in flight), which adds this load's version
   * without touching the others, so concurrent loads never lose each other's
   * versions (a BatchWriteItem could only replace whole items). When the item
   * holds the newest committed load's version, the same request removes the
   * older committed ones; otherwise, or when it held day-old uncommitted
   * versions, one more UpdateItem removes what the rules above prune.
   */
  async write(
    loadId: string,
    metadata: readonly SourceMetadata[],
    onProgress: (written: number) => void = () => undefined,
  ): Promise<CatalogWriteResult> {
    const { loads } = await this.pointer();
    const committed = new Set(loads);
    const writtenAt = this.now().toISOString();
    // A first load finds no items; a later one mostly finds items holding the newest committed version.
    // Each source starts with the way that worked for the one before.
    let mode: WriteMode = loads.length === 0 ? 'create' : 'supersede';
    let next = 0;
    let written = 0;
    let added = 0;
    const writeOne = async (source: SourceMetadata) => {
      const version: StoredVersion = { writtenAt, metadata: source };
      const outcome = await this.writeVersion(source.id, loadId, version, loads, mode);
      mode = outcome.mode;
      const before = outcome.previous;
      if (!before || !Object.keys(before).some((id) => committed.has(id))) added++;
      if (before) {
        const after = { ...before, [loadId]: version };
        for (const removed of outcome.removed) delete after[removed];
        const prunable = prunableVersions(after, loadId, loads, this.now().getTime());
        if (prunable.length > 0) await this.removeVersions(source.id, prunable);
      }
    };
    const worker = async () => {
      while (next < metadata.length) {
        const source = metadata[next++] as SourceMetadata;
        await writeOne(source);
        written++;
        if (written % 25 === 0 || written === metadata.length) onProgress(written);
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, metadata.length) }, worker));
    return { written, added };
  }

  /**
   * Adds the version in one of three ways, each conditional on what the item
   * holds, and tries the next way when the condition fails: `supersede` (the
   * item holds the newest committed version: older committed ones go in the
   * same request), `add` (the item exists), `create` (it does not). Returns
   * the versions the item held before, and those it removed.
   */
  private async writeVersion(
    id: string,
    loadId: string,
    version: StoredVersion,
    loads: readonly string[],
    firstMode: WriteMode,
  ): Promise<{ mode: WriteMode; previous: Versions | undefined; removed: readonly string[] }> {
    const newest = loads.at(-1);
    const superseded = loads.slice(0, -1).filter((id) => id !== loadId);
    const canSupersede = newest !== undefined && newest !== loadId && superseded.length <= MAX_REMOVALS;
    let mode: WriteMode = firstMode === 'supersede' && !canSupersede ? 'add' : firstMode;
    for (let attempt = 0; ; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`Could not write the catalogue entry of ${id}`);
      try {
        if (mode === 'create') {
          await this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: sourceKey(id),
              UpdateExpression: 'SET entity = :entity, #id = :id, #versions = :versions',
              ConditionExpression: 'attribute_not_exists(#versions)',
              ExpressionAttributeNames: { '#id': 'id', '#versions': 'versions' },
              ExpressionAttributeValues: {
                ':entity': 'source',
                ':id': id,
                ':versions': { [loadId]: version },
              },
            }),
          );
          return { mode, previous: undefined, removed: [] };
        }
        const removed = mode === 'supersede' ? superseded : [];
        const removals = removed.map((_, index) => `#versions.#old${index}`);
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: sourceKey(id),
            UpdateExpression: `SET #versions.#load = :version${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
            ConditionExpression:
              mode === 'supersede' ? 'attribute_exists(#versions.#newest)' : 'attribute_exists(#versions)',
            ExpressionAttributeNames: {
              '#versions': 'versions',
              '#load': loadId,
              ...(mode === 'supersede' ? { '#newest': newest as string } : {}),
              ...Object.fromEntries(removed.map((old, index) => [`#old${index}`, old])),
            },
            ExpressionAttributeValues: { ':version': version },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return { mode, previous: (Attributes?.versions as Versions | undefined) ?? {}, removed };
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') {
          // supersede → add (no newest version) → create (no item) → add (created meanwhile).
          mode = mode === 'supersede' ? 'add' : mode === 'add' ? 'create' : 'add';
        } else if (isThrottling(error)) await backoff(attempt);
        else throw error;
      }
    }
  }

  private async removeVersions(id: string, loadIds: readonly string[]): Promise<void> {
    const names = Object.fromEntries(loadIds.map((loadId, index) => [`#v${index}`, loadId]));
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: sourceKey(id),
        UpdateExpression: `REMOVE ${loadIds.map((_, index) => `#versions.#v${index}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(#versions)',
        ExpressionAttributeNames: { '#versions': 'versions', ...names },
      }),
    );
  }

  /** One UpdateItem: appends the load and sets the index version readers use, atomically. */
  async commit(loadId: string, commit: { indexVersion: string; sourceCount: number }): Promise<void> {
    const committing = this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: POINTER_KEY,
        UpdateExpression:
          'SET #loads = list_append(if_not_exists(#loads, :none), :load), indexVersion = :indexVersion, sourceCount = :sourceCount, committedAt = :at',
        ConditionExpression: 'attribute_not_exists(#loads) OR NOT contains(#loads, :loadId)',
        ExpressionAttributeNames: { '#loads': 'loads' },
        ExpressionAttributeValues: {
          ':none': [],
          ':load': [loadId],
          ':loadId': loadId,
          ':indexVersion': commit.indexVersion,
          ':sourceCount': commit.sourceCount,
          ':at': this.now().toISOString(),
        },
      }),
    );
    // Committed already (a retried commit): nothing to do.
    await committing.catch((error: unknown) => {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
    });
  }
}
