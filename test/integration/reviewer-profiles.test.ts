import { describe, expect, it } from 'vitest';
import { DynamoArticleRetractions } from '../../shared/adapters/dynamodb/article-retractions.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoLiveApprovals } from '../../shared/adapters/dynamodb/live-approvals.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { DynamoReviewerDirectory } from '../../shared/adapters/dynamodb/reviewer-directory.ts';
import { PROFILE_LIMITS } from '../../shared/domain/reviewer.ts';
import type { Role } from '../../shared/http/routes.ts';
import type { ReviewerNamesQueue } from '../../shared/ports/reviewer-directory.ts';
import { retractArticle } from '../../shared/use-cases/retract-article.ts';
import { refreshReviewerNames } from '../../shared/use-cases/reviewer-names.ts';
import { expectProblem } from '../support/problem.ts';
import { eventually, readJson, request, tokenFor, useRuntime } from '../support/runtime.ts';

// Two approvals per article, so one article can carry a named and an unnamed reviewer.
const runtime = useRuntime({ env: { REQUIRED_APPROVALS: '2' } });
const api = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
  request(runtime().url, method, path, options);
const bearer = async (user: string, roles: Role[]) => ({
  authorization: `Bearer ${await tokenFor(runtime(), user, roles)}`,
});
const questions = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
const directory = () =>
  new DynamoReviewerDirectory(runtime().platform.dynamo, runtime().config.tables.reviewers);

/**
 * How soon a profile change shows on the live articles a reviewer approved:
 * one reviewer-names queue delivery plus one rename per article, a page of 25
 * articles per delivery. Locally (1 s long polls, an idle machine) that is
 * well under 2 s for a page; the bound tested here leaves room for a loaded
 * machine. In AWS add the Lambda SQS poller's latency, and a reader behind a
 * cache sees it after the article's max-age (60 s).
 */
const RENAME_BOUND_MS = 10_000;

// Digits only: unique, and invisible to retrieval (a letters-only suffix would count as an unknown word).
const run = String(Date.now());
/** Distinctive token subjects (a marker no question text carries), so a leak cannot hide in ordinary text. */
const SUBJECT_MARKER = `sub${Math.random().toString(36).slice(2, 10)}`;
const subject = (name: string) => `${SUBJECT_MARKER}-${name}`;

const putProfile = async (who: string, body: unknown, admin = 'admin-ada') =>
  api('PUT', `/v1/admin/reviewers/${encodeURIComponent(who)}`, {
    body,
    headers: await bearer(admin, ['admin']),
  });

/** Asks through the API, then the given reviewers approve revision 1 through the review API. */
const publishApprovedBy = async (question: string, reviewers: string[]) => {
  const asked = await api('POST', '/v1/questions', { body: { question, audience: 'clinician' } });
  expect(asked.status).toBe(202);
  const { id } = await readJson(asked);
  await eventually(async () => ((await questions().get(id))?.status === 'in_review' ? true : undefined));
  for (const reviewer of reviewers) {
    const decided = await api('POST', `/v1/review/questions/${id}/decisions`, {
      body: { revision: 1, decision: 'approve' },
      headers: await bearer(reviewer, ['reviewer']),
    });
    expect(decided.status).toBe(201);
  }
  const published = await eventually(async () => {
    const current = await questions().get(id);
    return current?.status === 'published' ? current : undefined;
  });
  return { id, slug: published.articleSlug as string };
};

const article = async (slug: string, audience = 'clinician') =>
  readJson(await api('GET', `/v1/articles/${slug}?audience=${audience}`));
const versions = async (slug: string) =>
  (await readJson(await api('GET', `/v1/articles/${slug}/versions`))).items;

const validProfile = {
  displayName: 'Dr. Rita Okafor',
  credentials: 'MD, FACC',
  specialty: 'Cardiology',
  affiliation: "St Mary's Hospital, London",
  disclosures: 'Speaker fees from a statin maker (2025)',
};

describe('PUT /v1/admin/reviewers/{subject}', () => {
  it('needs an admin token: 401 without one, 403 for a reviewer', async () => {
    await expectProblem(await api('PUT', '/v1/admin/reviewers/someone', { body: validProfile }), 401);
    const asReviewer = await api('PUT', '/v1/admin/reviewers/someone', {
      body: validProfile,
      headers: await bearer('rev-1', ['reviewer', 'editor']),
    });
    await expectProblem(asReviewer, 403);
    const admins = await readJson(
      await api('GET', '/v1/admin/reviewers', { headers: await bearer('x', ['admin']) }),
    );
    expect(admins.items.map((profile: { subject: string }) => profile.subject)).not.toContain('someone');
    await expectProblem(
      await api('GET', '/v1/admin/reviewers', { headers: await bearer('r', ['reviewer']) }),
      403,
    );
  });

  it('validates the body and the subject (400 with the failing fields)', async () => {
    await expectProblem(await putProfile('v1', { ...validProfile, displayName: '   ' }), 400, 'displayName');
    await expectProblem(
      await putProfile('v1', { displayName: 'Dr. X', credentials: 'MD' }),
      400,
      'specialty',
    );
    await expectProblem(
      await putProfile('v1', { ...validProfile, credentials: 'M'.repeat(PROFILE_LIMITS.credentials + 1) }),
      400,
      'credentials',
    );
    await expectProblem(
      await putProfile('v1', { ...validProfile, specialty: 'Cardio\u0007logy' }),
      400,
      'specialty',
    );
    await expectProblem(await putProfile('v1', { ...validProfile, subject: 'someone-else' }), 400);
    await expectProblem(await putProfile('s'.repeat(129), validProfile), 400, 'subject');
    await expectProblem(await putProfile('   ', validProfile), 400, 'subject');
    // Nothing was stored by any of them.
    expect((await directory().getProfiles(['v1'])).size).toBe(0);
  });

  it('creates, then replaces, the profile of the normalised subject (200 both times)', async () => {
    const who = subject('Replace');
    const created = await putProfile(`  ${who.toUpperCase()} `, validProfile);
    expect(created.status).toBe(200);
    const first = await readJson(created);
    expect(first).toEqual({
      subject: who.toLowerCase(),
      ...validProfile,
      createdAt: expect.any(String),
      updatedAt: first.createdAt,
    });

    const replaced = await readJson(
      await putProfile(who, {
        displayName: '  Dr. Rita Okafor-Benn ',
        credentials: 'MD',
        specialty: 'Cardiology',
      }),
    );
    expect(replaced).toMatchObject({
      subject: who.toLowerCase(),
      displayName: 'Dr. Rita Okafor-Benn',
      credentials: 'MD',
      createdAt: first.createdAt,
    });
    // A profile without disclosures declares none; one without an affiliation shows none.
    expect(replaced.disclosures).toBe('None declared');
    expect(replaced).not.toHaveProperty('affiliation');
    expect(replaced.updatedAt >= first.updatedAt).toBe(true);

    const listed = await readJson(
      await api('GET', '/v1/admin/reviewers', { headers: await bearer('a', ['admin']) }),
    );
    expect(
      listed.items.filter((profile: { subject: string }) => profile.subject === who.toLowerCase()),
    ).toEqual([replaced]);
  });
});

describe('a reviewer editing their own profile (/v1/review/profile)', () => {
  it('is 404 until an admin has created the profile, and needs a reviewer token', async () => {
    const who = subject('Own-none');
    expect((await api('GET', '/v1/review/profile')).status).toBe(401);
    const asEditor = await api('GET', '/v1/review/profile', { headers: await bearer(who, ['editor']) });
    expect(asEditor.status).toBe(403);
    const headers = await bearer(who, ['reviewer']);
    expect((await api('GET', '/v1/review/profile', { headers })).status).toBe(404);
    const put = await api('PUT', '/v1/review/profile', { headers, body: { disclosures: 'x' } });
    expect(put.status).toBe(404);
  });

  it('sets the affiliation and disclosures only, shown on the board; bad input is 400', async () => {
    const who = subject('Own');
    expect((await putProfile(who, validProfile)).status).toBe(200);
    const headers = await bearer(who, ['reviewer']);
    const mine = await readJson(await api('GET', '/v1/review/profile', { headers }));
    expect(mine).toMatchObject({ subject: who.toLowerCase(), displayName: validProfile.displayName });

    const refused = await api('PUT', '/v1/review/profile', {
      headers,
      body: { displayName: 'Someone else', disclosures: '   ' },
    });
    await expectProblem(refused, 400);

    const edited = await api('PUT', '/v1/review/profile', {
      headers,
      body: {
        affiliation: ' Leeds General Infirmary ',
        disclosures: 'Advisory board fees from a statin maker (2026)',
      },
    });
    expect(edited.status).toBe(200);
    expect(await readJson(edited)).toMatchObject({
      displayName: validProfile.displayName,
      credentials: validProfile.credentials,
      specialty: validProfile.specialty,
      affiliation: 'Leeds General Infirmary',
      disclosures: 'Advisory board fees from a statin maker (2026)',
      createdAt: mine.createdAt,
    });
    const board = await readJson(await api('GET', '/v1/reviewers'));
    expect(board.items).toContainEqual(
      expect.objectContaining({
        name: validProfile.displayName,
        affiliation: 'Leeds General Infirmary',
        disclosures: 'Advisory board fees from a statin maker (2026)',
      }),
    );
    // Omitting both: no affiliation, and "None declared".
    const cleared = await readJson(await api('PUT', '/v1/review/profile', { headers, body: {} }));
    expect(cleared).not.toHaveProperty('affiliation');
    expect(cleared.disclosures).toBe('None declared');
  });
});

describe('GET /v1/reviewers', () => {
  it('lists the advisory board by name: name, credentials, specialty, and no subject', async () => {
    await putProfile(subject('board-z'), {
      displayName: 'Dr. Zoe Zed',
      credentials: 'MBBS',
      specialty: 'GP',
    });
    await putProfile(subject('board-a'), {
      displayName: 'Dr. Abe Aa',
      credentials: 'DO',
      specialty: 'Neurology',
    });
    const response = await api('GET', '/v1/reviewers');
    expect(response.status).toBe(200);
    const board = await readJson(response);
    for (const member of board.items)
      expect(Object.keys(member).sort()).toEqual(
        expect.arrayContaining(['credentials', 'disclosures', 'name', 'specialty']),
      );
    for (const member of board.items)
      expect(
        Object.keys(member).every((key) =>
          ['affiliation', 'credentials', 'disclosures', 'name', 'specialty'].includes(key),
        ),
      ).toBe(true);
    const names = board.items.map((member: { name: string }) => member.name);
    expect(names).toEqual(expect.arrayContaining(['Dr. Abe Aa', 'Dr. Zoe Zed']));
    expect(names.indexOf('Dr. Abe Aa')).toBeLessThan(names.indexOf('Dr. Zoe Zed'));
    expect(names).toEqual(
      [...names].sort((a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
    expect(JSON.stringify(board).toLowerCase()).not.toContain(SUBJECT_MARKER);
  });
});

describe('approvals on public articles', () => {
  it('name a reviewer with a profile and show "Medical reviewer" for one without, never the subject', async () => {
    const named = subject('Named');
    const unnamed = subject('unnamed');
    // The profile is put for the case-folded subject; the token carries it in capitals.
    await putProfile(named.toLowerCase(), validProfile);
    const { slug } = await publishApprovedBy(`How is high blood pressure diagnosed at home ${run}?`, [
      named,
      unnamed,
    ]);

    for (const audience of ['clinician', 'patient']) {
      const body = await article(slug, audience);
      expect(body.review).toEqual({
        status: 'approved',
        approvals: [
          {
            name: 'Dr. Rita Okafor',
            credentials: 'MD, FACC',
            specialty: 'Cardiology',
            affiliation: "St Mary's Hospital, London",
            disclosures: 'Speaker fees from a statin maker (2025)',
            at: expect.any(String),
          },
          { name: 'Medical reviewer', at: expect.any(String) },
        ],
        lastReviewedAt: expect.any(String),
        nextReviewDue: expect.any(String),
      });
      expect(body.notices).toEqual([]);
    }
    expect(await versions(slug)).toEqual([
      {
        version: 1,
        publishedAt: expect.any(String),
        approvedBy: ['Dr. Rita Okafor', 'Medical reviewer'],
        lastReviewedAt: expect.any(String),
        nextReviewDue: expect.any(String),
      },
    ]);
  });

  it(`show a profile added after publication on the live article within ${RENAME_BOUND_MS / 1000} s`, async () => {
    const late = subject('late');
    const other = subject('other');
    const { slug } = await publishApprovedBy(`Does metformin help in type 2 diabetes ${run}?`, [late, other]);
    expect((await article(slug)).review.approvals.map((a: { name: string }) => a.name)).toEqual([
      'Medical reviewer',
      'Medical reviewer',
    ]);
    const before = await article(slug);
    const etagBefore = (await api('GET', `/v1/articles/${slug}`)).headers.get('etag') as string;

    const started = Date.now();
    expect(
      (await putProfile(late, { displayName: 'Dr. Lee Late', credentials: 'MD', specialty: 'Diabetes' }))
        .status,
    ).toBe(200);
    const renamed = await eventually(
      async () => {
        const body = await article(slug);
        return body.review.approvals[0].name === 'Dr. Lee Late' ? body : undefined;
      },
      RENAME_BOUND_MS,
      50,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(RENAME_BOUND_MS);

    expect(renamed.review.approvals).toEqual([
      {
        name: 'Dr. Lee Late',
        credentials: 'MD',
        specialty: 'Diabetes',
        disclosures: 'None declared',
        at: before.review.approvals[0].at,
      },
      before.review.approvals[1],
    ]);
    // The rest of the article is untouched, the version too; the history names the reviewer as well.
    expect({ ...renamed, review: undefined }).toEqual({ ...before, review: undefined });
    expect((await versions(slug))[0].approvedBy).toEqual(['Dr. Lee Late', 'Medical reviewer']);
    // The stored ETag follows the rename: a client holding the old one gets the new body, not a 304.
    const revalidated = await api('GET', `/v1/articles/${slug}`, {
      headers: { 'if-none-match': etagBefore },
    });
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.get('etag')).not.toBe(etagBefore);

    // A changed profile replaces the name the same way.
    await putProfile(late, { displayName: 'Dr. Lee Later', credentials: 'MD, PhD', specialty: 'Diabetes' });
    await eventually(
      async () => {
        const body = await article(slug);
        return body.review.approvals[0].name === 'Dr. Lee Later' ? body : undefined;
      },
      RENAME_BOUND_MS,
      50,
    );
  });

  it('never show a raw token subject in any public response', async () => {
    const a = subject('leak-a');
    const b = subject('leak-b');
    await putProfile(a, { displayName: 'Dr. Ann Leak', credentials: 'MD', specialty: 'Allergy' });
    const { id, slug } = await publishApprovedBy(`How are migraine attacks treated ${run}?`, [a, b]);
    const paths = [
      `/v1/articles/${slug}`,
      `/v1/articles/${slug}?audience=patient`,
      `/v1/articles/${slug}/versions`,
      `/v1/articles/${slug}/related?depth=2`,
      '/v1/articles?limit=100',
      `/v1/search?q=${encodeURIComponent('migraine attacks')}`,
      '/v1/reviewers',
      `/v1/questions/${id}`,
      `/v1/questions/${id}/answer`,
      '/openapi.json',
    ];
    for (const path of paths) {
      const response = await api('GET', path);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text.toLowerCase(), path).not.toContain(SUBJECT_MARKER);
    }
  });
});

describe('the rename worker', () => {
  it('pages through a reviewer’s articles and forgets the ones no longer live', async () => {
    const reviewer = subject('pager');
    const second = subject('pager-2');
    const first = await publishApprovedBy(`How should I measure my blood pressure at home ${run}?`, [
      reviewer,
      second,
    ]);
    const other = await publishApprovedBy(`Do statins cause muscle aches ${run}?`, [reviewer, second]);
    const retracted = await publishApprovedBy(`Who should get the flu vaccine every year ${run}?`, [
      reviewer,
      second,
    ]);
    const retractions = new DynamoArticleRetractions(
      runtime().platform.dynamo,
      runtime().config.tables.articles,
      runtime().config.tables.outbox,
    );
    await retractArticle(
      {
        retractions,
        questions: questions(),
        catalog: new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources),
        requiredApprovals: 2,
      },
      { slug: retracted.slug, reason: 'test', actor: 'admin', at: new Date().toISOString() },
    );
    await directory().putProfile(
      reviewer,
      { displayName: 'Dr. Pia Pager', credentials: 'MD', specialty: 'GP', disclosures: 'None declared' },
      new Date().toISOString(),
    );

    // One article per message: each message handles one page and queues the next (here: collected).
    const continued: { reviewer: string; afterSlug?: string }[] = [];
    const queue: ReviewerNamesQueue = { requestRefresh: async (next) => void continued.push(next) };
    const deps = {
      reviewers: directory(),
      live: new DynamoLiveApprovals(runtime().platform.dynamo, runtime().config.tables.articles),
      queue,
      pageSize: 1,
    };
    let message: { reviewer: string; afterSlug?: string } | undefined = { reviewer };
    const outcomes = [];
    while (message) {
      outcomes.push(await refreshReviewerNames(deps, message));
      message = continued.shift();
    }
    expect(outcomes).toHaveLength(3);
    expect(outcomes.reduce((sum, o) => sum + o.refreshed, 0)).toBe(2);
    expect(outcomes.reduce((sum, o) => sum + o.forgotten, 0)).toBe(1);
    for (const slug of [first.slug, other.slug]) {
      expect((await article(slug)).review.approvals[0].name).toBe('Dr. Pia Pager');
    }
    const records = await directory().listApprovals(reviewer, { limit: 10 });
    expect(records.items.map((record) => record.slug).sort()).toEqual([first.slug, other.slug].sort());

    // Running it again changes nothing (idempotent).
    const again = await refreshReviewerNames({ ...deps, pageSize: 10 }, { reviewer });
    expect(again).toEqual({ refreshed: 2, forgotten: 0, continued: false });
  });
});
