/**
 * The related-question graph, pure: which edges an article gets when it is
 * published, and a bounded breadth-first walk over stored edges.
 *
 * Edge kinds:
 * - `similar`: term-overlap similarity between two published articles, the
 *   cosine of their posting-weight vectors (0..1); the top k are kept, and
 *   stored in both directions.
 * - `follow_up`: the article answers a question asked as a follow-up of
 *   another article (`question.followUpOf`); from the follow-up to its parent.
 * - `suggested`: the draft's suggested questions, as nodes of kind
 *   `suggested` with ids `suggested:<hash of the normalised text>` (the same
 *   question suggested by two articles is one node).
 */
import { createHash } from 'node:crypto';
import { normalizeQuestion } from './normalize.ts';
import type { TermWeight } from './search-terms.ts';

export const EDGE_KINDS = ['similar', 'follow_up', 'suggested'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type NodeKind = 'article' | 'suggested';

/** Similar articles kept per article. */
export const SIMILAR_TOP_K = 5;
/** Below this cosine two articles are not called similar. */
export const MIN_SIMILARITY = 0.05;

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

/** An article node as the publisher knows it. */
export interface ArticleRef {
  id: string;
  slug: string;
  title: string;
}

/** One posting of another article: it has `term` with `weight`. */
export interface CandidatePosting extends ArticleRef {
  weight: number;
}

/** An edge out of an article, with what the walk needs to know of its far end. */
export interface OutgoingEdge {
  kind: EdgeKind;
  weight: number;
  to: GraphNode;
}

export const suggestedNodeId = (question: string): string =>
  `suggested:${createHash('sha256').update(normalizeQuestion(question)).digest('hex').slice(0, 16)}`;

/**
 * The k articles most similar to one with `own` term weights, from the
 * postings of those terms (term → articles having it, with their weight).
 * Both vectors are unit length, so the summed products are cosines in 0..1.
 */
export function similarArticles(
  self: { slug: string },
  own: readonly TermWeight[],
  postings: ReadonlyMap<string, readonly CandidatePosting[]>,
  k: number = SIMILAR_TOP_K,
  minimum: number = MIN_SIMILARITY,
): (ArticleRef & { weight: number })[] {
  const scores = new Map<string, ArticleRef & { weight: number }>();
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

export interface EdgeInput {
  similar: readonly (ArticleRef & { weight: number })[];
  /** The live article this one follows up, when the question was a follow-up. */
  followUpOf?: ArticleRef;
  suggestedQuestions: readonly string[];
}

/**
 * The edges out of a newly published article. A follow-up that is also
 * similar to its parent gets both edges: the `similar` one is stored in both
 * directions, so the parent's graph reaches its follow-ups.
 */
export function articleEdges(input: EdgeInput): OutgoingEdge[] {
  const edges: OutgoingEdge[] = [];
  if (input.followUpOf) {
    const parent = input.followUpOf;
    edges.push({
      kind: 'follow_up',
      weight: 1,
      to: { id: parent.id, slug: parent.slug, title: parent.title, kind: 'article' },
    });
  }
  for (const similar of input.similar) {
    edges.push({
      kind: 'similar',
      weight: similar.weight,
      to: { id: similar.id, slug: similar.slug, title: similar.title, kind: 'article' },
    });
  }
  const seen = new Set<string>();
  for (const question of input.suggestedQuestions) {
    const id = suggestedNodeId(question);
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({ kind: 'suggested', weight: 1, to: { id, title: question, kind: 'suggested' } });
  }
  return edges;
}

export const MIN_DEPTH = 1;
export const MAX_DEPTH = 3;
export const MAX_GRAPH_NODES = 50;

/**
 * Breadth-first walk from `start`, `depth` hops out, keeping at most `limit`
 * nodes (the start included). `outgoing` loads a node's stored edges (only
 * article nodes are expanded; the loader drops edges to articles that are no
 * longer live). Nearer nodes win over farther ones, stronger edges over
 * weaker; every edge between two kept nodes is returned once (a `similar`
 * pair stored in both directions counts as one edge).
 */
export async function walkRelated(
  start: GraphNode,
  options: { depth: number; limit: number },
  outgoing: (node: GraphNode) => Promise<OutgoingEdge[]>,
): Promise<Graph> {
  const depth = Math.min(Math.max(options.depth, MIN_DEPTH), MAX_DEPTH);
  const limit = Math.min(Math.max(options.limit, 1), MAX_GRAPH_NODES);
  const nodes = new Map<string, GraphNode>([[start.id, start]]);
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  let frontier: GraphNode[] = [start];

  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const expandable = frontier.filter((node) => node.kind === 'article');
    const loaded = await Promise.all(expandable.map((node) => outgoing(node)));
    const next: GraphNode[] = [];
    expandable.forEach((node, index) => {
      const sorted = [...(loaded[index] ?? [])].sort(
        (a, b) => b.weight - a.weight || (a.to.id < b.to.id ? -1 : a.to.id > b.to.id ? 1 : 0),
      );
      for (const edge of sorted) {
        if (edge.to.id === node.id) continue;
        if (!nodes.has(edge.to.id)) {
          if (nodes.size >= limit) continue;
          nodes.set(edge.to.id, edge.to);
          next.push(edge.to);
        }
        const key = `${edge.kind}|${node.id}|${edge.to.id}`;
        const reverse = `${edge.kind}|${edge.to.id}|${node.id}`;
        if (edgeKeys.has(key) || (edge.kind === 'similar' && edgeKeys.has(reverse))) continue;
        edgeKeys.add(key);
        edges.push({ from: node.id, to: edge.to.id, kind: edge.kind, weight: edge.weight });
      }
    });
    frontier = next;
  }
  return { nodes: [...nodes.values()], edges };
}
