/** The console's built files, by the name they are served under (`/console/<name>`). */
export interface ConsoleAssets {
  'app.js': string;
  'app.css': string;
}

export const ASSET_NAMES = ['app.js', 'app.css'] as const satisfies readonly (keyof ConsoleAssets)[];

/** How the console signs people in: a pasted local token, or Cognito's hosted UI (authorization code + PKCE). */
export type ConsoleSettings =
  | { auth: { mode: 'local' } }
  | { auth: { mode: 'cognito'; domain: string; clientId: string; scopes: string[] } };

/** The console function's environment, set by the CDK app (`CONSOLE_AUTH=cognito` with the hosted UI's domain and client). */
export const consoleSettings = (env: Record<string, string | undefined>): ConsoleSettings => {
  if (env.CONSOLE_AUTH !== 'cognito') return { auth: { mode: 'local' } };
  const domain = env.COGNITO_DOMAIN;
  const clientId = env.COGNITO_CLIENT_ID;
  if (!domain || !clientId)
    throw new Error('CONSOLE_AUTH=cognito needs COGNITO_DOMAIN and COGNITO_CLIENT_ID');
  return { auth: { mode: 'cognito', domain, clientId, scopes: ['openid', 'email'] } };
};
