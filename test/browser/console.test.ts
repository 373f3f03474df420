import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/http/routes.ts';
import {
  type Browser,
  launchBrowser,
  screenshot,
  seriousAccessibilityViolations,
} from '../support/browser.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

/**
 * The reviewer console in Debian's Chromium against a real local runtime:
 * sign in, queue, review with sources, request changes, two approvals,
 * publication, an editor's revision, an admin's retraction; axe-core on
 * every screen, and nothing leaves the origin.
 */
const runtime = useRuntime({ env: { REQUIRED_APPROVALS: '2' } });
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const questionOf = async (id: string) => readJson(await api('GET', `/v1/questions/${id}`));
const reachesStatus = (id: string, status: string, timeoutMs = 30_000) =>
  eventually(async () => ((await questionOf(id)).status === status ? questionOf(id) : undefined), timeoutMs);
const ask = async (question: string): Promise<string> =>
  (await readJson(await api('POST', '/v1/questions', { body: { question, audience: 'clinician' } }))).id;

let browser: Browser;
let page: Page;
const offOrigin: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('request', (sent) => {
    if (!sent.url().startsWith(runtime().url) && !sent.url().startsWith('data:')) offOrigin.push(sent.url());
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
});

const signIn = async (user: string, roles: Role[]) => {
  if (await page.getByRole('button', { name: 'Sign out' }).isVisible()) {
    await page.getByRole('button', { name: 'Sign out' }).click();
  }
  await page.getByLabel('Access token').fill(await tokenFor(runtime(), user, roles));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(user);
  if (roles.includes('reviewer')) await page.getByRole('link', { name: 'Queue', exact: true }).click();
};

/** Each screen: no serious or critical axe violation, and a screenshot. */
const checkScreen = async (name: string) => {
  expect(await seriousAccessibilityViolations(page), `axe on the ${name} screen`).toEqual([]);
  await screenshot(page, name);
};

describe('the reviewer console', () => {
  it('serves the page with a strict CSP and no inline script', async () => {
    const response = await api('GET', '/console');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('takes a question from the queue through changes, two approvals, publication, an edit and a retraction', async () => {
    // Each test file has its own runtime, so plain questions the demo library answers will do.
    const question = 'Should adults get a flu vaccine every year?';
    const id = await ask(question);

    await page.goto(`${runtime().url}/console`);
    await expect.poll(() => page.getByLabel('Access token').isVisible()).toBe(true);
    await checkScreen('sign-in');
    await signIn('alice', ['reviewer']);

    // The queue refreshes itself; the question shows up once drafted.
    const row = page.getByRole('link', { name: question });
    await row.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/\d+ questions? in review/);
    await checkScreen('queue');

    // The review screen: claims with citation numbers, sources with the passage each claim came from.
    await row.click();
    await page.getByRole('heading', { level: 1, name: question }).waitFor();
    await page.locator('blockquote').first().waitFor();
    expect(await page.locator('.claims li').count()).toBeGreaterThan(0);
    expect(await page.locator('.claims a.cite').count()).toBeGreaterThan(0);
    expect(await page.locator('.sources .source-title').count()).toBeGreaterThan(0);
    await checkScreen('review');

    // Request changes: a reason is required, then the draft is regenerated as revision 2.
    await page.getByLabel('Request changes').check();
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Give a reason/);
    await page.getByLabel(/^Reason/).fill('Say how many readings to take and when.');
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/recorded: changes requested/);
    await eventually(async () => {
      const detail = await questionOf(id);
      return detail.status === 'in_review' ? detail : undefined;
    }, 30_000);

    // Revision 2: the diff against revision 1, and alice's approval.
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('option', { name: 'Revision 2 (latest)' }).waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: 'Changes from revision 1 to 2' }).waitFor();
    expect(await page.locator('.diff ins').count()).toBeGreaterThan(0);
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/revision 2 is recorded: approved/);
    // Deciding twice: the API's 409 as a plain sentence.
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Your decision was not recorded/);

    // A second reviewer approves; the article is published.
    await signIn('bob', ['reviewer']);
    await page.getByRole('link', { name: question }).click();
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/recorded: approved/);
    const published = await reachesStatus(id, 'published');
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByTestId('question-status').textContent()).toBe('Published');
    expect((await api('GET', `/v1/articles/${published.articleSlug}`)).status).toBe(200);

    // An editor fixes another draft: a library citation found by search, and an external reference.
    const second = 'Do adults need a flu shot each year?';
    const secondId = await ask(second);
    await reachesStatus(secondId, 'in_review');
    await signIn('erin', ['reviewer', 'editor']);
    await page.getByRole('link', { name: second }).click();
    await page.getByRole('link', { name: 'Edit as a new revision' }).click();
    await page.getByLabel('Article title').fill('Home blood pressure monitoring, checked by an editor');
    const citations = page.locator('form.editor ol.citations > li');
    const initialCitations = await citations.count();
    await page.getByLabel('Search the reference library').fill('blood pressure');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByRole('button', { name: /^Cite “/ })
      .first()
      .click();
    await expect.poll(() => citations.count()).toBe(initialCitations + 1);
    await page.getByLabel('Reference title').fill('Home blood pressure monitoring guideline');
    await page.getByLabel('Publisher or journal').fill('Example Society');
    await page.getByLabel('Year').fill('2024');
    await page.getByLabel('Link (https)').fill('https://example.org/guideline');
    await page.getByRole('button', { name: 'Add reference' }).click();
    await expect.poll(() => citations.count()).toBe(initialCitations + 2);
    // The first claim now cites the external reference too.
    const firstClaimCitations = page.getByLabel('Citation numbers of claim 1 (comma-separated)').first();
    await firstClaimCitations.fill(`${await firstClaimCitations.inputValue()}, ${initialCitations + 2}`);
    await firstClaimCitations.blur();
    await checkScreen('editor');
    await page.getByRole('button', { name: /^Submit as revision/ }).click();
    await page.getByRole('heading', { level: 1, name: second }).waitFor();
    await eventually(async () => {
      const detail = readJson(
        await api('GET', `/v1/review/questions/${secondId}`, {
          headers: { authorization: `Bearer ${await tokenFor(runtime(), 'erin', ['reviewer'])}` },
        }),
      );
      const revisions = (await detail).revisions as {
        author: string;
        draft: { title: string; citations: unknown[] };
      }[];
      const latest = revisions[revisions.length - 1];
      return latest?.author === 'erin' &&
        latest.draft.title.includes('checked by an editor') &&
        latest.draft.citations.length === initialCitations + 2
        ? latest
        : undefined;
    });

    // A reader reports a problem with the live article; a reviewer resolves it in the console.
    const reported = await api('POST', `/v1/articles/${published.articleSlug}/feedback`, {
      body: { kind: 'error', message: 'The home reading threshold quoted looks wrong to me.' },
    });
    expect(reported.status).toBe(202);
    await signIn('alice', ['reviewer']);
    // Beside the article's review ...
    await page.goto(`${runtime().url}/console#/questions/${published.id}`);
    await page.getByRole('heading', { level: 2, name: 'Open reader feedback (1)' }).waitFor();
    // ... and on its own screen, where it is resolved.
    await page.getByRole('link', { name: 'Reader feedback', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reader feedback' }).waitFor();
    await page.getByText('The home reading threshold quoted looks wrong to me.').waitFor();
    await checkScreen('feedback');
    await page.getByLabel('Resolution').selectOption('no_change');
    await page.getByLabel(/^Note/).fill('The threshold matches the cited source.');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('No open feedback.').waitFor();

    // An editor revises the live article with a summary of what changed; reviewers see it with their
    // decision, the last approver rewrites it, and the new version carries the rewritten one.
    const editor = { authorization: `Bearer ${await tokenFor(runtime(), 'erin', ['reviewer', 'editor'])}` };
    const liveDetail = await readJson(
      await api('GET', `/v1/review/questions/${published.id}`, { headers: editor }),
    );
    const liveRevision = liveDetail.revisions[liveDetail.revisions.length - 1];
    const { generator: _generator, ...liveDraft } = liveRevision.draft;
    const revised = await api('PUT', `/v1/review/questions/${published.id}/draft`, {
      body: {
        baseRevision: liveRevision.revision,
        draft: { ...liveDraft, title: `${liveDraft.title} (2026 update)` },
        changeSummary: 'Editor: new threshold.',
      },
      headers: editor,
    });
    expect(revised.status).toBe(201);
    const rewritten = 'Updates the home reading threshold to the 2026 guideline.';
    for (const [reviewer, summary] of [
      ['alice', undefined],
      ['bob', rewritten],
    ] as const) {
      await signIn(reviewer, ['reviewer']);
      await page.getByRole('link', { name: question }).click();
      await page.getByLabel('Approve').check();
      const field = page.getByLabel(/^What changed, for readers/);
      expect(await field.inputValue()).toBe('Editor: new threshold.');
      if (summary) await field.fill(summary);
      await page.getByRole('button', { name: 'Submit decision' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/recorded: approved/);
    }
    await eventually(async () => {
      const { items } = await readJson(await api('GET', `/v1/articles/${published.articleSlug}/versions`));
      return items.length === 2 && items[1].changeSummary === rewritten ? items : undefined;
    });

    // An admin retracts the published article.
    await signIn('adam', ['admin']);
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByLabel('Article (slug)').fill(published.articleSlug);
    await page.getByLabel(/^Reason \(required/).fill('Superseded by the 2026 guideline.');
    await page.getByRole('button', { name: 'Retract', exact: true }).click();
    const retraction = page.getByRole('region', { name: 'Retract an article' });
    await expect.poll(() => retraction.textContent()).toMatch(/is retracted/);
    // ... and gives alice a public profile, listed at once.
    await page.getByLabel('Account id (the token subject)').fill('alice');
    await page.getByLabel('Display name').fill('Dr. Alice Adeyemi');
    await page.getByLabel('Credentials').fill('MD');
    await page.getByLabel('Specialty').fill('Cardiology');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('cell', { name: 'Dr. Alice Adeyemi', exact: true }).waitFor();
    // ... and registers a webhook endpoint, whose secret is shown once.
    await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hooks/site');
    await page.getByRole('button', { name: 'Register endpoint' }).click();
    await expect.poll(() => page.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
    await page.getByRole('cell', { name: 'http://127.0.0.1:9/hooks/site', exact: true }).waitFor();
    await checkScreen('admin');
    expect((await api('GET', `/v1/articles/${published.articleSlug}`)).status).toBe(404);

    expect(offOrigin).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
