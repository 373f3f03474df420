import { Buffer } from 'node:buffer';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base64url,
  type CryptoKey,
  exportJWK,
  exportSPKI,
  type GenerateKeyPairResult,
  generateKeyPair,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  LOCAL_KEY_FILE,
  type LocalSigningKey,
  loadOrCreateLocalSigningKey,
  localVerifierConfig,
  signLocalToken,
} from '../../infra/local/local-signing-key.ts';
import { runTokenCli } from '../../infra/local/token-cli.ts';
import { ForbiddenError, UnauthorizedError } from '../../shared/domain/errors.ts';
import {
  createTokenVerifier,
  type Principal,
  requireRole,
  type TokenVerifier,
} from '../../shared/http/auth.ts';

const now = () => Math.floor(Date.now() / 1000);

let dataDir: string;
let key: LocalSigningKey;
let verify: TokenVerifier;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vetted-auth-'));
  key = await loadOrCreateLocalSigningKey(dataDir);
  verify = createTokenVerifier(localVerifierConfig(key));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A token like the local one, with any claim or header overridable. */
async function craft(
  overrides: { claims?: Record<string, unknown>; signWith?: CryptoKey; iss?: string; aud?: string } = {},
): Promise<string> {
  return new SignJWT({ 'cognito:groups': ['reviewer'], ...overrides.claims })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setSubject('alice')
    .setIssuer(overrides.iss ?? LOCAL_ISSUER)
    .setAudience(overrides.aud ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(overrides.signWith ?? key.privateKey);
}

async function expectUnauthorized(header: string | undefined, message?: RegExp): Promise<void> {
  const error = await verify(header).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  if (message) expect((error as Error).message).toMatch(message);
  // Short and non-leaky: no jose internals, no token echo.
  expect((error as Error).message.length).toBeLessThan(60);
  expect((error as Error).message).not.toMatch(/jose|ERR_|JWS|signature verification/i);
}

describe('local token verification', () => {
  it('accepts a valid token and returns the principal', async () => {
    const token = await signLocalToken(key, { userId: 'alice', roles: ['reviewer', 'editor'] });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({
      userId: 'alice',
      roles: ['reviewer', 'editor'],
    });
  });

  it('accepts a lower-case scheme and surrounding whitespace', async () => {
    const token = await signLocalToken(key, { userId: 'alice', roles: ['admin'] });
    await expect(verify(`  bearer ${token} `)).resolves.toEqual({ userId: 'alice', roles: ['admin'] });
  });

  it('ignores groups that are not roles and duplicates', async () => {
    const token = await craft({ claims: { 'cognito:groups': ['reviewer', 'other-app', 'reviewer'] } });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ userId: 'alice', roles: ['reviewer'] });
  });

  /** A local-style token with explicit times (seconds since the epoch). */
  const timed = (times: { iat?: number; exp: number }, sub = 'alice', groups: unknown = ['reviewer']) =>
    new SignJWT({ 'cognito:groups': groups, ...(times.iat !== undefined ? { iat: times.iat } : {}) })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setSubject(sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime(times.exp)
      .sign(key.privateKey);

  it('rejects a token issued in the future beyond the skew, and accepts one within it', async () => {
    await expectUnauthorized(`Bearer ${await timed({ iat: now() + 3600, exp: now() + 7200 })}`);
    await expect(
      verify(`Bearer ${await timed({ iat: now() + 2, exp: now() + 600 })}`),
    ).resolves.toBeDefined();
  });

  it('caps the lifetime at 24 hours, with or without iat', async () => {
    await expectUnauthorized(`Bearer ${await timed({ iat: now(), exp: 1e20 })}`);
    await expectUnauthorized(`Bearer ${await timed({ exp: now() + 25 * 3600 })}`);
    await expectUnauthorized(`Bearer ${await timed({ iat: now(), exp: now() + 24 * 3600 + 60 })}`);
    await expect(
      verify(`Bearer ${await timed({ iat: now(), exp: now() + 24 * 3600 })}`),
    ).resolves.toBeDefined();
  });

  it('refuses a groups claim that is not an array of strings instead of granting it', async () => {
    await expectUnauthorized(`Bearer ${await timed({ iat: now(), exp: now() + 60 }, 'alice', 'reviewer')}`);
    await expectUnauthorized(
      `Bearer ${await timed({ iat: now(), exp: now() + 60 }, 'alice', ['reviewer', 7])}`,
    );
  });

  it('case-folds and trims the local subject: one person, one identity', async () => {
    for (const sub of ['Alice', 'alice ', ' ALICE']) {
      await expect(verify(`Bearer ${await timed({ iat: now(), exp: now() + 60 }, sub)}`)).resolves.toEqual({
        userId: 'alice',
        roles: ['reviewer'],
      });
    }
  });

  it('gives no roles when the groups claim is absent', async () => {
    const token = await craft({ claims: { 'cognito:groups': undefined } });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ userId: 'alice', roles: [] });
  });

  it('rejects a missing header', async () => {
    await expectUnauthorized(undefined, /missing/i);
    await expectUnauthorized('', /missing/i);
    await expectUnauthorized('   ', /missing/i);
  });

  it('rejects a scheme other than Bearer', async () => {
    const token = await craft();
    await expectUnauthorized(`Basic ${token}`, /Bearer/);
    await expectUnauthorized(token, /Bearer/);
    await expectUnauthorized('Bearer', /Bearer/);
    await expectUnauthorized(`Bearer ${token} extra`, /Bearer/);
  });

  it('rejects garbage', async () => {
    await expectUnauthorized('Bearer not-a-jwt', /invalid/i);
    await expectUnauthorized('Bearer a.b.c', /invalid/i);
    await expectUnauthorized('Bearer ....', /invalid/i);
  });

  it('rejects a token signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    await expectUnauthorized(`Bearer ${await craft({ signWith: other.privateKey })}`, /invalid/i);
  });

  it('rejects a token whose payload was tampered with', async () => {
    const [header, , signature] = (await craft()).split('.');
    const payload = base64url.encode(
      JSON.stringify({
        sub: 'mallory',
        'cognito:groups': ['admin'],
        iss: LOCAL_ISSUER,
        aud: LOCAL_AUDIENCE,
        exp: now() + 60,
      }),
    );
    await expectUnauthorized(`Bearer ${header}.${payload}.${signature}`, /invalid/i);
  });

  it('rejects an expired token', async () => {
    const token = await signLocalToken(key, { userId: 'alice', roles: ['reviewer'], expiresIn: now() - 60 });
    await expectUnauthorized(`Bearer ${token}`, /expired/i);
  });

  it('tolerates a few seconds of clock skew on exp', async () => {
    const token = await signLocalToken(key, { userId: 'alice', roles: ['reviewer'], expiresIn: now() - 2 });
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('rejects a token without exp', async () => {
    const token = await new SignJWT({ 'cognito:groups': ['reviewer'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('alice')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .sign(key.privateKey);
    await expectUnauthorized(`Bearer ${token}`, /invalid/i);
  });

  it('rejects a token that is not valid yet (nbf in the future)', async () => {
    const token = await new SignJWT({ 'cognito:groups': ['reviewer'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('alice')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setNotBefore(now() + 600)
      .setExpirationTime(now() + 1200)
      .sign(key.privateKey);
    await expectUnauthorized(`Bearer ${token}`, /invalid/i);
  });

  it('rejects the wrong issuer', async () => {
    await expectUnauthorized(`Bearer ${await craft({ iss: 'someone-else' })}`, /invalid/i);
  });

  it('rejects the wrong audience', async () => {
    await expectUnauthorized(`Bearer ${await craft({ aud: 'another-app' })}`, /invalid/i);
  });

  it('rejects a token without a subject', async () => {
    const token = await new SignJWT({ 'cognito:groups': ['reviewer'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('5m')
      .sign(key.privateKey);
    await expectUnauthorized(`Bearer ${token}`, /invalid/i);
  });

  it('rejects an unsigned alg:none token', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const header = encode({ alg: 'none', typ: 'JWT' });
    const payload = encode({
      sub: 'mallory',
      'cognito:groups': ['admin'],
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      exp: now() + 600,
    });
    await expectUnauthorized(`Bearer ${header}.${payload}.`, /invalid/i);
    await expectUnauthorized(`Bearer ${header}.${payload}`, /invalid/i);
  });

  it('rejects an HS256 token using the public key as the HMAC secret', async () => {
    const jwk = await exportJWK(key.publicKey);
    const spki = await exportSPKI(key.publicKey);
    for (const secret of [Buffer.from(spki), Buffer.from(JSON.stringify(jwk))]) {
      const token = await new SignJWT({ 'cognito:groups': ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setExpirationTime('5m')
        .sign(new Uint8Array(secret));
      await expectUnauthorized(`Bearer ${token}`, /invalid/i);
    }
  });

  it('accepts the public key as a JWK too', async () => {
    const fromJwk = createTokenVerifier({ ...localVerifierConfig(key), publicKey: key.publicJwk });
    await expect(fromJwk(`Bearer ${await craft()}`)).resolves.toEqual({
      userId: 'alice',
      roles: ['reviewer'],
    });
  });

  it('reads roles from a configured groups claim', async () => {
    const custom = createTokenVerifier({ ...localVerifierConfig(key), groupsClaim: 'groups' });
    const token = await craft({ claims: { groups: ['editor'] } });
    await expect(custom(`Bearer ${token}`)).resolves.toEqual({ userId: 'alice', roles: ['editor'] });
  });
});

describe('requireRole', () => {
  const principal: Principal = { userId: 'alice', roles: ['admin', 'editor'] };

  it('passes when the role is present', () => {
    expect(() => requireRole(principal, 'editor')).not.toThrow();
  });

  it('throws ForbiddenError when the role is missing, admin included', () => {
    expect(() => requireRole(principal, 'reviewer')).toThrow(ForbiddenError);
    expect(() => requireRole({ userId: 'bob', roles: [] }, 'admin')).toThrow(ForbiddenError);
  });
});

describe('local signing key', () => {
  it('keeps the key in a 0600 file and reuses it across calls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vetted-key-'));
    try {
      const first = await loadOrCreateLocalSigningKey(join(dir, 'nested'));
      const file = join(dir, 'nested', LOCAL_KEY_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const contents = await readFile(file, 'utf8');

      const second = await loadOrCreateLocalSigningKey(join(dir, 'nested'));
      expect(second.kid).toBe(first.kid);
      expect(await readFile(file, 'utf8')).toBe(contents);
      // A token from one load verifies with the other.
      const token = await signLocalToken(first, { userId: 'alice', roles: ['reviewer'] });
      await expect(createTokenVerifier(localVerifierConfig(second))(`Bearer ${token}`)).resolves.toEqual({
        userId: 'alice',
        roles: ['reviewer'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ends up with one key when many callers race to create it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vetted-key-'));
    try {
      const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalSigningKey(dir)));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to replace a corrupt key file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vetted-key-'));
    try {
      await writeFile(join(dir, LOCAL_KEY_FILE), '{"not":"a key"}');
      await expect(loadOrCreateLocalSigningKey(dir)).rejects.toThrow(/delete it/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('token CLI', () => {
  it('prints only a token and a newline, with the default user', async () => {
    const result = await runTokenCli(
      ['--role', 'reviewer', '--role', 'editor'],
      { VETTED_DATA_DIR: dataDir },
      '/',
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    await expect(verify(`Bearer ${result.stdout.trim()}`)).resolves.toEqual({
      userId: 'local-reviewer',
      roles: ['reviewer', 'editor'],
    });
  });

  it('honours --user and --expires', async () => {
    const result = await runTokenCli(
      ['--role', 'admin', '--user', 'carol', '--expires=-1h'],
      { VETTED_DATA_DIR: dataDir },
      '/',
    );
    expect(result.exitCode).toBe(0);
    await expectUnauthorized(`Bearer ${result.stdout.trim()}`, /expired/i);
  });

  it('exits 2 with a message on stderr for bad input', async () => {
    for (const args of [['--role', 'superuser'], [], ['--role', 'admin', '--expires', 'soon'], ['--bogus']]) {
      const result = await runTokenCli(args, { VETTED_DATA_DIR: dataDir }, '/');
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toBe('');
    }
  });
});

describe('JWKS (Cognito) token verification', () => {
  const issuer = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST';
  let server: Server;
  let jwksUrl: string;
  let rsa: GenerateKeyPairResult;
  let requests = 0;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const cognitoToken = (claims: Record<string, unknown>, kid = 'rsa-1') =>
    new SignJWT({ 'cognito:groups': ['reviewer', 'us-east-admins'], token_use: 'access', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('5f1c-uuid')
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(rsa.privateKey);

  it('verifies an RS256 access token (client_id, no aud) against the JWKS', async () => {
    const verifyCognito = createTokenVerifier({ mode: 'jwks', issuer, audience: 'client-123', jwksUrl });
    const token = await cognitoToken({ client_id: 'client-123', username: 'alice' });
    await expect(verifyCognito(`Bearer ${token}`)).resolves.toEqual({
      userId: '5f1c-uuid',
      roles: ['reviewer'],
    });
  });

  it("accepts the access tokens of each listed app client (the API's and the console's), and no other", async () => {
    const verifyCognito = createTokenVerifier({
      mode: 'jwks',
      issuer,
      audience: ['client-123', 'console-456'],
      jwksUrl,
    });
    for (const client of ['client-123', 'console-456']) {
      const token = await cognitoToken({ client_id: client });
      await expect(verifyCognito(`Bearer ${token}`)).resolves.toMatchObject({ roles: ['reviewer'] });
    }
    await expect(verifyCognito(`Bearer ${await cognitoToken({ client_id: 'client-999' })}`)).rejects.toThrow(
      UnauthorizedError,
    );
    await expect(
      verifyCognito(`Bearer ${await cognitoToken({ aud: ['x', 'console-456'] })}`),
    ).resolves.toBeTruthy();
  });

  it('refuses a Cognito ID token: only access tokens authorise API calls', async () => {
    const verifyCognito = createTokenVerifier({ mode: 'jwks', issuer, audience: 'client-123', jwksUrl });
    const idToken = await cognitoToken({ aud: 'client-123', token_use: 'id' });
    await expect(verifyCognito(`Bearer ${idToken}`)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses a token without token_use: "access" is required', async () => {
    const verifyCognito = createTokenVerifier({ mode: 'jwks', issuer, audience: 'client-123', jwksUrl });
    const bare = await cognitoToken({ client_id: 'client-123', token_use: undefined });
    await expect(verifyCognito(`Bearer ${bare}`)).rejects.toThrow(UnauthorizedError);
  });

  it('verifies a token with an aud claim, fetching the JWKS once for all verifiers and calls', async () => {
    const before = requests;
    const token = await cognitoToken({ aud: 'client-123' });
    for (let i = 0; i < 3; i += 1) {
      const verifyCognito = createTokenVerifier({ mode: 'jwks', issuer, audience: 'client-123', jwksUrl });
      await expect(verifyCognito(`Bearer ${token}`)).resolves.toMatchObject({ roles: ['reviewer'] });
      await verifyCognito(`Bearer ${token}`);
    }
    expect(requests - before).toBeLessThanOrEqual(1);
  });

  it('rejects another client, an unknown kid and an ES256 token', async () => {
    const verifyCognito = createTokenVerifier({ mode: 'jwks', issuer, audience: 'client-123', jwksUrl });
    const wrongClient = await cognitoToken({ client_id: 'client-999' });
    await expect(verifyCognito(`Bearer ${wrongClient}`)).rejects.toThrow(UnauthorizedError);
    const unknownKid = await cognitoToken({ client_id: 'client-123' }, 'rsa-2');
    await expect(verifyCognito(`Bearer ${unknownKid}`)).rejects.toThrow(UnauthorizedError);
    const es256 = await new SignJWT({ client_id: 'client-123' })
      .setProtectedHeader({ alg: 'ES256', kid: 'rsa-1' })
      .setSubject('mallory')
      .setIssuer(issuer)
      .setExpirationTime('5m')
      .sign(key.privateKey);
    await expect(verifyCognito(`Bearer ${es256}`)).rejects.toThrow(UnauthorizedError);
  });

  it('treats an unreachable JWKS as a server error, not a bad token', async () => {
    const unreachable = createTokenVerifier({
      mode: 'jwks',
      issuer,
      audience: 'client-123',
      jwksUrl: 'http://127.0.0.1:1/jwks.json',
    });
    const token = await cognitoToken({ client_id: 'client-123' });
    const error = await unreachable(`Bearer ${token}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
  });
});
