import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/http/routes.ts';
import {
  type Browser,
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from '../support/browser.ts';
import { askAndPublish } from '../support/publishing.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The review cycle in the console (Debian's Chromium against a local runtime): a reviewer edits
 * their own affiliation and disclosures, and the re-review opened by a source's withdrawal shows
 * the notice readers see and the change summary it proposes, kept on approval.
 */
const runtime = useRuntime();
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const bearer = async (user: string, roles: Role[]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await browser?.close();
});

const signIn = async (user: string, roles: Role[]) => {
  await page.goto(`${runtime().url}/console`);
  await page.getByLabel('Access token').fill(await tokenFor(runtime(), user, roles));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(user);
};

const checkScreen = async (name: string) => {
  expect(await seriousAccessibilityViolations(page), `axe on the ${name} screen`).toEqual([]);
  await screenshot(page, name);
};

describe('the review cycle in the console', () => {
  it('lets a reviewer edit their own affiliation and disclosures', async () => {
    const created = await api('PUT', '/v1/admin/reviewers/rita', {
      body: { displayName: 'Dr. Rita Okafor', credentials: 'MD', specialty: 'Cardiology' },
      headers: await bearer('adam', ['admin']),
    });
    expect(created.status).toBe(200);
    await signIn('rita', ['reviewer']);
    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    await expect.poll(() => page.getByLabel(/^Disclosures/).inputValue()).toBe('None declared');
    await page.getByLabel(/^Affiliation/).fill('Leeds General Infirmary');
    await page.getByLabel(/^Disclosures/).fill('Advisory board fees from a statin maker (2026)');
    await page.getByRole('button', { name: 'Save your profile' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/profile is saved/);
    await checkScreen('own-profile');
    const board = await readJson(await api('GET', '/v1/reviewers'));
    expect(board.items).toContainEqual({
      name: 'Dr. Rita Okafor',
      credentials: 'MD',
      specialty: 'Cardiology',
      affiliation: 'Leeds General Infirmary',
      disclosures: 'Advisory board fees from a statin maker (2026)',
    });
  });

  it("shows a withdrawal re-review's notice and proposed change summary, kept on approval", async () => {
    const question = 'Should adults get a flu vaccine every year?';
    const article = await askAndPublish(runtime(), question);
    const admin = await bearer('adam', ['admin']);
    const detail = await readJson(
      await api('GET', `/v1/review/questions/${article.id}`, { headers: await bearer('rita', ['reviewer']) }),
    );
    const cited = detail.revisions[0].draft.citations.find((c: { sourceId?: string }) => c.sourceId).sourceId;
    const withdrawn = await api('POST', `/v1/admin/sources/${cited}/withdrawal`, {
      body: { reason: 'Retracted by the journal', supersededBy: 'demo-migraine-acute' },
      headers: admin,
    });
    expect(withdrawn.status).toBe(202);
    const proposed = await eventually(async () => {
      const current = await readJson(
        await api('GET', `/v1/review/questions/${article.id}`, {
          headers: await bearer('rita', ['reviewer']),
        }),
      );
      return current.question.status === 'in_review' ? current.revisions[1].proposedChangeSummary : undefined;
    }, 30_000);
    expect(proposed).toMatch(/No longer cites/);

    await page.goto(`${runtime().url}/console#/questions/${article.id}`);
    await page.getByRole('heading', { level: 2, name: 'Notices readers see on the live article' }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: 'Notices readers see on the live article' }).textContent())
      .toMatch(/Source withdrawn.*withdrawn/);
    await page.getByLabel('Approve').check();
    await expect.poll(() => page.getByLabel(/^What changed, for readers/).inputValue()).toBe(proposed);
    await page.getByText(/Proposed from the changes to claims and citations/).waitFor();
    await checkScreen('re-review');
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/recorded: approved/);
    const versions = await eventually(async () => {
      const { items } = await readJson(await api('GET', `/v1/articles/${article.slug}/versions`));
      return items.length === 2 ? items : undefined;
    }, 30_000);
    expect(versions[1].changeSummary).toBe(proposed);
  });
});
