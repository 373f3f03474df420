/**
 * The local runtime's stand-in for Cognito: an ES256 key pair kept on disk
 * so that tokens minted by `npm run token` survive restarts, and tokens that
 * carry the same claims Cognito would (`sub`, `cognito:groups`).
 */
import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from 'jose';
import type { Config } from '../../shared/config.ts';
import {
  createTokenVerifier,
  DEFAULT_GROUPS_CLAIM,
  type LocalVerifierConfig,
  type TokenVerifier,
} from '../../shared/http/auth.ts';
import type { Role } from '../../shared/http/routes.ts';
import * as z from '../../shared/zod.ts';

export const LOCAL_ISSUER = 'vetted-local';
export const LOCAL_AUDIENCE = 'vetted';
export const LOCAL_KEY_FILE = 'local-jwt-key.json';
export const DEFAULT_LOCAL_TOKEN_TTL = '1h';
const ALG = 'ES256';

export interface LocalSigningKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
  issuer: typeof LOCAL_ISSUER;
  audience: typeof LOCAL_AUDIENCE;
}

export interface LocalTokenClaims {
  userId: string;
  roles: readonly Role[];
  /** A jose time span such as `1h` or `30 minutes`, or seconds as a number. */
  expiresIn?: string | number;
}

const storedKeySchema = z.object({
  alg: z.literal(ALG),
  kid: z.string().check(z.minLength(1)),
  privateJwk: z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().check(z.minLength(1)),
    y: z.string().check(z.minLength(1)),
    d: z.string().check(z.minLength(1)),
  }),
});
type StoredKey = z.infer<typeof storedKeySchema>;

export async function loadOrCreateLocalSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const path = join(dataDir, LOCAL_KEY_FILE);
  let stored = await readStoredKey(path);
  if (stored === undefined) {
    await mkdir(dataDir, { recursive: true });
    await createExclusively(path, await generateStoredKey());
    // Read back rather than use what we generated: another process may have won the race.
    stored = await readStoredKey(path);
    if (stored === undefined) throw new Error(`${path} vanished right after it was created`);
  }
  return importStoredKey(stored);
}

export function signLocalToken(key: LocalSigningKey, claims: LocalTokenClaims): Promise<string> {
  return new SignJWT({ [DEFAULT_GROUPS_CLAIM]: [...claims.roles] })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(key.issuer)
    .setAudience(key.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? DEFAULT_LOCAL_TOKEN_TTL)
    .sign(key.privateKey);
}

/** The verifier configuration that accepts this key's tokens. */
export function localVerifierConfig(key: LocalSigningKey): LocalVerifierConfig {
  return { mode: 'local', issuer: key.issuer, audience: key.audience, publicKey: key.publicKey };
}

async function readStoredKey(path: string): Promise<StoredKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = storedKeySchema.safeParse(safeJsonParse(text));
  if (!parsed.success) {
    // Never silently replace it: tokens already handed out would stop working.
    throw new Error(`${path} is not a valid local signing key; delete it to create a new one`);
  }
  // The file holds a private key; tighten it if someone loosened it.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return parsed.data;
}

/**
 * Publishes the key file only if none exists yet. A rename would replace a
 * file another process has just created (and may already be signing with);
 * a hard link of a fully written temp file fails with EEXIST instead, so
 * every process ends up reading the same key.
 */
async function createExclusively(path: string, key: StoredKey): Promise<void> {
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600); // the umask could only have narrowed it, but be explicit
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function generateStoredKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const privateJwk = storedKeySchema.shape.privateJwk.parse(jwk);
  return { alg: ALG, kid: await calculateJwkThumbprint(publicPart(privateJwk)), privateJwk };
}

async function importStoredKey(stored: StoredKey): Promise<LocalSigningKey> {
  const publicJwk = { ...publicPart(stored.privateJwk), alg: ALG, kid: stored.kid, use: 'sig' };
  const [privateKey, publicKey] = await Promise.all([
    importJWK(stored.privateJwk, ALG),
    importJWK(publicJwk, ALG),
  ]);
  return {
    privateKey: privateKey as CryptoKey,
    publicKey: publicKey as CryptoKey,
    publicJwk,
    kid: stored.kid,
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  };
}

function publicPart(jwk: StoredKey['privateJwk']): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The verifier the local runtime hands the review API (`platform.localTokens`): its key, loaded on first use. */
export const localTokenVerifier = (auth: Config['auth']) => async (): Promise<TokenVerifier> =>
  createTokenVerifier({
    ...localVerifierConfig(await loadOrCreateLocalSigningKey(auth.dataDir)),
    groupsClaim: auth.groupsClaim,
  });
