/**
 * Lambda's containers for one function, locally: an event goes to an idle
 * container, or to a new one when all are busy, and a container handles one
 * event at a time. Handlers may keep per-invocation state on their instance
 * (the logger's correlation id, the metrics buffer), as they may in Lambda.
 */
export const containerPool = <H>(create: () => H) => {
  const idle: H[] = [];
  let containers = 0;
  return {
    async invoke<R>(use: (handler: H) => Promise<R>): Promise<R> {
      let handler = idle.pop();
      if (handler === undefined) {
        handler = create();
        containers += 1;
      }
      try {
        return await use(handler);
      } finally {
        idle.push(handler);
      }
    },
    /** How many containers were started: the most events that ran at once. */
    get containers() {
      return containers;
    },
  };
};
