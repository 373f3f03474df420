import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Where the relay is in one shard: after a delivered record, or at a record still to deliver. */
export interface ShardPosition {
  sequenceNumber?: string;
  /** `at`: the record was not delivered yet (a failed put), so reading starts with it. */
  at?: boolean;
  /** The shard is closed and every record of it was delivered. */
  done?: boolean;
}

export interface StreamPositions {
  streamArn: string;
  shards: Record<string, ShardPosition>;
}

/** Keeps the local relay's position across restarts; without one, a restart replays from the trim horizon. */
export interface PositionStore {
  load(): StreamPositions | undefined;
  save(positions: StreamPositions): void;
}

export const memoryPositions = (): PositionStore => {
  let kept: StreamPositions | undefined;
  return {
    load: () => (kept ? structuredClone(kept) : undefined),
    save: (positions) => {
      kept = structuredClone(positions);
    },
  };
};

/** A small JSON file in the data directory, replaced in one step (a crash leaves the old or the new one). */
export const filePositions = (path: string): PositionStore => ({
  load: () => {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as StreamPositions;
    } catch {
      return undefined;
    }
  },
  save: (positions) => {
    writeFileSync(`${path}.tmp`, JSON.stringify(positions));
    renameSync(`${path}.tmp`, path);
  },
});
