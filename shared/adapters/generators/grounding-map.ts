/**
 * Ties a model's draft to the numbered sources it was given: citations are
 * mapped back to library `sourceId`s (title, publisher, year, url, authors,
 * journal, DOI, PMID and AMA reference from the library, never the model's),
 * a claim citing anything else loses that citation, a claim left with none
 * is dropped, and numbers are reassigned 1..k in order of first use. A version left without claims is an error the
 * repair round quotes.
 *
 * The model's input holds user text, so its output is not trusted to stay on the passages: a claim
 * naming a web address the library does not hold, or not supported by the passages it cites
 * (shared/domain/claim-support.ts), is dropped like an uncited one. A bottom line cannot be
 * dropped: one that fails the same checks (against every passage given) is an error, and so is a
 * heading with a foreign address; a suggested question with one is dropped.
 */
import { citationFromSource } from '../../domain/citation.ts';
import { type DraftVersion, foreignAddresses, isSupportedBy } from '../../domain/claim-support.ts';
import type { Claim, DraftContent, Section } from '../../domain/draft.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { GroundingSource } from '../../ports/draft-generator.ts';

const INLINE_REFERENCE = /\s*\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;

/**
 * The prompt escapes its data (prompt.ts `asPromptData`); a model copying a passage may echo the
 * entities, which readers must see as the characters.
 */
const unescapeEntities = (text: string): string =>
  text.replace(/&(lt|gt|amp|quot);/gu, (_match, name: string) => ENTITIES[name as keyof typeof ENTITIES]);
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' } as const;

/** The words a claim's support is judged on: its prose without the citation markers. */
const prose = (text: string) => text.replace(INLINE_REFERENCE, ' ');
const passagesOf = (source: GroundingSource) => [source.title, ...source.passages];

export function groundInSources(
  draft: DraftContent,
  sources: readonly GroundingSource[],
): { draft: DraftContent } | { errors: FieldError[] } {
  const bySourceId = new Map(sources.map((source) => [source.sourceId, source]));
  const held = sources.flatMap((source) => (source.url ? [source.url] : []));
  const everyPassage = sources.flatMap(passagesOf);
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
  const groundSections = (sections: Section[], version: DraftVersion): Section[] =>
    sections
      .map((section) => ({
        heading: unescapeEntities(section.heading),
        claims: section.claims
          .map((claim): Claim | undefined => {
            const cited = claim.citations
              .map((n) => resolved.get(n))
              .filter((source): source is GroundingSource => source !== undefined);
            if (cited.length === 0) return undefined;
            const text = unescapeEntities(claim.text);
            if (!isSupportedBy(prose(text), cited.flatMap(passagesOf), held, version)) return undefined;
            return { text: renumberProse(text), citations: [...new Set(cited.map(numberOf))] };
          })
          .filter((claim): claim is Claim => claim !== undefined && claim.text.length > 0),
      }))
      .filter((section) => section.claims.length > 0);

  const sections = groundSections(draft.sections, 'clinician');
  const patientSections = groundSections(draft.patient.sections, 'patient');
  const errors: FieldError[] = [];
  const message =
    `no claim cites one of the numbered sources (${sources.map((s) => s.sourceId).join(', ')}) and ` +
    'restates what its passages say; cite only those, by sourceId, and write no web address';
  if (sections.length === 0) errors.push({ path: 'sections', message });
  if (patientSections.length === 0) errors.push({ path: 'patient.sections', message });
  const bottomLines = [
    ['bottomLine', draft.bottomLine, 'clinician'],
    ['patient.bottomLine', draft.patient.bottomLine, 'patient'],
  ] as const;
  for (const [path, text, version] of bottomLines) {
    if (!isSupportedBy(prose(unescapeEntities(text)), everyPassage, held, version)) {
      errors.push({ path, message: 'must say what the numbered sources say, with no web address' });
    }
  }
  for (const [path, version] of [
    ['sections', sections],
    ['patient.sections', patientSections],
  ] as const) {
    version.forEach((section, index) => {
      if (foreignAddresses(section.heading, held).length > 0) {
        errors.push({ path: `${path}.${index}.heading`, message: 'must not contain a web address' });
      }
    });
  }
  if (errors.length > 0) return { errors };

  const bottomLine = renumberProse(unescapeEntities(draft.bottomLine)) || draft.bottomLine;
  const patientBottomLine =
    renumberProse(unescapeEntities(draft.patient.bottomLine)) || draft.patient.bottomLine;
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
      suggestedQuestions: draft.suggestedQuestions
        .map(unescapeEntities)
        .filter((suggestion) => foreignAddresses(suggestion, held).length === 0),
    },
  };
}
