/**
 * Private links stay private, pure. A question's id is its asker's private link (the status view
 * and `…/answer`). When someone asks a question already asked (case and punctuation aside), the
 * drafting work is shared, but the new asker gets a handle of their own: a new unguessable id that
 * resolves to the shared question. So knowing the text of a question never yields someone else's
 * link, and asking it again answers `202` like any first ask.
 *
 * Through a handle, the asker sees the question as they asked it (their text, audience and
 * follow-up, their own time of asking) and its progress from then on: not the first asker's text,
 * id, or how long ago someone else asked it. The status itself is shared: that is the work shared.
 */
import type { Audience, Question, TimelineEntry } from './question.ts';

export interface AskerHandle {
  /** The asker's id: in their `Location`, `answerUrl` and status view. */
  id: string;
  /** The shared question it resolves to. */
  questionId: string;
  /** Verbatim as this asker asked it. */
  question: string;
  audience: Audience;
  followUpOf?: string;
  createdAt: string;
}

/**
 * The question as the holder of `handle` sees it: their id, text, audience and follow-up, created
 * when they asked, and a timeline that starts then (the shared question's later entries, or its
 * current status as of then). Without a handle, the question's own asker: unchanged.
 */
export const asSeenBy = (question: Question, handle?: AskerHandle): Question => {
  if (!handle) return question;
  const later = question.timeline.filter((entry) => entry.at > handle.createdAt);
  const timeline: TimelineEntry[] = [{ status: 'submitted', at: handle.createdAt }];
  // Already past `submitted` when they asked: they see where it stood, as of their asking.
  if (later.length === 0 && question.status !== 'submitted') {
    timeline.push({ status: question.status, at: handle.createdAt });
  }
  timeline.push(...later);
  const { followUpOf: _theirs, ...shared } = question;
  return {
    ...shared,
    id: handle.id,
    question: handle.question,
    audience: handle.audience,
    ...(handle.followUpOf ? { followUpOf: handle.followUpOf } : {}),
    timeline,
    createdAt: handle.createdAt,
    updatedAt: new Date(Math.max(Date.parse(question.updatedAt), Date.parse(handle.createdAt))).toISOString(),
  };
};
