import type { DraftRequested } from '../../events/contracts.ts';

/** Where requests for a new draft revision go: the draft-requests queue. */
export interface DraftQueue {
  requestDraft(message: DraftRequested): Promise<void>;
}
