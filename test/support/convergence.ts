import { expect } from 'vitest';
import type { DynamoLiveArticles } from '../../shared/adapters/dynamodb/live-articles.ts';
import { readJson, request } from './runtime.ts';

/** Every live article's links: none to a non-live article, every `similar` link answered. */
export const linkProblems = async (
  articles: DynamoLiveArticles,
  slugs: string[],
  retracted: Set<string>,
): Promise<string[]> => {
  const live = new Map(
    (await Promise.all(slugs.map((slug) => articles.getLive(slug)))).flatMap((article) =>
      article ? [[article.slug, article] as const] : [],
    ),
  );
  const problems: string[] = [];
  for (const [slug, article] of live) {
    const linked = [
      ...article.links.similar.map((link) => link.slug),
      ...(article.links.parent ? [article.links.parent.slug] : []),
      ...article.links.followUps.map((link) => link.slug),
    ];
    for (const target of linked) {
      if (retracted.has(target) || !live.has(target)) problems.push(`${slug} links ${target}, not live`);
    }
    for (const link of article.links.similar) {
      const other = live.get(link.slug);
      if (other && !other.links.similar.some((back) => back.slug === slug))
        problems.push(`${slug} → ${link.slug} is one-way`);
    }
  }
  return problems;
};

/** The status view and the asker's answer tell the same story, and the article is there or not. */
export const viewsAgree = async (
  url: string,
  id: string,
  expected: 'in_review' | 'published' | 'retracted',
) => {
  const status = await readJson(await request(url, 'GET', `/v1/questions/${id}`));
  const answer = await readJson(await request(url, 'GET', `/v1/questions/${id}/answer`));
  if (expected === 'in_review') {
    expect(status.status).toBe('in_review');
    expect(answer).toMatchObject({ status: 'pending_review', revision: 1 });
  } else if (expected === 'published') {
    expect(status.status).toBe('published');
    expect(answer).toMatchObject({ status: 'approved', articleSlug: status.articleSlug });
    expect((await request(url, 'GET', `/v1/articles/${status.articleSlug}`)).status).toBe(200);
  } else {
    expect(status.status).toBe('retracted');
    expect(answer).toMatchObject({ status: 'not_answered', reason: 'retracted' });
  }
};
