import type { Config } from '../config.ts';
import type { Authenticator } from './api-handler.ts';
import { createTokenVerifier, requireRole, type TokenVerifier } from './auth.ts';

/**
 * The bearer-token check for role routes, from configuration: in AWS
 * Cognito's JWKS (after API Gateway's JWT authorizer has checked the token
 * once already; the role is checked only here); locally the verifier the
 * local runtime hands in (`platform.localTokens`, the key `npm run token`
 * signs with), so no Lambda bundle carries the local stand-in. Built once per
 * container.
 */
export const createAuthenticator = (
  auth: Config['auth'],
  localTokens?: () => Promise<TokenVerifier>,
): Authenticator => {
  let verifier: Promise<TokenVerifier> | undefined;
  const buildVerifier = async (): Promise<TokenVerifier> => {
    if (auth.mode === 'local') {
      if (!localTokens) throw new Error('AUTH_MODE=local works only inside the local runtime');
      return localTokens();
    }
    if (!auth.issuer || !auth.audience || !auth.jwksUrl) {
      throw new Error('AUTH_MODE=jwks needs JWT_ISSUER, JWT_AUDIENCE and JWKS_URL');
    }
    return createTokenVerifier({
      mode: 'jwks',
      issuer: auth.issuer,
      // JWT_AUDIENCE lists the app clients whose tokens count (the API's and the console's), comma-separated.
      audience: auth.audience.split(',').map((client) => client.trim()),
      jwksUrl: auth.jwksUrl,
      groupsClaim: auth.groupsClaim,
    });
  };
  return async (authorizationHeader, role) => {
    verifier ??= buildVerifier().catch((error) => {
      verifier = undefined; // a failed key load is retried by the next request
      throw error;
    });
    const principal = await (await verifier)(authorizationHeader);
    requireRole(principal, role);
    return principal;
  };
};
