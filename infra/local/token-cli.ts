/**
 * `npm run --silent token -- --role reviewer [--role editor] [--user alice] [--expires 1h]`
 * prints a bearer token the local runtime accepts, and nothing else, so that
 * `TOKEN=$(npm run --silent token -- --role reviewer)` just works.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { isRole, ROLES } from '../../shared/http/auth.ts';
import { loadOrCreateLocalSigningKey, signLocalToken } from './local-signing-key.ts';

const USAGE = `Usage: npm run --silent token -- --role <${ROLES.join('|')}> [--role …] [--user <id>] [--expires <span>]
  --role     a role to grant (repeatable, at least one)
  --user     the token's subject (default: local-<first role>)
  --expires  lifetime such as 30m, 1h, 7d (default: 1h)
The signing key lives in $VETTED_DATA_DIR (default .vetted)/local-jwt-key.json.`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runTokenCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  const usageError = (message: string): CliResult => ({
    exitCode: 2,
    stdout: '',
    stderr: `${message}\n${USAGE}\n`,
  });

  let values: { role?: string[]; user?: string; expires?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        role: { type: 'string', multiple: true },
        user: { type: 'string' },
        expires: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };

  const roles = values.role ?? [];
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) return usageError(`Unknown role: ${unknown.join(', ')}`);
  if (roles.length === 0) return usageError('At least one --role is required');
  const validRoles = [...new Set(roles.filter(isRole))];

  const user = values.user ?? `local-${validRoles[0]}`;
  if (user.trim() === '') return usageError('--user must not be blank');
  if (values.expires !== undefined && !isTimeSpan(values.expires)) {
    return usageError(`Invalid --expires: ${values.expires}`);
  }

  const dataDir = resolve(cwd, env.VETTED_DATA_DIR || '.vetted');
  const key = await loadOrCreateLocalSigningKey(dataDir);
  const token = await signLocalToken(key, {
    userId: user,
    roles: validRoles,
    ...(values.expires !== undefined ? { expiresIn: values.expires } : {}),
  });
  return { exitCode: 0, stdout: `${token}\n`, stderr: '' };
}

/** Asks jose itself, so the CLI accepts exactly the spans signing accepts. */
function isTimeSpan(span: string): boolean {
  try {
    new SignJWT({}).setExpirationTime(span);
    return true;
  } catch {
    return false;
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  runTokenCli(process.argv.slice(2), process.env, process.cwd()).then(
    ({ exitCode, stdout, stderr }) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
