import { DRAFT_FLAGS, type DraftContent } from './draft.ts';
import type { FieldError } from './errors.ts';

/**
 * The publish gate: why a draft may not be approved or published, empty when
 * it is *supported*. A supported draft has at least one claim, every claim
 * (clinician and patient) cites at least one existing citation, every
 * citation resolves to a source in the reference library (`sourceId` in
 * `librarySourceIds`) or is an external reference with a title, a publisher
 * or journal, a year and an `https` URL, and the draft is not flagged
 * `no_relevant_sources`. The review API (422), the publisher (refusal) and
 * the asker's pending answer all use this one predicate. A withdrawn source
 * is not in `librarySourceIds` (nothing new may cite it); naming it in
 * `withdrawn` says so rather than "not in the library".
 */
export function supportProblems(
  draft: DraftContent,
  librarySourceIds: ReadonlySet<string>,
  withdrawn: ReadonlyMap<string, { reason: string }> = new Map(),
): FieldError[] {
  const errors: FieldError[] = [];
  if (draft.flags?.includes(DRAFT_FLAGS.noRelevantSources)) {
    errors.push({
      path: 'flags',
      message: 'the draft is flagged no_relevant_sources: nothing in the library supports it',
    });
  }
  const numbers = new Set(draft.citations.map((citation) => citation.n));
  draft.citations.forEach((citation, index) => {
    const path = `citations.${index}`;
    if (citation.sourceId !== undefined) {
      const withdrawal = withdrawn.get(citation.sourceId);
      if (withdrawal && !librarySourceIds.has(citation.sourceId)) {
        errors.push({
          path: `${path}.sourceId`,
          message: `citation [${citation.n}] names source "${citation.sourceId}", which was withdrawn from the library: ${withdrawal.reason}`,
        });
      } else if (!librarySourceIds.has(citation.sourceId)) {
        errors.push({
          path: `${path}.sourceId`,
          message: `citation [${citation.n}] names source "${citation.sourceId}", which is not in the reference library`,
        });
      }
      return;
    }
    const missing: string[] = [];
    if (citation.publisher === undefined) missing.push('a publisher or journal');
    if (citation.year === undefined) missing.push('a year');
    if (citation.url === undefined || !citation.url.startsWith('https://')) missing.push('an https url');
    if (missing.length > 0) {
      errors.push({
        path,
        message: `citation [${citation.n}] is neither a library source nor an external reference with ${missing.join(', ')}`,
      });
    }
  });
  const checkVersion = (version: Pick<DraftContent, 'sections'>, prefix: string) => {
    let claims = 0;
    version.sections.forEach((section, s) => {
      section.claims.forEach((claim, c) => {
        claims++;
        const path = `${prefix}sections.${s}.claims.${c}`;
        if (claim.citations.length === 0) {
          errors.push({ path: `${path}.citations`, message: `claim ${claims} has no citation` });
        }
        for (const n of claim.citations) {
          if (!numbers.has(n))
            errors.push({
              path: `${path}.citations`,
              message: `claim ${claims} cites [${n}], which does not exist`,
            });
        }
      });
    });
    if (claims === 0) errors.push({ path: `${prefix}sections`, message: 'the draft has no claim' });
  };
  checkVersion(draft, '');
  checkVersion(draft.patient, 'patient.');
  return errors;
}

export const isSupported = (draft: DraftContent, librarySourceIds: ReadonlySet<string>): boolean =>
  supportProblems(draft, librarySourceIds).length === 0;
