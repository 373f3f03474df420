import { describe, expect, it } from 'vitest';
import {
  articleEdges,
  type GraphNode,
  type OutgoingEdge,
  similarArticles,
  suggestedNodeId,
  walkRelated,
} from '../../shared/domain/related-graph.ts';
import { articleTermWeights } from '../../shared/domain/search-terms.ts';

const article = (slug: string, title = slug): GraphNode => ({
  id: `id-${slug}`,
  slug,
  title,
  kind: 'article',
});

describe('similarArticles', () => {
  const own = [
    { term: 'statin', weight: 0.8 },
    { term: 'muscl', weight: 0.6 },
  ];
  const postings = new Map([
    [
      'statin',
      [
        { id: 'a', slug: 'statins-heart', title: 'Statins and the heart', weight: 0.9 },
        { id: 'b', slug: 'statin-aches', title: 'Statin aches', weight: 0.7 },
        { id: 'self', slug: 'me', title: 'Me', weight: 1 },
      ],
    ],
    ['muscl', [{ id: 'b', slug: 'statin-aches', title: 'Statin aches', weight: 0.7 }]],
  ]);

  it('scores by summed weight products, strongest first, never itself', () => {
    const similar = similarArticles({ slug: 'me' }, own, postings);
    expect(similar.map((s) => s.slug)).toEqual(['statin-aches', 'statins-heart']);
    expect(similar[0]?.weight).toBeCloseTo(0.8 * 0.7 + 0.6 * 0.7, 4);
    expect(similar[1]?.weight).toBeCloseTo(0.72, 4);
  });

  it('keeps the top k and drops weak matches', () => {
    expect(similarArticles({ slug: 'me' }, own, postings, 1)).toHaveLength(1);
    expect(similarArticles({ slug: 'me' }, own, postings, 5, 0.75).map((s) => s.slug)).toEqual([
      'statin-aches',
    ]);
  });

  it('gives two articles with the same text a weight of 1, and disjoint ones none', () => {
    const content = {
      title: 'Do statins cause muscle aches?',
      question: 'Do statins cause muscle aches?',
      bottomLine: 'Muscle aches on statins are usually not caused by the statin.',
      sections: [],
    };
    const weights = articleTermWeights(content);
    const twin = new Map(
      weights.map(({ term, weight }) => [term, [{ id: 't', slug: 'twin', title: 'Twin', weight }]]),
    );
    expect(similarArticles({ slug: 'me' }, weights, twin)[0]?.weight).toBeCloseTo(1, 3);
    expect(similarArticles({ slug: 'me' }, weights, new Map())).toEqual([]);
  });
});

describe('articleEdges', () => {
  it('links the follow-up parent, the similar articles and the suggested questions', () => {
    const edges = articleEdges({
      followUpOf: { id: 'p', slug: 'parent', title: 'Parent' },
      similar: [
        { id: 'p', slug: 'parent', title: 'Parent', weight: 0.9 },
        { id: 's', slug: 'sibling', title: 'Sibling', weight: 0.4 },
      ],
      suggestedQuestions: ['What about children?', 'what about  CHILDREN', 'Is it safe?'],
    });
    expect(edges).toEqual([
      { kind: 'follow_up', weight: 1, to: { id: 'p', slug: 'parent', title: 'Parent', kind: 'article' } },
      { kind: 'similar', weight: 0.9, to: { id: 'p', slug: 'parent', title: 'Parent', kind: 'article' } },
      { kind: 'similar', weight: 0.4, to: { id: 's', slug: 'sibling', title: 'Sibling', kind: 'article' } },
      {
        kind: 'suggested',
        weight: 1,
        to: { id: suggestedNodeId('What about children?'), title: 'What about children?', kind: 'suggested' },
      },
      {
        kind: 'suggested',
        weight: 1,
        to: { id: suggestedNodeId('Is it safe?'), title: 'Is it safe?', kind: 'suggested' },
      },
    ]);
  });

  it('names suggested nodes by a hash of the normalised question', () => {
    expect(suggestedNodeId('Is it safe?')).toMatch(/^suggested:[0-9a-f]{16}$/);
    expect(suggestedNodeId('is it SAFE')).toBe(suggestedNodeId('Is it safe?'));
    expect(suggestedNodeId('Is it dangerous?')).not.toBe(suggestedNodeId('Is it safe?'));
  });
});

describe('walkRelated', () => {
  // a - b - c - d (similar, both directions), a -> s (suggested), c -> e (follow_up)
  const a = article('a');
  const b = article('b');
  const c = article('c');
  const d = article('d');
  const e = article('e');
  const s: GraphNode = { id: 'suggested:1', title: 'A suggested question?', kind: 'suggested' };
  const stored = new Map<string, OutgoingEdge[]>([
    [
      'a',
      [
        { kind: 'similar', weight: 0.5, to: b },
        { kind: 'suggested', weight: 1, to: s },
      ],
    ],
    [
      'b',
      [
        { kind: 'similar', weight: 0.5, to: a },
        { kind: 'similar', weight: 0.3, to: c },
      ],
    ],
    [
      'c',
      [
        { kind: 'similar', weight: 0.3, to: b },
        { kind: 'similar', weight: 0.2, to: d },
        { kind: 'follow_up', weight: 1, to: e },
      ],
    ],
    ['d', [{ kind: 'similar', weight: 0.2, to: c }]],
  ]);
  const expanded: string[] = [];
  const outgoing = async (node: GraphNode) => {
    expanded.push(node.id);
    return stored.get(node.slug ?? '') ?? [];
  };

  it('depth 1 returns the start and its neighbours', async () => {
    const graph = await walkRelated(a, { depth: 1, limit: 50 }, outgoing);
    expect(graph.nodes.map((n) => n.id)).toEqual(['id-a', 'suggested:1', 'id-b']);
    expect(graph.edges).toEqual([
      { from: 'id-a', to: 'suggested:1', kind: 'suggested', weight: 1 },
      { from: 'id-a', to: 'id-b', kind: 'similar', weight: 0.5 },
    ]);
  });

  it('goes further with depth, counting a similar pair once, never expanding suggested nodes', async () => {
    expanded.length = 0;
    const graph = await walkRelated(a, { depth: 3, limit: 50 }, outgoing);
    expect(graph.nodes.map((n) => n.id)).toEqual(['id-a', 'suggested:1', 'id-b', 'id-c', 'id-e', 'id-d']);
    expect(graph.edges).toContainEqual({ from: 'id-c', to: 'id-e', kind: 'follow_up', weight: 1 });
    expect(graph.edges.filter((edge) => edge.kind === 'similar')).toHaveLength(3);
    expect(expanded).not.toContain('suggested:1');
    expect(expanded).not.toContain('id-d');
  });

  it('keeps at most limit nodes, nearest first, and only edges between kept nodes', async () => {
    const graph = await walkRelated(a, { depth: 3, limit: 3 }, outgoing);
    expect(graph.nodes.map((n) => n.id)).toEqual(['id-a', 'suggested:1', 'id-b']);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) {
      expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
    }
  });

  it('is just the start for an article without edges', async () => {
    const lonely = article('lonely');
    expect(await walkRelated(lonely, { depth: 2, limit: 10 }, outgoing)).toEqual({
      nodes: [lonely],
      edges: [],
    });
  });
});
