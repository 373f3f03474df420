import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSourcesLoad } from '../../infra/local/sources-load-cli.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { committedSourceIndex } from '../../shared/adapters/library-index.ts';
import { eventually, readJson, request, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const directory = mkdtempSync(join(tmpdir(), 'vetted-sources-'));
const catalog = () => new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources);
/** Which of `ids` the committed index version holds, with their passages. */
const indexed = async (ids: readonly string[]) => {
  const index = await committedSourceIndex(runtime().config, catalog())();
  const found = await Promise.all(ids.map((id) => index.source(id)));
  return found.flatMap((source) => (source && source.passages.length > 0 ? [source.source.id] : []));
};

const source = (id: string, text: string) =>
  JSON.stringify({
    id,
    title: `[Test] ${id}`,
    publisher: 'Test publisher',
    year: 2025,
    url: `https://example.org/${id}`,
    text,
  });

const run = async (lines: string[]) => {
  const file = join(directory, `library-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return runFile(file);
};

const runFile = async (file: string) => {
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
  return { code, out, err };
};

describe('npm run sources:load', () => {
  it('reports every bad line by number and loads nothing', async () => {
    const before = await catalog().pointer();
    const pointerBefore = await catalog().pointer();
    const result = await run([
      source('test-good', 'A perfectly good source about hydration and water intake.'),
      '{"id": "broken"',
      JSON.stringify({ id: 'no-url', title: 't', publisher: 'p', year: 2020, text: 'x' }),
      source('test-good', 'The same id again.'),
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line 2: invalid JSON/);
    expect(result.err).toMatch(/line 3: .*url/);
    expect(result.err).toMatch(/line 4: .*duplicate/i);
    expect(result.err).toMatch(/Nothing was loaded/);
    expect(await catalog().pointer()).toEqual(before);
    expect(await catalog().pointer()).toEqual(pointerBefore);
  });

  it('adds the sources to the running system, where the draft generator cites them', async () => {
    const result = await run([
      source(
        'test-kombucha-gut',
        'Kombucha is a fermented tea drink. Small trials of kombucha found no consistent effect on gut health. Kombucha can contain small amounts of alcohol.',
      ),
      source('test-kombucha-safety', 'Home-brewed kombucha has been linked to rare cases of contamination.'),
    ]);
    expect(result).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/Loaded 2 sources .*; the library now holds 152\.$/)],
    });
    // Committed in one step: the load appended, its index version set, the count grown by two.
    const pointer = await catalog().pointer();
    expect(pointer).toMatchObject({ loads: ['demo', expect.any(String)], sourceCount: 152 });
    expect(pointer.indexVersion).toBe(pointer.loads.at(-1));
    const cited = await catalog().resolve(['test-kombucha-gut', 'test-kombucha-safety', 'test-good']);
    expect([...cited.keys()].sort()).toEqual(['test-kombucha-gut', 'test-kombucha-safety']);
    // The metadata as loaded, plus the AMA reference rendered at load.
    expect(cited.get('test-kombucha-gut')).toEqual({
      formatted: expect.stringContaining('test-kombucha-gut'),
      id: 'test-kombucha-gut',
      title: '[Test] test-kombucha-gut',
      publisher: 'Test publisher',
      year: 2025,
      url: 'https://example.org/test-kombucha-gut',
    });
    const wanted = ['test-kombucha-gut', 'test-kombucha-safety', 'demo-hypertension-diagnosis'];
    expect(await indexed(wanted)).toEqual(wanted);

    const asked = await request(runtime().url, 'POST', '/v1/questions', {
      body: { question: 'Is kombucha good for gut health?' },
    });
    const { id } = await readJson(asked);
    const store = new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);
    const revision = await eventually(async () => store.getRevision(id, 1));
    expect(revision.draft.citations.map((citation) => citation.sourceId)).toContain('test-kombucha-gut');
  });

  const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/library/${name}`, import.meta.url));

  it.each([
    ['zotero.json', ['okafor2021-home-bp', 'ramirez2019-statins-elderly', 'nice-ng136']],
    ['endnote.ris', ['varga2022-sglt2', 'doi-10.5555-bhr.2020.055', 'who-2021-hypertension-drugs']],
    ['library.bib', ['dubois2018asthma', 'petrov2023sleep', 'aha2022heartfailure']],
    ['pubmed.xml', ['pmid-34567890', 'pmid-30123456', 'pmid-37000111']],
  ])('loads %s, read by its extension', async (name, ids) => {
    const result = await runFile(fixture(name));
    expect(result).toMatchObject({
      code: 0,
      out: [
        expect.stringMatching(
          new RegExp(`^Loaded ${ids.length} sources from .*; the library now holds \\d+\\.$`),
        ),
      ],
    });
    expect(await indexed(ids)).toEqual(ids);
  });

  it('refuses a malformed library file by record and line, and loads none of it', async () => {
    const before = await catalog().pointer();
    const result = await runFile(fixture('endnote-malformed.ris'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/record 2 \(line 11\): text: no text/);
    expect(result.err).toMatch(/record 3 \(line 20\): the record has no "ER {2}- " end line/);
    expect(await catalog().pointer()).toEqual(before);
  });

  it('says how to start the system when none is running', async () => {
    const file = join(directory, 'one.jsonl');
    writeFileSync(file, `${source('x-1', 'text')}\n`);
    let err = '';
    const code = await runSourcesLoad(
      [file],
      { VETTED_DATA_DIR: directory },
      {
        out: () => undefined,
        err: (text) => {
          err += text;
        },
        isTty: false,
      },
    );
    expect(code).toBe(2);
    expect(err).toMatch(/npm start/);
  });
});
