import { describe, expect, it } from 'vitest';
import { routeOf } from '../../functions/console/ui/app.tsx';
import { diffLines } from '../../functions/console/ui/diff.ts';
import { parseCitationNumbers } from '../../functions/console/ui/editor-sections.tsx';
import { plainProblem } from '../../functions/console/ui/messages.ts';
import { passageFor } from '../../functions/console/ui/passage.ts';
import { authorizeUrl, challengeOf, refreshDelayMs } from '../../functions/console/ui/pkce.ts';
import { offersEdit } from '../../functions/console/ui/review.tsx';
import { draftLines } from '../../functions/console/ui/revision-diff.tsx';
import { sessionFromToken } from '../../functions/console/ui/session.ts';

const jwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('console: problems as plain sentences', () => {
  it('says a lost decision race in words, with the API detail after it', () => {
    const [first, second] = plainProblem(
      { status: 409, detail: 'Revision 2 is already settled (approved)' },
      'decide',
    );
    expect(first).toMatch(/^Your decision was not recorded: another reviewer decided first/);
    expect(second).toBe('(Revision 2 is already settled (approved).)');
  });

  it('explains a stale base to an editor', () => {
    expect(plainProblem({ status: 409 }, 'edit')[0]).toMatch(/newer revision/);
  });

  it('lists each failing part of a 422 as a sentence', () => {
    const messages = plainProblem(
      {
        status: 422,
        errors: [
          { path: 'sections.0.claims.2.citations', message: 'claim 3 has no citation' },
          { path: 'flags', message: 'the draft is flagged no_relevant_sources' },
        ],
      },
      'decide',
    );
    expect(messages).toEqual([
      'This revision cannot be approved yet:',
      'Claim 3 has no citation.',
      'The draft is flagged no_relevant_sources.',
    ]);
  });

  it('never shows a 5xx detail', () => {
    expect(plainProblem({ status: 500, detail: 'stack trace' }, 'load')).toEqual([
      'The server had a problem. Try again in a moment.',
    ]);
  });

  it('asks to sign in again on 401 and names the missing role on 403', () => {
    expect(plainProblem({ status: 401 }, 'load')[0]).toMatch(/Sign in again/);
    expect(plainProblem({ status: 403 }, 'retract')[0]).toMatch(/role/);
  });
});

describe('console: the passage a claim came from', () => {
  const text =
    'Hypertension is common. A single raised reading should be confirmed with home monitoring. Salt matters too.';
  it('picks the sentence sharing the most words with the claim', () => {
    expect(passageFor('Confirm a single raised reading with home monitoring', text)).toBe(
      'A single raised reading should be confirmed with home monitoring.',
    );
  });
  it('finds nothing when no word is shared', () => {
    expect(passageFor('Vaccines for travellers', text)).toBeUndefined();
  });
});

describe('console: revision diff', () => {
  it('keeps common lines and marks the rest added or removed, in order', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(diffLines([], ['x'])).toEqual([{ kind: 'added', text: 'x' }]);
    expect(diffLines(['x'], [])).toEqual([{ kind: 'removed', text: 'x' }]);
  });

  it('renders a revision as lines naming claims with their citations', () => {
    const lines = draftLines({
      title: 'T',
      bottomLine: 'B',
      sections: [{ heading: 'H', claims: [{ text: 'C', citations: [1, 2] }] }],
      citations: [{ n: 1, title: 'S', publisher: 'P', year: 2020 }],
      patient: { bottomLine: 'PB', sections: [] },
      suggestedQuestions: [],
      flags: ['no_relevant_sources'],
    });
    expect(lines).toEqual([
      'Title: T',
      'Bottom line: B',
      '## H',
      '- C [1, 2]',
      'Patient bottom line: PB',
      '[1] S, P, 2020',
      'Flags: no_relevant_sources',
    ]);
  });
});

describe('console: session, routes and forms', () => {
  it('reads subject, roles and expiry from a token, and refuses what is not one', () => {
    const session = sessionFromToken(
      jwt({ sub: 'alice', exp: 2_000_000_000, 'cognito:groups': ['reviewer', 'x'] }),
    );
    expect(session).toEqual({
      token: expect.any(String),
      subject: 'alice',
      roles: ['reviewer'],
      expiresAt: 2_000_000_000_000,
    });
    expect(sessionFromToken('not a token')).toBeUndefined();
    expect(sessionFromToken(jwt({ exp: 1 }))).toBeUndefined();
  });

  it('routes hash fragments to screens and leaves in-page anchors alone', () => {
    expect(routeOf('#/queue')).toEqual({ screen: 'queue' });
    expect(routeOf('#/profile')).toEqual({ screen: 'profile' });
    expect(routeOf('#/questions/abc')).toEqual({ screen: 'question', id: 'abc' });
    expect(routeOf('#/questions/abc/edit')).toEqual({ screen: 'edit', id: 'abc' });
    expect(routeOf('#/admin?slug=bp-at-home')).toEqual({ screen: 'admin', slug: 'bp-at-home' });
    expect(routeOf('#/feedback')).toEqual({ screen: 'feedback' });
    expect(routeOf('#source-2')).toBeUndefined();
  });

  it('parses citation numbers leniently', () => {
    expect(parseCitationNumbers('1, 3 ,x, 0, 2.5,4')).toEqual([1, 3, 4]);
  });
});

describe('console: PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
  it('asks the hosted UI for a code with the challenge', () => {
    const url = new URL(
      authorizeUrl(
        {
          domain: 'https://auth.example',
          clientId: 'c',
          scopes: ['openid', 'email'],
          redirectUri: 'https://api.example/console',
        },
        's',
        'ch',
      ),
    );
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'c',
      redirect_uri: 'https://api.example/console',
      scope: 'openid email',
      state: 's',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });
  it('refreshes two minutes before expiry, never sooner than 5 s', () => {
    expect(refreshDelayMs(3600)).toBe(3_480_000);
    expect(refreshDelayMs(60)).toBe(5_000);
  });
});

describe('console: what an editor is offered', () => {
  const session = (roles: ('reviewer' | 'editor' | 'admin')[]) => ({
    token: 't',
    subject: 'ed',
    roles,
    expiresAt: 0,
  });

  it('offers an edit wherever the server accepts one, a retracted article included', () => {
    for (const status of ['in_review', 'changes_requested', 'published', 'retracted'] as const) {
      expect(offersEdit(session(['reviewer', 'editor']), status)).toBe(true);
    }
  });

  it('offers none while drafting, after a rejection, or without the editor role', () => {
    for (const status of ['submitted', 'drafting', 'rejected', 'failed'] as const) {
      expect(offersEdit(session(['reviewer', 'editor']), status)).toBe(false);
    }
    expect(offersEdit(session(['reviewer']), 'in_review')).toBe(false);
  });
});
