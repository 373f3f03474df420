import { buildApp } from 'fauxqs';

export interface SqsEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the fauxqs SQS emulator in-process on 127.0.0.1. fauxqs's own
 * `startFauxqs` listens on every interface, so this builds its app and
 * listens on loopback only. Messages live in memory: after a restart the
 * outbox relay replays the outbox's stream from its trim horizon, so what was
 * in flight is sent again (consumers are idempotent).
 */
export const startSqsEmulator = async (port = 0): Promise<SqsEmulator> => {
  const app = buildApp({ logger: false });
  const address = await app.listen({ port, host: '127.0.0.1' });
  const actualPort = Number(new URL(address).port);
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    stop: async () => {
      await app.close();
    },
  };
};
