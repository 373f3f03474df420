import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSourcesLoad } from '../../infra/local/sources-load-cli.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import {
  expectNothingOpenedTwice,
  expectWithdrawnAndReReviewed,
  publishedCitingArticle,
  reason,
  successor,
} from '../support/file-withdrawals.ts';
import { demoRecord as record } from '../support/library-files.ts';
import { useRuntime } from '../support/runtime.ts';

/**
 * A library file marks a source withdrawn (`withdrawn: { reason, supersededBy? }`) and
 * `npm run sources:load` withdraws it as the admin route does: the catalogue mark, the notice on the
 * citing article, its re-review. Bad marks are refused by line before anything is loaded, and a
 * reload of the same file changes nothing.
 */
const runtime = useRuntime();
const directory = mkdtempSync(join(tmpdir(), 'vetted-withdrawals-'));
const catalog = () => new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources);
const load = async (lines: string[]) => {
  const file = join(directory, `library-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const out: string[] = [];
  let err = '';
  const code = await runSourcesLoad(
    [file],
    { VETTED_DATA_DIR: runtime().config.auth.dataDir },
    {
      out: (line) => out.push(line),
      err: (text) => {
        err += text;
      },
      isTty: false,
    },
  );
  return { code, out: out.join('\n'), err };
};

let article: { id: string; slug: string };
let cited: string;

beforeAll(async () => {
  ({ article, cited } = await publishedCitingArticle(runtime()));
}, 120_000);

describe('withdrawals in a library file', () => {
  it('refuses bad marks by line, before anything is loaded', async () => {
    const before = await catalog().pointer();
    const unreadable = await load([
      record(successor),
      record(cited, { reason: '   ' }),
      record('demo-statins-choosing', { reason: 'x', extra: true }),
    ]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toMatch(/line 2: withdrawn\.reason: must not be blank/);
    expect(unreadable.err).toMatch(/line 3: withdrawn: Unrecognized key: "extra"/);
    expect(unreadable.err).toMatch(/Nothing was loaded/);
    // Marks that read well but cannot be applied: checked against the file and the library.
    const unusable = await load([
      record(successor),
      record('demo-flu-antivirals', { reason: 'x', supersededBy: 'demo-flu-antivirals' }),
      record('demo-statins-prevention', { reason: 'x', supersededBy: 'no-such-source' }),
      record('demo-statins-choosing', { reason: 'x', supersededBy: 'demo-flu-antivirals' }),
    ]);
    expect(unusable.code).toBe(1);
    expect(unusable.err).toMatch(/line 2: withdrawn\.supersededBy: a source cannot supersede itself/);
    expect(unusable.err).toMatch(/line 3: withdrawn\.supersededBy: source "no-such-source" is neither/);
    expect(unusable.err).toMatch(
      /line 4: withdrawn\.supersededBy: source "demo-flu-antivirals" is withdrawn too/,
    );
    expect(unusable.err).toMatch(/Nothing was loaded/);
    expect(await catalog().pointer()).toEqual(before);
    expect((await catalog().resolveWithWithdrawals([cited])).withdrawn.size).toBe(0);
  });

  it('withdraws the marked source: a notice on the citing article and its re-review', async () => {
    const result = await load([record(cited, { reason, supersededBy: successor }), record(successor)]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Withdrew 1 source \(0 withdrawn already/);
    await expectWithdrawnAndReReviewed(runtime(), article, cited);
  });

  it('changes nothing when the same file is loaded again', async () => {
    const result = await load([record(cited, { reason, supersededBy: successor }), record(successor)]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Withdrew 0 sources \(1 withdrawn already the same way\)/);
    await expectNothingOpenedTwice(runtime(), article);
  });

  it('refuses another reason for a source withdrawn already', async () => {
    const before = await catalog().pointer();
    const result = await load([record(cited, { reason: 'Another reason' })]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /line 1: withdrawn\.reason: source ".+" was withdrawn on .+ for another reason/,
    );
    expect(await catalog().pointer()).toEqual(before);
  });
});
