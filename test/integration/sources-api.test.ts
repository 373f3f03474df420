import { describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { compareByTitle } from '../../shared/domain/indexed-source.ts';
import type { Role } from '../../shared/http/routes.ts';
import { readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const as = async (roles: Role[]) => ({ authorization: `Bearer ${await tokenFor(runtime(), 'rita', roles)}` });
const get = async (path: string, roles: Role[] = ['reviewer']) =>
  request(runtime().url, 'GET', path, { headers: await as(roles) });

describe('reference library for reviewers and editors', () => {
  it('finds sources by relevance, with an excerpt and what a citation needs', async () => {
    const response = await get('/v1/review/sources?q=blood%20pressure&limit=3');
    expect(response.status).toBe(200);
    const { items } = await readJson(response);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(3);
    for (const item of items) {
      // What a citation needs, and the AMA reference rendered when the source was loaded.
      expect(Object.keys(item).sort()).toEqual([
        'excerpt',
        'formatted',
        'id',
        'publisher',
        'title',
        'url',
        'year',
      ]);
      expect(item.excerpt.length).toBeLessThanOrEqual(281);
    }
    expect(`${items[0].title} ${items[0].excerpt}`.toLowerCase()).toMatch(/blood pressure|hypertension/);
  });

  it('lists the first sources by title without a query, and nothing for words no source has', async () => {
    const library = await loadDemoLibrary();
    const { items } = await readJson(await get('/v1/review/sources?limit=50'));
    expect(items.map((item: { id: string }) => item.id)).toEqual(
      [...library]
        .sort(compareByTitle)
        .slice(0, 50)
        .map((source) => source.id),
    );
    expect((await readJson(await get('/v1/review/sources?q=zzyzx'))).items).toEqual([]);
  });

  it('serves one source with its full text, and 404 for an unknown id', async () => {
    const [first] = await loadDemoLibrary();
    const response = await get(`/v1/review/sources/${encodeURIComponent(first?.id ?? '')}`);
    expect(response.status).toBe(200);
    // The text as the index holds it: its passages, under their headings.
    const served = await readJson(response);
    expect(served).toMatchObject({ id: first?.id, title: first?.title, formatted: expect.any(String) });
    const words = (text: string) => text.replace(/[#\s]+/g, ' ').trim();
    expect(words(served.text)).toBe(words(first?.text ?? ''));
    const missing = await get('/v1/review/sources/no-such-source');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('needs the reviewer role and a valid query', async () => {
    expect((await request(runtime().url, 'GET', '/v1/review/sources')).status).toBe(401);
    expect((await get('/v1/review/sources', ['admin'])).status).toBe(403);
    const invalid = await get('/v1/review/sources?limit=0');
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).errors[0].path).toContain('limit');
  });
});
