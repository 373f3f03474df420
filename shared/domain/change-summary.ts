/**
 * The change summary a regenerated draft proposes, pure: what its claims and
 * citations change against the live version, in words a reviewer can keep or
 * rewrite (and that readers see when nobody rewrites it).
 *
 * Sections are matched by heading and claims by text (case and spacing
 * ignored), citations by library source id, else URL, else title: renumbering
 * or reordering alone is not a change. Citations are named by their source's
 * title. The text is one paragraph of at most CHANGE_SUMMARY_MAX characters,
 * cut at a clause rather than mid-word.
 */
import type { Citation, DraftContent, Section } from './draft.ts';
import { approversOf, CHANGE_SUMMARY_MAX, type RevisionState } from './review.ts';

/** What the proposal says when the claims and citations are the same as the live version's. */
export const NO_CHANGE_SUMMARY =
  'Reviewed again against the current library; no change to the claims or citations.';

type Comparable = Pick<DraftContent, 'sections' | 'citations'>;

const key = (text: string): string => text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Invisible and control characters never reach a summary: titles come from loaded files. */
const clean = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const citationKey = (citation: Citation): string =>
  citation.sourceId !== undefined
    ? `source:${citation.sourceId}`
    : citation.url !== undefined
      ? `url:${citation.url}`
      : `title:${key(citation.title)}`;

const claimDelta = (live: Section, next: Section): { added: number; removed: number } => {
  const liveClaims = new Set(live.claims.map((claim) => key(claim.text)));
  const nextClaims = new Set(next.claims.map((claim) => key(claim.text)));
  return {
    added: [...nextClaims].filter((claim) => !liveClaims.has(claim)).length,
    removed: [...liveClaims].filter((claim) => !nextClaims.has(claim)).length,
  };
};

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const quoted = (titles: readonly string[]): string => titles.map((title) => `"${clean(title)}"`).join(', ');

/** The clauses of the summary, most important first: what sources and sections changed. */
export function changeClauses(live: Comparable, next: Comparable): string[] {
  const liveSections = new Map(live.sections.map((section) => [key(section.heading), section]));
  const nextSections = new Map(next.sections.map((section) => [key(section.heading), section]));
  const added = next.sections.filter((section) => !liveSections.has(key(section.heading)));
  const removed = live.sections.filter((section) => !nextSections.has(key(section.heading)));
  const changed = next.sections.flatMap((section) => {
    const before = liveSections.get(key(section.heading));
    if (!before) return [];
    const delta = claimDelta(before, section);
    if (delta.added === 0 && delta.removed === 0) return [];
    const parts = [
      ...(delta.added > 0 ? [`${count(delta.added, 'claim')} added`] : []),
      ...(delta.removed > 0 ? [`${count(delta.removed, 'claim')} removed`] : []),
    ];
    return [`"${clean(section.heading)}" (${parts.join(', ')})`];
  });

  const liveCitations = new Set(live.citations.map(citationKey));
  const nextCitations = new Set(next.citations.map(citationKey));
  const cited = next.citations.filter((citation) => !liveCitations.has(citationKey(citation)));
  const dropped = live.citations.filter((citation) => !nextCitations.has(citationKey(citation)));

  // Sources first: a changed evidence base is what a reviewer most needs to see, and what a cut loses last.
  return [
    ...(cited.length > 0 ? [`Now cites: ${quoted(cited.map((c) => c.title))}.`] : []),
    ...(dropped.length > 0 ? [`No longer cites: ${quoted(dropped.map((c) => c.title))}.`] : []),
    ...(added.length > 0 ? [`New sections: ${quoted(added.map((s) => s.heading))}.`] : []),
    ...(removed.length > 0 ? [`Removed sections: ${quoted(removed.map((s) => s.heading))}.`] : []),
    ...(changed.length > 0 ? [`Revised sections: ${changed.join('; ')}.`] : []),
  ];
}

/** Cuts a clause that does not fit at its last word boundary, with an ellipsis. */
const cut = (text: string, room: number): string => {
  if (text.length <= room) return text;
  const head = text.slice(0, Math.max(0, room - 1));
  const boundary = head.lastIndexOf(' ');
  return `${(boundary > 0 ? head.slice(0, boundary) : head).replace(/[\s,;:]+$/u, '')}…`;
};

/** The proposed change summary of `next` against the live version `live`: clean text, ≤ CHANGE_SUMMARY_MAX. */
export function proposeChangeSummary(live: Comparable, next: Comparable): string {
  const clauses = changeClauses(live, next);
  if (clauses.length === 0) return NO_CHANGE_SUMMARY;
  let summary = '';
  for (const clause of clauses) {
    const separator = summary === '' ? '' : ' ';
    const room = CHANGE_SUMMARY_MAX - summary.length - separator.length;
    if (room < 20) break;
    summary += separator + cut(clause, room);
    if (clause.length > room) break;
  }
  return summary;
}

/**
 * The revision a live article serves, among a question's revisions before `before`: the newest that
 * was approved and never rejected or sent back (a revision rejected after publication discards only
 * itself; every other revision either stayed in review or was approved and published).
 */
export function liveRevisionOf<R extends RevisionState>(
  revisions: readonly R[],
  before: number,
): R | undefined {
  return revisions
    .filter((revision) => revision.revision < before)
    .sort((a, b) => b.revision - a.revision)
    .find(
      (revision) =>
        approversOf(revision).length > 0 &&
        !revision.decisions.some((d) => d.decision === 'reject' || d.decision === 'request_changes'),
    );
}
