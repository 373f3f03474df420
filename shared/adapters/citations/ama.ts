/**
 * References in AMA style (AMA Manual of Style, 11th edition), rendered by
 * citeproc through @citation-js/plugin-csl with the official CSL style
 * shipped next to this file (american-medical-association.csl, CC BY-SA 3.0,
 * see AMERICAN-MEDICAL-ASSOCIATION-CSL-LICENSE.md).
 */
import { readFile } from 'node:fs/promises';
import type { SourceMetadata } from '../../domain/source.ts';
import { type CitationJs, loadCitationJs } from './citation-js.ts';

const TEMPLATE = 'american-medical-association';

let registering: Promise<CitationJs> | undefined;

/** citation-js with the AMA style registered as a template, once per process. */
const citationJsWithAma = (): Promise<CitationJs> => {
  registering ??= (async () => {
    const citationJs = await loadCitationJs();
    const styles = citationJs.plugins.config.get('@csl').styles;
    if (!styles.has(TEMPLATE)) {
      styles.add(TEMPLATE, await readFile(new URL(`./${TEMPLATE}.csl`, import.meta.url), 'utf8'));
    }
    return citationJs;
  })();
  return registering;
};

/**
 * citeproc reads a given name written as capitals ("JA", as PubMed and many
 * exports give initials) as one name and prints "J"; spaced, it prints "JA".
 */
const spacedInitials = (given: string): string =>
  given.replace(/(?<!\S)\p{Lu}{2,3}(?!\S)/gu, (initials) => [...initials].join(' '));

/**
 * The CSL item citeproc renders. A source keeps no CSL type, so it is
 * inferred: with a journal (container) it is a journal article, otherwise a
 * report issued by its publisher (a guideline), which AMA renders as
 * "Body. Title. Publisher; Year. URL".
 */
const cslItem = (source: SourceMetadata) => ({
  id: source.id,
  type: source.container === undefined ? 'report' : 'article-journal',
  title: source.title,
  ...(source.authors
    ? {
        author: source.authors.map((person) =>
          'literal' in person
            ? person
            : { family: person.family, ...(person.given ? { given: spacedInitials(person.given) } : {}) },
        ),
      }
    : {}),
  issued: { 'date-parts': [[source.year]] },
  ...(source.container === undefined
    ? { publisher: source.publisher }
    : { 'container-title': source.container }),
  ...(source.volume !== undefined ? { volume: source.volume } : {}),
  ...(source.issue !== undefined ? { issue: source.issue } : {}),
  ...(source.pages !== undefined ? { page: source.pages } : {}),
  ...(source.doi !== undefined ? { DOI: source.doi } : {}),
  URL: source.url,
});

/** citeproc numbers AMA entries ("1. Smith JA…"); a reference here stands alone. */
const withoutNumber = (entry: string) => entry.replace(/^\s*\d+\.\s*/, '').trim();

/** Each source's AMA reference as plain text, without the leading number, by source id. */
export async function formatAma(sources: readonly SourceMetadata[]): Promise<Map<string, string>> {
  if (sources.length === 0) return new Map();
  const { Cite } = await citationJsWithAma();
  const cite = await Cite.async(sources.map(cslItem));
  const entries = cite.format('bibliography', {
    format: 'text',
    template: TEMPLATE,
    lang: 'en-US',
    asEntryArray: true,
  });
  return new Map(entries.map(([id, entry]) => [id, withoutNumber(entry)]));
}
