import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AdminScreen } from './admin.tsx';
import { createApi } from './api.ts';
import { EditorScreen } from './editor.tsx';
import { FeedbackScreen } from './feedback.tsx';
import {
  authorizeUrl,
  challengeOf,
  exchangeCode,
  type HostedUi,
  logoutUrl,
  randomVerifier,
  refreshDelayMs,
  refreshTokens,
  revoke,
} from './pkce.ts';
import { ProfileScreen } from './profile.tsx';
import { QueueScreen } from './queue.tsx';
import { ReviewScreen } from './review.tsx';
import { hasRole, type Session, sessionFromToken } from './session.ts';
import { HostedSignIn, LocalSignIn } from './sign-in.tsx';

type Settings =
  | { auth: { mode: 'local' } }
  | { auth: { mode: 'cognito'; domain: string; clientId: string; scopes: string[] } };

export type Route =
  | { screen: 'queue' }
  | { screen: 'question'; id: string }
  | { screen: 'edit'; id: string }
  | { screen: 'feedback' }
  | { screen: 'profile' }
  | { screen: 'admin'; slug: string };

/** `#/queue`, `#/questions/<id>`, `#/questions/<id>/edit`, `#/feedback`, `#/profile`, `#/admin?slug=…`; other fragments (in-page links) keep the screen. */
export const routeOf = (hash: string): Route | undefined => {
  if (!hash.startsWith('#/')) return undefined;
  const [path = '', query = ''] = hash.slice(1).split('?');
  const edit = /^\/questions\/([^/]+)\/edit$/.exec(path);
  if (edit) return { screen: 'edit', id: decodeURIComponent(edit[1] as string) };
  const question = /^\/questions\/([^/]+)$/.exec(path);
  if (question) return { screen: 'question', id: decodeURIComponent(question[1] as string) };
  if (path === '/feedback') return { screen: 'feedback' };
  if (path === '/profile') return { screen: 'profile' };
  if (path === '/admin') return { screen: 'admin', slug: new URLSearchParams(query).get('slug') ?? '' };
  return { screen: 'queue' };
};

const PKCE_KEY = 'vetted-console-pkce';

const hostedUiOf = (settings: Settings): HostedUi | undefined =>
  settings.auth.mode === 'cognito'
    ? { ...settings.auth, redirectUri: `${location.origin}${location.pathname}` }
    : undefined;

export const App = () => {
  const [settings, setSettings] = useState<Settings>();
  const [session, setSession] = useState<Session>();
  const [signInErrors, setSignInErrors] = useState<string[]>();
  const [route, setRoute] = useState<Route>(routeOf(location.hash) ?? { screen: 'queue' });
  const refreshToken = useRef<string | undefined>(undefined);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sessionRef = useRef<Session | undefined>(undefined);
  sessionRef.current = session;

  useEffect(() => {
    const onHash = () => {
      const next = routeOf(location.hash);
      if (next) setRoute(next);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    void fetch('console/config.json')
      .then((response) => response.json() as Promise<Settings>)
      .then(setSettings)
      .catch(() => setSignInErrors(['The console could not load its settings. Reload the page.']));
  }, []);

  const hostedUi = settings ? hostedUiOf(settings) : undefined;

  /** Keeps the access token fresh: a new one two minutes before the old one expires. */
  const adopt = (accessToken: string, expiresInSeconds: number, ui: HostedUi) => {
    const next = sessionFromToken(accessToken);
    if (!next) return setSignInErrors(['The sign-in service returned a token the console cannot read.']);
    setSession(next);
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(async () => {
      if (!refreshToken.current) return;
      try {
        const tokens = await refreshTokens(ui, refreshToken.current);
        adopt(tokens.accessToken, tokens.expiresInSeconds, ui);
      } catch {
        setSession(undefined);
        setSignInErrors(['Your session ended. Sign in again.']);
      }
    }, refreshDelayMs(expiresInSeconds));
  };

  // Back from the hosted UI with an authorization code: exchange it (with the PKCE verifier) for tokens.
  useEffect(() => {
    if (!hostedUi) return;
    const params = new URLSearchParams(location.search);
    const code = params.get('code');
    if (!code) return;
    const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as {
      verifier?: string;
      state?: string;
    };
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
    if (!saved.verifier || saved.state !== params.get('state')) {
      setSignInErrors(['The sign-in answer did not match this tab. Sign in again.']);
      return;
    }
    void exchangeCode(hostedUi, code, saved.verifier)
      .then((tokens) => {
        refreshToken.current = tokens.refreshToken;
        adopt(tokens.accessToken, tokens.expiresInSeconds, hostedUi);
      })
      .catch(() => setSignInErrors(['Signing in failed. Try again.']));
  }, [settings]);

  const startHostedSignIn = async () => {
    if (!hostedUi) return;
    const verifier = randomVerifier();
    const state = randomVerifier();
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
    location.assign(authorizeUrl(hostedUi, state, await challengeOf(verifier)));
  };

  const signOut = async () => {
    clearTimeout(refreshTimer.current);
    setSession(undefined);
    if (hostedUi) {
      if (refreshToken.current) await revoke(hostedUi, refreshToken.current).catch(() => undefined);
      refreshToken.current = undefined;
      location.assign(logoutUrl(hostedUi));
    }
  };

  const api = useMemo(
    () =>
      createApi(
        () => sessionRef.current?.token,
        () => {
          setSession(undefined);
          setSignInErrors(['Your sign-in has expired. Sign in again.']);
        },
      ),
    [],
  );

  if (!settings) return <p class="loading">Loading the reviewer console…</p>;
  if (!session) {
    return settings.auth.mode === 'local' ? (
      <LocalSignIn
        onSignedIn={(next) => {
          setSignInErrors(undefined);
          setSession(next);
        }}
      />
    ) : (
      <HostedSignIn onStart={() => void startHostedSignIn()} errors={signInErrors} />
    );
  }

  const reviewer = hasRole(session, 'reviewer');
  const screen =
    !reviewer && route.screen !== 'admin' && hasRole(session, 'admin')
      ? ({ screen: 'admin', slug: '' } as const)
      : route;
  return (
    <>
      <header class="top">
        <p class="brand">Vetted reviewer console</p>
        <nav aria-label="Console">
          <ul>
            {reviewer ? (
              <li>
                <a href="#/queue" aria-current={screen.screen === 'queue' ? 'page' : undefined}>
                  Queue
                </a>
              </li>
            ) : null}
            {reviewer ? (
              <li>
                <a href="#/feedback" aria-current={screen.screen === 'feedback' ? 'page' : undefined}>
                  Reader feedback
                </a>
              </li>
            ) : null}
            {reviewer ? (
              <li>
                <a href="#/profile" aria-current={screen.screen === 'profile' ? 'page' : undefined}>
                  Your profile
                </a>
              </li>
            ) : null}
            {hasRole(session, 'admin') ? (
              <li>
                <a href="#/admin" aria-current={screen.screen === 'admin' ? 'page' : undefined}>
                  Administration
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
        <p class="who">
          Signed in as <strong data-testid="signed-in-as">{session.subject}</strong> (
          {session.roles.join(', ')})
        </p>
        <button type="button" class="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      {screen.screen === 'admin' && hasRole(session, 'admin') ? (
        <AdminScreen api={api} session={session} slug={screen.slug} />
      ) : screen.screen === 'question' ? (
        <ReviewScreen key={screen.id} api={api} session={session} id={screen.id} />
      ) : screen.screen === 'edit' ? (
        <EditorScreen key={screen.id} api={api} id={screen.id} />
      ) : screen.screen === 'feedback' && reviewer ? (
        <FeedbackScreen api={api} />
      ) : screen.screen === 'profile' && reviewer ? (
        <ProfileScreen api={api} />
      ) : reviewer ? (
        <QueueScreen api={api} />
      ) : (
        <main id="main">
          <h1>Nothing to show</h1>
          <p>Your account has no role the console knows. Ask an administrator.</p>
        </main>
      )}
    </>
  );
};
