/** OAuth 2.0 authorization code with PKCE (RFC 7636) against Cognito's hosted UI. */
const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export const randomVerifier = (): string => base64Url(crypto.getRandomValues(new Uint8Array(48)));

export const challengeOf = async (verifier: string): Promise<string> =>
  base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));

export interface HostedUi {
  domain: string;
  clientId: string;
  scopes: string[];
  redirectUri: string;
}

export const authorizeUrl = (ui: HostedUi, state: string, challenge: string): string => {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
    redirect_uri: ui.redirectUri,
    scope: ui.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${ui.domain}/oauth2/authorize?${query}`;
};

export const logoutUrl = (ui: HostedUi): string =>
  `${ui.domain}/logout?${new URLSearchParams({ client_id: ui.clientId, logout_uri: ui.redirectUri })}`;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresInSeconds: number;
}

const postForm = async (url: string, form: Record<string, string>): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });

const tokenRequest = async (ui: HostedUi, form: Record<string, string>): Promise<TokenSet> => {
  const response = await postForm(`${ui.domain}/oauth2/token`, { client_id: ui.clientId, ...form });
  if (!response.ok) throw new Error(`The sign-in service refused the request (${response.status})`);
  const body = (await response.json()) as {
    access_token: string;
    refresh_token?: string;
    expires_in: number;
  };
  return {
    accessToken: body.access_token,
    ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    expiresInSeconds: body.expires_in,
  };
};

export const exchangeCode = (ui: HostedUi, code: string, verifier: string): Promise<TokenSet> =>
  tokenRequest(ui, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: ui.redirectUri,
    code_verifier: verifier,
  });

export const refreshTokens = (ui: HostedUi, refreshToken: string): Promise<TokenSet> =>
  tokenRequest(ui, { grant_type: 'refresh_token', refresh_token: refreshToken });

export const revoke = async (ui: HostedUi, refreshToken: string): Promise<void> => {
  await postForm(`${ui.domain}/oauth2/revoke`, { client_id: ui.clientId, token: refreshToken });
};

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 2 * 60 * 1000;

export const refreshDelayMs = (expiresInSeconds: number): number =>
  Math.max(5_000, expiresInSeconds * 1000 - REFRESH_MARGIN_MS);
