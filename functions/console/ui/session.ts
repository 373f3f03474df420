import type { Role } from './types.ts';

/** Who is signed in. The token lives only in this object, in memory: a reload signs out. */
export interface Session {
  token: string;
  subject: string;
  roles: Role[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

const ROLES: readonly Role[] = ['reviewer', 'editor', 'admin'];

const base64UrlDecode = (text: string): string => {
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
};

/**
 * Reads (does not verify: the API does) a JWT's subject, groups and expiry,
 * so the console shows what the roles allow. `undefined` for anything that
 * is not a JWT with a subject and an expiry.
 */
export const sessionFromToken = (token: string): Session | undefined => {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1] as string)) as Record<string, unknown>;
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
    return {
      token: token.trim(),
      subject: typeof claims.username === 'string' ? claims.username : claims.sub,
      roles: ROLES.filter((role) => groups.includes(role)),
      expiresAt: claims.exp * 1000,
    };
  } catch {
    return undefined;
  }
};

export const hasRole = (session: Session, role: Role): boolean => session.roles.includes(role);
