import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirProblem } from '../../../infra/local/data-dir.ts';
import { readyMessage } from '../../../infra/local/next-steps.ts';
import { portProblem, portProblemFromListenError } from '../../../infra/local/port-check.ts';

describe('portProblem', () => {
  it('is nothing for a free port', () => {
    expect(portProblem({ port: 3000, variable: 'PORT' }, 'free')).toBeUndefined();
  });

  it('names the port, another one, and PORT=0', () => {
    expect(portProblem({ port: 3000, variable: 'PORT' }, 'in-use')).toBe(
      'Port 3000 on 127.0.0.1 (PORT) is already in use. Stop what is using it, or choose another port: `PORT=3001 npm start`, or `PORT=0 npm start` for any free one.',
    );
  });

  it('says to unset a fixed DynamoDB Local or SQS port', () => {
    expect(portProblem({ port: 8000, variable: 'DYNAMODB_PORT' }, 'in-use')).toBe(
      'Port 8000 on 127.0.0.1 (DYNAMODB_PORT) is already in use. Stop what is using it, or unset DYNAMODB_PORT (or set it to 0) so that Vetted picks a free one.',
    );
  });

  it('explains a privileged port', () => {
    expect(portProblem({ port: 80, variable: 'PORT' }, 'not-allowed')).toMatch(
      /^Port 80 on 127\.0\.0\.1 \(PORT\) needs privileges this user does not have\. Instead, choose another port/,
    );
  });

  it('turns the listen errors of a port taken after the check into the same sentence', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(portProblemFromListenError({ port: 3000, variable: 'PORT' }, taken)).toBe(
      portProblem({ port: 3000, variable: 'PORT' }, 'in-use'),
    );
    expect(portProblemFromListenError({ port: 3000, variable: 'PORT' }, new Error('other'))).toBeUndefined();
  });
});

describe('dataDirProblem', () => {
  it('is nothing for a directory it can write, created if need be', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vetted-datadir-'));
    expect(dataDirProblem(join(parent, 'new', 'data'))).toBeUndefined();
    rmSync(parent, { recursive: true, force: true });
  });

  it('says what is in the way and how to choose another directory', () => {
    const parent = mkdtempSync(join(tmpdir(), 'vetted-datadir-'));
    writeFileSync(join(parent, 'file'), '');
    expect(dataDirProblem(join(parent, 'file'))).toBe(
      `Vetted keeps its data in ${join(parent, 'file')}, and it cannot write there (a file is in the way of that directory). Make that directory writable, or choose another one: \`VETTED_DATA_DIR=/a/directory/you/own npm start\`.`,
    );
    rmSync(parent, { recursive: true, force: true });
  });
});

describe('readyMessage', () => {
  it('keeps the listening line first and alone on its line', () => {
    const lines = readyMessage('http://127.0.0.1:3000', undefined).split('\n');
    expect(lines[0]).toBe('Vetted listening on http://127.0.0.1:3000');
    expect(lines.slice(1).join('\n')).not.toContain('Vetted listening on');
  });

  it('shows how to ask, get a reviewer token and find the OpenAPI document', () => {
    const message = readyMessage('http://127.0.0.1:3000', undefined);
    expect(message).toContain('curl -si -X POST http://127.0.0.1:3000/v1/questions');
    expect(message).toContain('TOKEN=$(npm run --silent token -- --role reviewer)');
    expect(message).toContain('http://127.0.0.1:3000/openapi.json');
  });

  it('passes a chosen data directory on to the token command, which reads its key there', () => {
    expect(readyMessage('http://127.0.0.1:3000', '/tmp/v')).toContain(
      'TOKEN=$(VETTED_DATA_DIR=/tmp/v npm run --silent token -- --role reviewer)',
    );
  });
});
