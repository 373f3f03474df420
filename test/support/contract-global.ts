import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    contractCountFile: string;
  }
}

/** Collects how many responses each test file's contract check validated and prints the project's total. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'vetted-contract-'));
  const file = join(dir, 'counts');
  writeFileSync(file, '');
  project.provide('contractCountFile', file);
  return () => {
    const total = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .reduce((sum, line) => sum + Number(line), 0);
    console.log(
      `contract check (${project.name}): ${total} responses validated against the OpenAPI document`,
    );
    rmSync(dir, { recursive: true, force: true });
  };
}
