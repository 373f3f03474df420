import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../infra/local/doctor.ts';
import { pathWithoutJava } from '../support/process.ts';
import { useRuntime } from '../support/runtime.ts';

describe('npm run doctor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-doctor-'));
  const runtime = useRuntime({ storage: 'disk', dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reports Node, Java, the ports, the data directory, the lock and the library of a running Vetted', async () => {
    const { exitCode, text } = await runDoctor(
      { VETTED_DATA_DIR: dataDir, PORT: String(runtime().port) },
      process.cwd(),
    );
    expect(exitCode).toBe(0);
    expect(text).toMatch(/^ {2}OK {4}Node\.js +v\d+\.\d+\.\d+ at .+ \(needs 20 or newer\)$/m);
    expect(text).toMatch(/^ {2}OK {4}Java +Java \d+ \(.+\) at .+java \(needs 17 or newer\)$/m);
    expect(text).toMatch(
      new RegExp(
        `^ {2}INFO  PORT +${runtime().port} is in use by the running Vetted \\(pid ${process.pid}\\)$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(`^ {2}OK {4}data directory +${dataDir} \\(writable, \\d+\\.\\d MB\\)$`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(`^ {2}INFO  lock +held by the running Vetted: pid ${process.pid}, ${runtime().url}`, 'm'),
    );
    expect(text).toMatch(
      new RegExp(
        `^ {2}OK {4}reference library +150 sources in 1 load\\(s\\), newest demo, index version demo, in the running Vetted at ${runtime().url}$`,
        'm',
      ),
    );
  });

  it('fails, with the fix, on a machine without Java', async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'infra/local/doctor.ts'],
        {
          env: {
            ...process.env,
            PATH: pathWithoutJava(),
            VETTED_DATA_DIR: mkdtempSync(join(tmpdir(), 'vetted-doctor-')),
          },
        },
        (error, out) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: out }),
      );
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}FAIL {2}Java +no `java` on the PATH$/m);
    expect(stdout).toContain('→ Vetted needs Java 17 or newer to run DynamoDB Local');
    expect(stdout).toMatch(/reference library +counted only while Vetted runs/);
  });
});
