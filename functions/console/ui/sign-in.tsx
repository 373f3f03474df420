import { useState } from 'preact/hooks';
import { Alert, PageHeading } from './components.tsx';
import { type Session, sessionFromToken } from './session.ts';

/** Local runtime: paste a token from `npm run --silent token -- --role reviewer --user alice`. */
export const LocalSignIn = ({ onSignedIn }: { onSignedIn: (session: Session) => void }) => {
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<string[]>();
  const submit = (event: Event) => {
    event.preventDefault();
    const session = sessionFromToken(token);
    if (!session) return setErrors(['That is not a token. Paste the whole output of npm run token.']);
    if (session.expiresAt <= Date.now()) return setErrors(['That token has expired. Make a new one.']);
    if (session.roles.length === 0) return setErrors(['That token has no reviewer, editor or admin role.']);
    onSignedIn(session);
  };
  return (
    <main id="main" class="narrow">
      <PageHeading>Sign in to the reviewer console</PageHeading>
      <p>
        Locally, make a token with <code>npm run --silent token -- --role reviewer --user alice</code> (add{' '}
        <code>--role editor</code> or <code>--role admin</code> as needed) and paste it here. It is kept in
        this tab's memory only.
      </p>
      <form onSubmit={submit}>
        <Alert messages={errors} />
        <label for="token">Access token</label>
        <textarea
          id="token"
          name="token"
          rows={5}
          required
          spellcheck={false}
          autocomplete="off"
          value={token}
          onInput={(event) => setToken((event.currentTarget as HTMLTextAreaElement).value)}
        />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
};

export const HostedSignIn = ({ onStart, errors }: { onStart: () => void; errors?: string[] | undefined }) => (
  <main id="main" class="narrow">
    <PageHeading>Sign in to the reviewer console</PageHeading>
    <Alert messages={errors} />
    <p>You sign in with your board account (password and authenticator code).</p>
    <button type="button" onClick={onStart}>
      Sign in
    </button>
  </main>
);
