/**
 * How a library source becomes a numbered citation: the one mapping every
 * path uses (the generators, the grounding of a model's draft, an editor's
 * revision), so a clinician sees the same authors, journal, volume, pages,
 * DOI, PMID and AMA reference wherever the source is cited.
 */
import type { Citation } from './draft.ts';
import { MAX_CITATION_AUTHORS } from './reference-fields.ts';
import type { Person, SourceMetadata } from './source.ts';

/**
 * Initials of given names as AMA writes them, without periods or spaces:
 * "John Andrew" → "JA", "J. A." → "JA", "Jean-Pierre" → "JP". A given name
 * already written as initials in capitals ("JA", as PubMed gives them) is kept.
 */
export const amaInitials = (given: string): string =>
  given
    .split(/[\s.-]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\p{Lu}{2,3}$/u.test(part) ? part : part.charAt(0).toLocaleUpperCase()))
    .join('');

/** A person in AMA short form: "Smith JA", or an organisation's name as it is. */
export const amaShortName = (person: Person): string => {
  if ('literal' in person) return person.literal;
  const initials = person.given === undefined ? '' : amaInitials(person.given);
  return initials === '' ? person.family : `${person.family} ${initials}`;
};

/** Citation `n` of a draft, pointing at the library source and showing its metadata. */
export function citationFromSource(n: number, source: SourceMetadata): Citation {
  const { authors, container, volume, issue, pages, doi, pmid, formatted } = source;
  return {
    n,
    title: source.title,
    publisher: source.publisher,
    year: source.year,
    url: source.url,
    ...(authors && authors.length > 0
      ? { authors: authors.slice(0, MAX_CITATION_AUTHORS).map(amaShortName) }
      : {}),
    ...(container !== undefined ? { container } : {}),
    ...(volume !== undefined ? { volume } : {}),
    ...(issue !== undefined ? { issue } : {}),
    ...(pages !== undefined ? { pages } : {}),
    ...(doi !== undefined ? { doi } : {}),
    ...(pmid !== undefined ? { pmid } : {}),
    ...(formatted !== undefined ? { formatted } : {}),
    sourceId: source.id,
  };
}
