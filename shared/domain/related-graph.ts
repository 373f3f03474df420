/**
 * The related-question graph, pure: which articles a newly published one is
 * similar to, and a bounded breadth-first walk over the links stored on
 * live articles (article-links.ts).
 *
 * Edge kinds:
 * - `similar`: the cosine of two articles' TF-IDF vectors over question,
 *   title, bottom line and headings, at least MIN_SIMILARITY (nothing weaker
 *   is padded in); symmetric, at most SIMILAR_TOP_K per article.
 * - `follow_up`: from a follow-up article to the article it follows up;
 *   visible from both ends (the parent lists its follow-ups).
 * - `suggested`: the draft's suggested questions, as nodes of kind
 *   `suggested` with ids `suggested:<hash of the normalised text>` (the same
 *   question suggested by two articles is one node).
 */
import { createHash } from 'node:crypto';
import { type ArticleLinks, type LinkedArticle, SIMILAR_TOP_K, type SimilarLink } from './article-links.ts';
import { normalizeQuestion } from './normalize.ts';
import type { TermWeight } from './search-terms.ts';

export const EDGE_KINDS = ['similar', 'follow_up', 'suggested'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type NodeKind = 'article' | 'suggested';

/** Below this cosine two articles are not called similar. */
export const MIN_SIMILARITY = 0.2;

export interface GraphNode {
  id: string;
  slug?: string;
  title: string;
  kind: NodeKind;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  weight: number;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One posting of another article: it has a term with this similarity weight. */
export interface CandidatePosting extends LinkedArticle {
  weight: number;
}

export const suggestedNodeId = (question: string): string =>
  `suggested:${createHash('sha256').update(normalizeQuestion(question)).digest('hex').slice(0, 16)}`;

/**
 * The k articles most similar to one with the `own` vector, from the
 * postings of its terms (term → other articles having it, with their
 * weight). Both vectors are unit length, so the summed products are cosines.
 */
export function similarArticles(
  self: { slug: string },
  own: readonly TermWeight[],
  postings: ReadonlyMap<string, readonly CandidatePosting[]>,
  k: number = SIMILAR_TOP_K,
  minimum: number = MIN_SIMILARITY,
): SimilarLink[] {
  const scores = new Map<string, SimilarLink>();
  for (const { term, weight } of own) {
    for (const posting of postings.get(term) ?? []) {
      if (posting.slug === self.slug) continue;
      const entry = scores.get(posting.slug) ?? {
        id: posting.id,
        slug: posting.slug,
        title: posting.title,
        weight: 0,
      };
      entry.weight += weight * posting.weight;
      scores.set(posting.slug, entry);
    }
  }
  return [...scores.values()]
    .map((entry) => ({ ...entry, weight: Math.min(1, Math.round(entry.weight * 1e4) / 1e4) }))
    .filter((entry) => entry.weight >= minimum)
    .sort((a, b) => b.weight - a.weight || (a.slug < b.slug ? -1 : 1))
    .slice(0, Math.max(0, k));
}

/** What the walk reads of a live article. */
export interface GraphSource {
  id: string;
  slug: string;
  title: string;
  links: ArticleLinks;
  suggestedQuestions: string[];
}

interface Adjacent {
  node: GraphNode;
  edge: GraphEdge;
}

const articleNode = ({ id, slug, title }: LinkedArticle): GraphNode => ({ id, slug, title, kind: 'article' });

/** The nodes next to an article and the edges to them, in the order the walk prefers them. */
export function adjacentOf(source: GraphSource): Adjacent[] {
  const self = source.id;
  const adjacent: Adjacent[] = [];
  if (source.links.parent) {
    const parent = source.links.parent;
    adjacent.push({
      node: articleNode(parent),
      edge: { from: self, to: parent.id, kind: 'follow_up', weight: 1 },
    });
  }
  for (const child of source.links.followUps) {
    adjacent.push({
      node: articleNode(child),
      edge: { from: child.id, to: self, kind: 'follow_up', weight: 1 },
    });
  }
  for (const link of source.links.similar) {
    adjacent.push({
      node: articleNode(link),
      edge: { from: self, to: link.id, kind: 'similar', weight: link.weight },
    });
  }
  const seen = new Set<string>();
  for (const question of source.suggestedQuestions) {
    const id = suggestedNodeId(question);
    if (seen.has(id)) continue;
    seen.add(id);
    adjacent.push({
      node: { id, title: question, kind: 'suggested' },
      edge: { from: self, to: id, kind: 'suggested', weight: 1 },
    });
  }
  return adjacent;
}

export const MIN_DEPTH = 1;
export const MAX_DEPTH = 3;
export const MAX_GRAPH_NODES = 50;

export interface WalkOptions {
  depth: number;
  limit: number;
  /** Edge kinds to follow; all when absent or empty. */
  kinds?: readonly EdgeKind[];
}

/**
 * Breadth-first walk from `start`, `depth` hops out. `load` reads a whole
 * frontier of articles at once (one batch read per hop; articles it does not
 * return are no longer live and are dropped), so a walk makes `depth - 1`
 * loads. `limit` counts articles first (nearer before farther, follow-ups
 * and stronger links first), the start included, then suggested questions
 * fill what is left. Every edge between two kept nodes is returned once.
 */
export async function walkRelated(
  start: GraphSource,
  options: WalkOptions,
  load: (slugs: string[]) => Promise<Map<string, GraphSource>>,
): Promise<Graph> {
  const depth = Math.min(Math.max(options.depth, MIN_DEPTH), MAX_DEPTH);
  const limit = Math.min(Math.max(options.limit, 1), MAX_GRAPH_NODES);
  const kinds = new Set<EdgeKind>(options.kinds && options.kinds.length > 0 ? options.kinds : EDGE_KINDS);
  const articles = new Map<string, GraphNode>([[start.id, articleNode(start)]]);
  const suggested = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  let frontier: GraphSource[] = [start];

  for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
    const reached: GraphNode[] = [];
    for (const source of frontier) {
      for (const { node, edge } of adjacentOf(source)) {
        if (!kinds.has(edge.kind)) continue;
        if (node.kind === 'suggested') {
          if (!suggested.has(node.id)) suggested.set(node.id, node);
        } else if (!articles.has(node.id)) {
          if (articles.size >= limit) continue;
          articles.set(node.id, node);
          reached.push(node);
        }
        const key =
          edge.kind === 'similar' ? [edge.from, edge.to].sort().join('|') : `${edge.from}|${edge.to}`;
        if (!edges.has(`${edge.kind}|${key}`)) edges.set(`${edge.kind}|${key}`, edge);
      }
    }
    if (hop === depth || reached.length === 0) break;
    const loaded = await load(reached.flatMap((node) => (node.slug ? [node.slug] : [])));
    frontier = [];
    for (const node of reached) {
      const source = node.slug ? loaded.get(node.slug) : undefined;
      if (!source) {
        articles.delete(node.id);
        continue;
      }
      articles.set(node.id, articleNode(source));
      frontier.push(source);
    }
  }

  const nodes = [
    ...articles.values(),
    ...[...suggested.values()].slice(0, Math.max(0, limit - articles.size)),
  ];
  const kept = new Set(nodes.map((node) => node.id));
  return {
    nodes,
    edges: [...edges.values()].filter((edge) => kept.has(edge.from) && kept.has(edge.to)),
  };
}
