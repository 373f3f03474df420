import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the typed client for front ends', () => {
  it('`npm run client` generates types that the front-end example type-checks against', async () => {
    await run('npm', ['run', '--silent', 'client']);
    expect(existsSync('client/vetted-api.d.ts')).toBe(true);
    const types = readFileSync('client/vetted-api.d.ts', 'utf8');
    for (const name of ['Article', 'RelatedGraph', 'QuestionStatus', 'ReviewDetail', 'Problem']) {
      expect(types).toMatch(new RegExp(`\\b${name}: \\{`));
    }
    // The example holds @ts-expect-error lines: types that were `unknown` would fail it too.
    const checked = await run('node_modules/.bin/tsc', ['--noEmit', '-p', 'test/client/tsconfig.json']).catch(
      (error: { stdout?: string; stderr?: string }) => ({
        stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(checked.stdout).toBe('');
  }, 180_000);
});
