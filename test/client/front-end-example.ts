/**
 * How a front end uses the generated client (`npm run client` writes
 * client/vetted-api.d.ts; `openapi-fetch` is the only runtime dependency).
 * test/unit/client.test.ts generates the types and type-checks this file
 * against them, so the example and the contract cannot part ways.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../client/vetted-api.js';

export type Article = components['schemas']['Article'];
export type QuestionStatus = components['schemas']['QuestionStatus'];

export const vettedClient = (baseUrl = 'http://127.0.0.1:3000') => createClient<paths>({ baseUrl });
type Client = ReturnType<typeof vettedClient>;

/** Fetch an article (patient version) and the published articles its related graph leads to. */
export async function articleWithNeighbours(client: Client, slug: string) {
  const { data: article, error } = await client.GET('/v1/articles/{slug}', {
    params: { path: { slug }, query: { audience: 'patient' } },
  });
  if (error) throw new Error(`${error.status} ${error.title}: ${error.detail ?? ''}`);
  const citationsOfFirstClaim = article.sections[0]?.claims[0]?.citations.map(
    (n) => article.citations.find((citation) => citation.n === n)?.title,
  );

  // The reference list: the AMA reference the library rendered, else what the citation itself gives.
  const references = article.citations.map(
    (citation) =>
      `${citation.n}. ${
        citation.formatted ??
        [
          citation.authors?.join(', '),
          citation.title,
          citation.container ?? citation.publisher,
          citation.year,
        ]
          .filter((part) => part !== undefined)
          .join('. ')
      }`,
  );

  const { data: graph } = await client.GET('/v1/articles/{slug}/related', {
    params: { path: { slug }, query: { depth: '2', limit: '10' } },
  });
  const neighbours: Article[] = [];
  for (const node of graph?.nodes ?? []) {
    if (node.kind !== 'article' || !node.slug || node.slug === slug) continue;
    const { data } = await client.GET('/v1/articles/{slug}', { params: { path: { slug: node.slug } } });
    if (data) neighbours.push(data);
  }
  const suggested = graph?.nodes.filter((node) => node.kind === 'suggested').map((node) => node.title) ?? [];
  return {
    title: article.title,
    reviewedBy: article.review.approvals.map((approval) =>
      'name' in approval ? approval.name : 'Medical reviewer',
    ),
    citationsOfFirstClaim,
    references,
    neighbours,
    suggested,
  };
}

/** Ask a question and poll its status until it is published (or stops somewhere else). */
export async function askAndFollow(client: Client, question: string, pollMs = 2000, attempts = 30) {
  const {
    data: asked,
    error,
    response,
  } = await client.POST('/v1/questions', {
    body: { question, audience: 'patient' },
    params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
  });
  if (error) throw new Error(error.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? error.title);
  const location = response.headers.get('location');
  let status: QuestionStatus = asked;
  for (let attempt = 0; attempt < attempts && status.status !== 'published'; attempt++) {
    if (status.status === 'rejected' || status.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const { data } = await client.GET('/v1/questions/{id}', { params: { path: { id: asked.id } } });
    if (data) status = data;
  }
  return { location, status: status.status, articleSlug: status.articleSlug };
}

/** The generated types catch what the contract does not allow. */
export async function misuses(client: Client, article: Article) {
  // @ts-expect-error an article has no `body`: the text is in `bottomLine` and `sections`
  article.body;
  // @ts-expect-error the API has no such path
  await client.GET('/v1/article/{slug}', { params: { path: { slug: 'x' } } });
  // @ts-expect-error a question needs its text
  await client.POST('/v1/questions', { body: { audience: 'patient' } });
  // @ts-expect-error audiences are clinician or patient
  await client.GET('/v1/articles/{slug}', { params: { path: { slug: 'x' }, query: { audience: 'child' } } });
}
