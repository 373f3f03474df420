import { describe, expect, it } from 'vitest';
import { type ArticleLinks, noLinks } from '../../shared/domain/article-links.ts';
import {
  adjacentOf,
  type GraphSource,
  similarArticles,
  suggestedNodeId,
  walkRelated,
} from '../../shared/domain/related-graph.ts';
import { articleTermWeights } from '../../shared/domain/search-terms.ts';

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
    expect(similar.map((link) => link.slug)).toEqual(['statin-aches', 'statins-heart']);
    expect(similar[0]?.weight).toBeCloseTo(0.8 * 0.7 + 0.6 * 0.7, 4);
    expect(similar[1]?.weight).toBeCloseTo(0.72, 4);
  });

  it('keeps the top k and drops weak matches', () => {
    expect(similarArticles({ slug: 'me' }, own, postings, 1)).toHaveLength(1);
    expect(similarArticles({ slug: 'me' }, own, postings, 5, 0.75).map((link) => link.slug)).toEqual([
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

describe('suggested nodes', () => {
  it('are named by a hash of the normalised question', () => {
    expect(suggestedNodeId('Is it safe?')).toMatch(/^suggested:[0-9a-f]{16}$/);
    expect(suggestedNodeId('is it SAFE')).toBe(suggestedNodeId('Is it safe?'));
    expect(suggestedNodeId('Is it dangerous?')).not.toBe(suggestedNodeId('Is it safe?'));
  });
});

const ref = (slug: string) => ({ id: `id-${slug}`, slug, title: slug.toUpperCase() });
const source = (
  slug: string,
  links: Partial<ArticleLinks> = {},
  suggestedQuestions: string[] = [],
): GraphSource => ({
  ...ref(slug),
  links: { ...noLinks(), ...links },
  suggestedQuestions,
});
const similar = (slug: string, weight: number) => ({ ...ref(slug), weight });

describe('adjacentOf', () => {
  it('shows a follow-up from both ends, as an edge from the follow-up to its parent', () => {
    const parent = source('parent', { followUps: [ref('child')] });
    const child = source('child', { parent: ref('parent') });
    const edge = { from: 'id-child', to: 'id-parent', kind: 'follow_up', weight: 1 };
    expect(adjacentOf(parent).map((a) => a.edge)).toEqual([edge]);
    expect(adjacentOf(child).map((a) => a.edge)).toEqual([edge]);
  });

  it('lists one suggested node per distinct question', () => {
    const node = source('a', {}, ['Is it safe?', 'is it SAFE', 'Other?']);
    expect(adjacentOf(node).map((a) => a.node.kind)).toEqual(['suggested', 'suggested']);
  });
});

describe('walkRelated', () => {
  // a - b - c - d (similar, both directions), a -> s (suggested), e follows c up
  const sources = new Map<string, GraphSource>([
    ['a', source('a', { similar: [similar('b', 0.5)] }, ['A suggested question?'])],
    ['b', source('b', { similar: [similar('a', 0.5), similar('c', 0.3)] })],
    ['c', source('c', { similar: [similar('b', 0.3), similar('d', 0.2)], followUps: [ref('e')] }, ['C?'])],
    ['d', source('d', { similar: [similar('c', 0.2)] })],
    ['e', source('e', { parent: ref('c') })],
  ]);
  const loads: string[][] = [];
  const load = async (slugs: string[]) => {
    loads.push(slugs);
    return new Map(
      slugs.flatMap((slug) => (sources.has(slug) ? [[slug, sources.get(slug) as GraphSource]] : [])),
    );
  };
  const a = sources.get('a') as GraphSource;
  const sid = suggestedNodeId('A suggested question?');

  it('depth 1 returns the start and its neighbours without reading anything', async () => {
    loads.length = 0;
    const graph = await walkRelated(a, { depth: 1, limit: 50 }, load);
    expect(graph.nodes.map((n) => n.id)).toEqual(['id-a', 'id-b', sid]);
    expect(graph.edges).toEqual([
      { from: 'id-a', to: 'id-b', kind: 'similar', weight: 0.5 },
      { from: 'id-a', to: sid, kind: 'suggested', weight: 1 },
    ]);
    expect(loads).toEqual([]);
  });

  it('reads one frontier per further hop, counts a similar pair once and shows follow-ups', async () => {
    loads.length = 0;
    const graph = await walkRelated(a, { depth: 3, limit: 50 }, load);
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'id-a',
      'id-b',
      'id-c',
      'id-e',
      'id-d',
      sid,
      suggestedNodeId('C?'),
    ]);
    expect(graph.edges).toContainEqual({ from: 'id-e', to: 'id-c', kind: 'follow_up', weight: 1 });
    expect(graph.edges.filter((edge) => edge.kind === 'similar')).toHaveLength(3);
    expect(loads).toEqual([['b'], ['c']]);
  });

  it('counts articles first against the limit, then suggested questions, and keeps only their edges', async () => {
    const graph = await walkRelated(a, { depth: 3, limit: 3 }, load);
    expect(graph.nodes.map((n) => n.id)).toEqual(['id-a', 'id-b', 'id-c']);
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
    const roomy = await walkRelated(a, { depth: 1, limit: 3 }, load);
    expect(roomy.nodes.map((n) => n.id)).toEqual(['id-a', 'id-b', sid]);
  });

  it('follows only the kinds asked for', async () => {
    const suggestedOnly = await walkRelated(a, { depth: 3, limit: 50, kinds: ['suggested'] }, load);
    expect(suggestedOnly.nodes.map((n) => n.id)).toEqual(['id-a', sid]);
    const c = sources.get('c') as GraphSource;
    const followUps = await walkRelated(c, { depth: 2, limit: 50, kinds: ['follow_up'] }, load);
    expect(followUps.nodes.map((n) => n.id)).toEqual(['id-c', 'id-e']);
    expect(followUps.edges.map((edge) => edge.kind)).toEqual(['follow_up']);
  });

  it('drops articles a frontier read no longer finds (retracted a moment ago)', async () => {
    const withGhost = source('x', { similar: [similar('ghost', 0.9), similar('b', 0.4)] });
    const graph = await walkRelated(withGhost, { depth: 2, limit: 50 }, load);
    expect(graph.nodes.map((n) => n.id)).not.toContain('id-ghost');
    expect(graph.edges.some((edge) => edge.to === 'id-ghost')).toBe(false);
    expect(graph.nodes.map((n) => n.id)).toContain('id-b');
  });

  it('is just the start for an article without links', async () => {
    const lonely = source('lonely');
    expect(await walkRelated(lonely, { depth: 2, limit: 10 }, load)).toEqual({
      nodes: [{ id: 'id-lonely', slug: 'lonely', title: 'LONELY', kind: 'article' }],
      edges: [],
    });
  });
});
