/**
 * Ties a model's draft to the numbered sources it was given: citations are
 * mapped back to library `sourceId`s (title, publisher, year, url, authors,
 * journal, DOI, PMID and AMA reference from the library, never the model's),
 * a claim citing anything else loses that citation, a claim left with none
 * is dropped, and numbers are reassigned 1..k in order of first use. A version left without claims is an error the
 * repair round quotes.
 */
import { citationFromSource } from '../../domain/citation.ts';
import type { Claim, DraftContent, Section } from '../../domain/draft.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { GroundingSource } from '../../ports/draft-generator.ts';

const INLINE_REFERENCE = /\s*\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;

export function groundInSources(
  draft: DraftContent,
  sources: readonly GroundingSource[],
): { draft: DraftContent } | { errors: FieldError[] } {
  const bySourceId = new Map(sources.map((source) => [source.sourceId, source]));
  // The model's citation number → the library source it names (only listed sources count).
  const resolved = new Map<number, GroundingSource>();
  for (const citation of draft.citations) {
    const source = citation.sourceId === undefined ? undefined : bySourceId.get(citation.sourceId);
    if (source) resolved.set(citation.n, source);
  }
  const numbers = new Map<string, number>();
  const numberOf = (source: GroundingSource) => {
    const existing = numbers.get(source.sourceId);
    if (existing !== undefined) return existing;
    numbers.set(source.sourceId, numbers.size + 1);
    return numbers.size;
  };
  const renumberProse = (prose: string) =>
    prose
      .replace(INLINE_REFERENCE, (_match, list: string) => {
        const kept = list
          .split(/[,–-]/)
          .map((part) => resolved.get(Number(part.trim())))
          .filter((source): source is GroundingSource => source !== undefined)
          .map(numberOf);
        return kept.length > 0 ? ` [${[...new Set(kept)].join(', ')}]` : '';
      })
      .trim();
  const groundSections = (sections: Section[]): Section[] =>
    sections
      .map((section) => ({
        heading: section.heading,
        claims: section.claims
          .map((claim): Claim | undefined => {
            const cited = claim.citations
              .map((n) => resolved.get(n))
              .filter((source): source is GroundingSource => source !== undefined);
            if (cited.length === 0) return undefined;
            return { text: renumberProse(claim.text), citations: [...new Set(cited.map(numberOf))] };
          })
          .filter((claim): claim is Claim => claim !== undefined && claim.text.length > 0),
      }))
      .filter((section) => section.claims.length > 0);

  const sections = groundSections(draft.sections);
  const patientSections = groundSections(draft.patient.sections);
  const errors: FieldError[] = [];
  const message = `no claim cites one of the numbered sources (${sources.map((s) => s.sourceId).join(', ')}); cite only those, by sourceId`;
  if (sections.length === 0) errors.push({ path: 'sections', message });
  if (patientSections.length === 0) errors.push({ path: 'patient.sections', message });
  if (errors.length > 0) return { errors };

  const bottomLine = renumberProse(draft.bottomLine) || draft.bottomLine;
  const patientBottomLine = renumberProse(draft.patient.bottomLine) || draft.patient.bottomLine;
  const citations = [...numbers.entries()].map(([sourceId, n]) => {
    const {
      n: _given,
      sourceId: _id,
      passages: _passages,
      ...metadata
    } = bySourceId.get(sourceId) as GroundingSource;
    return citationFromSource(n, { ...metadata, id: sourceId });
  });
  return {
    draft: {
      ...draft,
      bottomLine,
      sections,
      citations,
      patient: { bottomLine: patientBottomLine, sections: patientSections },
    },
  };
}
