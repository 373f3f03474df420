/**
 * The shape of every event and queue message (`{ id, type, version, occurredAt, subject, data }`).
 * Its schemas, one per event type and version, are the contracts in events/.
 */
export interface Envelope<Data = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  subject: string;
  data: Data;
}
