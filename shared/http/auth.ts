/**
 * Bearer-token authentication: one verifier for both environments. Locally
 * the token is signed with an ES256 key the local runtime keeps on disk;
 * on AWS it comes from Cognito and is checked against the user pool's JWKS.
 * Both carry roles in the same claim (`cognito:groups` by default), so the
 * code path after signature verification is identical.
 */
import {
  type CryptoKey,
  createRemoteJWKSet,
  type JWK,
  type JWSAlgorithm,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.ts';
import type { Role } from './routes.ts';

export type Principal = { userId: string; roles: Role[] };

export const DEFAULT_GROUPS_CLAIM = 'cognito:groups';
/** Seconds of clock skew tolerated on exp/nbf/iat between issuer and us. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
/** The longest lifetime (exp − iat) a token may have: Cognito's own maximum for access tokens. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

// A Record keyed by Role makes the compiler flag a role added to routes.ts but not here.
const ROLE_SET: Record<Role, true> = { reviewer: true, editor: true, admin: true };
export const ROLES = Object.keys(ROLE_SET) as Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLE_SET, value);
}

interface CommonVerifierConfig {
  issuer: string;
  /** Matched against `aud`, or `client_id` (Cognito access tokens carry no `aud`); any of several app clients. */
  audience: string | readonly string[];
  /** Claim holding the caller's groups; group names equal to a Role grant it. */
  groupsClaim?: string;
  clockToleranceSeconds?: number;
  /** Tokens living longer than this (exp − iat, or exp − now without iat) are refused; 24 h by default. */
  maxLifetimeSeconds?: number;
}

export interface LocalVerifierConfig extends CommonVerifierConfig {
  mode: 'local';
  publicKey: CryptoKey | JWK;
}

export interface JwksVerifierConfig extends CommonVerifierConfig {
  mode: 'jwks';
  jwksUrl: string | URL;
}

export type TokenVerifierConfig = LocalVerifierConfig | JwksVerifierConfig;

export type TokenVerifier = (authorizationHeader: string | undefined) => Promise<Principal>;

/**
 * Asymmetric algorithms only, one per mode: this is what rejects `alg: none`
 * and an HS256 token "signed" with our public key as the HMAC secret.
 */
const ALGORITHMS: Record<TokenVerifierConfig['mode'], JWSAlgorithm[]> = {
  local: ['ES256'],
  jwks: ['RS256'],
};

/** Errors that mean "this token is no good" (401), as opposed to "we could not check" (500). */
const TOKEN_ERROR_CODES: ReadonlySet<string> = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

// One key set per URL for the life of the container: jose caches the fetched
// keys inside it, so a verifier per call would refetch the JWKS every request.
const remoteKeySets = new Map<string, JWTVerifyGetKey>();

function remoteKeySet(url: string | URL): JWTVerifyGetKey {
  const href = new URL(url).href;
  let keySet = remoteKeySets.get(href);
  if (keySet === undefined) {
    keySet = createRemoteJWKSet(new URL(href));
    remoteKeySets.set(href, keySet);
  }
  return keySet;
}

export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  const key = config.mode === 'local' ? config.publicKey : remoteKeySet(config.jwksUrl);
  const options = {
    issuer: config.issuer,
    algorithms: ALGORITHMS[config.mode],
    clockTolerance: config.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp'],
  };
  const groupsClaim = config.groupsClaim ?? DEFAULT_GROUPS_CLAIM;

  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    let payload: JWTPayload;
    try {
      // Two call sites because jose's overloads split on key vs key-resolver.
      payload =
        typeof key === 'function'
          ? (await jwtVerify(token, key, options)).payload
          : (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      throw asUnauthorized(error);
    }
    if (!audienceMatches(payload, config.audience)) throw new UnauthorizedError('Invalid token');
    // Cognito also issues ID tokens for the same client; only access tokens authorise API calls.
    if (config.mode === 'jwks' && payload.token_use !== 'access') {
      throw new UnauthorizedError('Invalid token');
    }
    assertTimes(payload, options.clockTolerance, config.maxLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS);
    const principal = principalFrom(payload, groupsClaim);
    // Locally the subject is whatever `npm run token -- --user` was given: one person, one spelling.
    return config.mode === 'local'
      ? { ...principal, userId: principal.userId.trim().toLowerCase() }
      : principal;
  };
}

/** `iat` not in the future beyond the skew, and no lifetime longer than the cap. */
function assertTimes(payload: JWTPayload, toleranceSeconds: number, maxLifetimeSeconds: number): void {
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload;
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + toleranceSeconds)) {
    throw new UnauthorizedError('Invalid token');
  }
  const issuedAt = typeof iat === 'number' ? iat : now;
  if (typeof exp !== 'number' || exp - issuedAt > maxLifetimeSeconds + toleranceSeconds) {
    throw new UnauthorizedError('Invalid token');
  }
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}

/**
 * Roles are not hierarchical: an admin who should also review is put in the
 * reviewer group too, so every grant is visible in the identity provider.
 */
export function requireRole(principal: Principal, role: Role): void {
  if (!hasRole(principal, role)) throw new ForbiddenError(`Requires the ${role} role`);
}

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new UnauthorizedError('Missing bearer token');
  const match = /^Bearer +([^\s]+)$/i.exec(header.trim());
  if (match?.[1] === undefined) throw new UnauthorizedError('Expected "Authorization: Bearer <token>"');
  return match[1];
}

function asUnauthorized(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !TOKEN_ERROR_CODES.has(code)) {
    // JWKS unreachable or malformed: our problem, not the caller's token.
    return error;
  }
  return new UnauthorizedError(code === 'ERR_JWT_EXPIRED' ? 'Token expired' : 'Invalid token');
}

function audienceMatches(payload: JWTPayload, audience: string | readonly string[]): boolean {
  const accepted: readonly string[] = typeof audience === 'string' ? [audience] : audience;
  const aud = payload.aud;
  if (typeof aud === 'string') return accepted.includes(aud);
  if (Array.isArray(aud)) return aud.some((value) => accepted.includes(value));
  return typeof payload.client_id === 'string' && accepted.includes(payload.client_id);
}

function principalFrom(payload: JWTPayload, groupsClaim: string): Principal {
  // `sub` is stable across renames; `username` covers tokens that lack it.
  const userId = [payload.sub, payload.username].find((v): v is string => typeof v === 'string' && v !== '');
  if (userId === undefined) throw new UnauthorizedError('Invalid token');
  const claim = payload[groupsClaim];
  // An array of strings or nothing: a plain string (or anything else) is a malformed token, not a role.
  if (claim !== undefined && !(Array.isArray(claim) && claim.every((group) => typeof group === 'string'))) {
    throw new UnauthorizedError('Invalid token');
  }
  const groups: unknown[] = claim ?? [];
  // Groups that are not roles (other apps' groups in the same pool) are ignored.
  const roles = [...new Set(groups.filter(isRole))];
  return { userId, roles };
}
