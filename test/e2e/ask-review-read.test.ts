import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { driverFor } from '../support/driver.ts';
import { type StartedProcess, startVettedProcess } from '../support/process.ts';
import { readJson } from '../support/runtime.ts';

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
    const vetted = driverFor({
      url: () => api,
      tokenFor: (user, roles) => tokenFor(roles[0] ?? 'reviewer', user),
    });

    const { id } = await vetted.ask('Should adults get a flu vaccine every year?', { audience: 'patient' });
    await vetted.waitForStatus(id, 'in_review');

    const token = await tokenFor('reviewer', 'alice');
    expect(token.split('.')).toHaveLength(3);

    // The admin step of the walk-through: alice gets a public profile, so readers see her name.
    const profile = await vetted.api('PUT', '/v1/admin/reviewers/alice', {
      user: 'ada',
      roles: ['admin'],
      body: {
        displayName: 'Dr. Alice Moreau',
        credentials: 'MD, MPH',
        specialty: 'Infectious diseases',
      },
    });
    expect(profile.status).toBe(200);

    await vetted.approve(id, 'alice', 1);

    const published = await vetted.waitForStatus(id, 'published');
    const slug = published.articleSlug ?? '';
    const article = await vetted.article(slug);
    expect(article).toMatchObject({
      slug,
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
    const patient = await vetted.article(slug, 'patient');
    expect(patient.audience).toBe('patient');
    expect(patient.bottomLine).not.toBe(article.bottomLine);

    const search = await readJson(await vetted.api('GET', '/v1/search?q=flu+vaccine'));
    expect(search.items[0]?.slug).toBe(slug);
  });
});
