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

/** Keeps the local relay's position between readers; a reader without one starts at the trim horizon. */
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
