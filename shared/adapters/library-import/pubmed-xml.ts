/**
 * PubMed/MEDLINE XML (`PubmedArticleSet`, what PubMed's "Send to: File,
 * XML" and E-utilities efetch write), mapped to CSL-JSON here:
 * @citation-js/plugin-pubmed only fetches records over the network.
 * Titles and abstracts keep their inline markup out (<i>, <sup>); a
 * structured abstract keeps its labels as "## BACKGROUND" headings.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Person } from '../../domain/source.ts';
import { type CslRecord, type PositionedRecord, sourcesFromRecords, unreadableFile } from './records.ts';

type Node = Record<string, unknown>;

const LISTS = new Set(['PubmedArticle', 'Author', 'AbstractText', 'ArticleId', 'ELocationID']);
// Mixed content (text with <i>, <sup>…) is kept as raw XML and flattened to text below.
const MIXED = ['ArticleTitle', 'AbstractText', 'CollectiveName'];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => LISTS.has(name),
  stopNodes: MIXED.map((name) => `*.${name}`),
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Inner XML as plain text: tags dropped, entities decoded, whitespace collapsed. */
const plainText = (xml: string): string =>
  xml
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();

const textOf = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return plainText(value) || undefined;
  if (typeof value === 'object') return textOf((value as Node)['#text']);
  return String(value);
};

const asNode = (value: unknown): Node => (typeof value === 'object' && value !== null ? (value as Node) : {});
const asList = (value: unknown): Node[] => (Array.isArray(value) ? value.map(asNode) : []);
/** An element without attributes comes back as its text, one with them as a node. */
const textNodes = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** "## BACKGROUND" headings for a structured abstract's labelled parts, plain paragraphs otherwise. */
const abstractOf = (article: Node): string | undefined => {
  const parts = textNodes(asNode(article.Abstract).AbstractText)
    .map((part) => {
      const text = textOf(part);
      const label = textOf(asNode(part)['@Label']);
      if (text === undefined) return undefined;
      return label === undefined ? text : `## ${label.toUpperCase()}\n\n${text}`;
    })
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
};

const authorsOf = (article: Node): Person[] =>
  asList(asNode(article.AuthorList).Author).flatMap((author): Person[] => {
    const collective = textOf(author.CollectiveName);
    if (collective !== undefined) return [{ literal: collective }];
    const family = textOf(author.LastName);
    if (family === undefined) return [];
    // ForeName "John A"; older records give only Initials "JA", spaced so each reads as one.
    const given = textOf(author.ForeName) ?? textOf(author.Initials)?.split('').join(' ');
    return [given === undefined ? { family } : { family, given }];
  });

const yearOf = (article: Node): string | undefined => {
  const pubDate = asNode(asNode(asNode(article.Journal).JournalIssue).PubDate);
  const electronic = asNode(article.ArticleDate);
  return (
    textOf(pubDate.Year) ?? /\d{4}/.exec(textOf(pubDate.MedlineDate) ?? '')?.[0] ?? textOf(electronic.Year)
  );
};

const pagesOf = (article: Node): string | undefined => {
  const pagination = asNode(article.Pagination);
  const medline = textOf(pagination.MedlinePgn);
  if (medline !== undefined) return medline;
  const [start, end] = [textOf(pagination.StartPage), textOf(pagination.EndPage)];
  return start === undefined ? undefined : end === undefined ? start : `${start}-${end}`;
};

const doiOf = (article: Node, pubmedData: Node): string | undefined => {
  const byType = (ids: Node[], attribute: string) =>
    textOf(ids.find((id) => textOf(id[attribute])?.toLowerCase() === 'doi'));
  return (
    byType(asList(article.ELocationID), '@EIdType') ??
    byType(asList(asNode(pubmedData.ArticleIdList).ArticleId), '@IdType')
  );
};

function cslOf(pubmedArticle: Node): CslRecord {
  const citation = asNode(pubmedArticle.MedlineCitation);
  const article = asNode(citation.Article);
  const journal = asNode(article.Journal);
  const issue = asNode(journal.JournalIssue);
  const pmid = textOf(citation.PMID);
  const year = yearOf(article);
  return {
    type: 'article-journal',
    title: textOf(article.ArticleTitle)?.replace(/\.$/, ''),
    author: authorsOf(article),
    'container-title': textOf(journal.Title),
    'container-title-short': textOf(journal.ISOAbbreviation),
    volume: textOf(issue.Volume),
    issue: textOf(issue.Issue),
    page: pagesOf(article),
    issued: year === undefined ? undefined : { 'date-parts': [[Number(year)]] },
    DOI: doiOf(article, asNode(pubmedArticle.PubmedData)),
    PMID: pmid,
    abstract: abstractOf(article),
  };
}

export function parsePubmedXml(content: string): ReturnType<typeof sourcesFromRecords> {
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    throw unreadableFile('PubMed XML', `line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  const set = asNode(parser.parse(content)).PubmedArticleSet;
  if (set === undefined) throw unreadableFile('PubMed XML', 'the root element is not <PubmedArticleSet>');
  const articles = asList(asNode(set).PubmedArticle);
  if (articles.length === 0)
    throw unreadableFile('PubMed XML', 'no <PubmedArticle> in the <PubmedArticleSet>');
  const records: PositionedRecord[] = articles.map((article, index) => ({
    position: `record ${index + 1}`,
    record: cslOf(article),
  }));
  return sourcesFromRecords(records);
}
