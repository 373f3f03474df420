import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type StartedProcess, startVettedProcess } from '../support/process.ts';
import { eventually, readJson } from '../support/runtime.ts';

const run = promisify(execFile);

describe('the whole path on `npm start`', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-e2e-path-'));
  let started: StartedProcess | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ask → draft → approve with a token from `npm run token` → article readable, for both audiences', async () => {
    started = await startVettedProcess({ VETTED_DATA_DIR: dataDir, VETTED_STORAGE: 'memory' });
    const api = started.url;

    const asked = await fetch(`${api}/v1/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Should adults get a flu vaccine every year?', audience: 'patient' }),
    });
    expect(asked.status).toBe(202);
    const { id } = await readJson(asked);
    await eventually(async () => {
      const question = await readJson(await fetch(`${api}/v1/questions/${id}`));
      return question.status === 'in_review' ? question : undefined;
    });

    const tokenFor = async (role: string, user: string) => {
      const { stdout } = await run(
        'npm',
        ['run', '--silent', 'token', '--', '--role', role, '--user', user],
        {
          env: { ...process.env, VETTED_DATA_DIR: dataDir },
        },
      );
      return stdout.trim();
    };
    const token = await tokenFor('reviewer', 'alice');
    expect(token.split('.')).toHaveLength(3);

    // The admin step of the walk-through: alice gets a public profile, so readers see her name.
    const profile = await fetch(`${api}/v1/admin/reviewers/alice`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor('admin', 'ada')}`,
      },
      body: JSON.stringify({
        displayName: 'Dr. Alice Moreau',
        credentials: 'MD, MPH',
        specialty: 'Infectious diseases',
      }),
    });
    expect(profile.status).toBe(200);

    const decided = await fetch(`${api}/v1/review/questions/${id}/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ revision: 1, decision: 'approve' }),
    });
    expect(decided.status).toBe(201);

    const published = await eventually(async () => {
      const question = await readJson(await fetch(`${api}/v1/questions/${id}`));
      return question.status === 'published' ? question : undefined;
    });
    const article = await readJson(await fetch(`${api}/v1/articles/${published.articleSlug}`));
    expect(article).toMatchObject({
      slug: published.articleSlug,
      id,
      question: 'Should adults get a flu vaccine every year?',
      version: 1,
      review: {
        status: 'approved',
        approvals: [
          {
            name: 'Dr. Alice Moreau',
            credentials: 'MD, MPH',
            specialty: 'Infectious diseases',
            at: expect.any(String),
          },
        ],
      },
      editorialPolicyUrl: expect.any(String),
      disclaimer: expect.any(String),
    });
    expect(JSON.stringify(article)).not.toContain('alice');
    expect(article.citations.length).toBeGreaterThan(0);
    for (const section of article.sections) {
      for (const claim of section.claims) expect(claim.citations.length).toBeGreaterThan(0);
    }
    const patient = await readJson(
      await fetch(`${api}/v1/articles/${published.articleSlug}?audience=patient`),
    );
    expect(patient.audience).toBe('patient');
    expect(patient.bottomLine).not.toBe(article.bottomLine);

    const search = await readJson(await fetch(`${api}/v1/search?q=flu+vaccine`));
    expect(search.items[0]?.slug).toBe(published.articleSlug);
  });
});
