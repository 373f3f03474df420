/**
 * The library as a team brings it: a library the project never saw, loaded
 * with `npm run sources:load`, answers lay-phrased questions from the
 * committed LanceDB index version; a load that fails half-way leaves the
 * previous version serving, and the next good one switches in one step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSourcesLoad } from '../../infra/local/sources-load-cli.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { LanceIndexReader } from '../../shared/adapters/lancedb/index.ts';
import { committedSourceIndex, indexLocation, lanceIndexBuild } from '../../shared/adapters/library-index.ts';
import { clinicalVocabulary, englishCount } from '../../shared/domain/clinical-language.ts';
import { DRAFT_FLAGS } from '../../shared/domain/draft.ts';
import type { Source } from '../../shared/domain/source.ts';
import { commitLibraryLoad } from '../../shared/use-cases/load-library.ts';
import { evidenceRetriever } from '../../shared/use-cases/retrieve-evidence.ts';
import { useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const catalog = () => new DynamoLibraryCatalog(runtime().platform.dynamo, runtime().config.tables.sources);
const generator = () =>
  new LocalDraftGenerator(
    evidenceRetriever({
      index: committedSourceIndex(runtime().config, catalog()),
      vocabulary: clinicalVocabulary(),
      englishCount,
    }),
  );
const draft = (question: string) =>
  generator().generate({ questionId: 'q', question, audience: 'patient', revision: 1, reviewerComments: [] });
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

interface ForeignQuestions {
  inLibrary: { question: string; topics: string[] }[];
  offLibrary: { question: string }[];
}

describe('a library the project never saw, loaded with sources:load', () => {
  it('answers most of its lay-phrased questions from the right guide and refuses its near misses', async () => {
    const loaded = await runSourcesLoad(
      [fixture('foreign-library.jsonl')],
      { VETTED_DATA_DIR: runtime().config.auth.dataDir },
      { out: () => undefined, err: () => undefined, isTty: false },
    );
    expect(loaded).toBe(0);
    const questions = JSON.parse(readFileSync(fixture('foreign-questions.json'), 'utf8')) as ForeignQuestions;
    const answeredRight: string[] = [];
    for (const { question, topics } of questions.inLibrary) {
      const cited = (await draft(question)).citations.map((citation) => citation.sourceId ?? '');
      if (cited.some((id) => topics.some((topic) => id.startsWith(topic)))) answeredRight.push(question);
    }
    // Measured, not tuned on: 15 of the 24 with the demo library beside it (see the README).
    expect(answeredRight.length).toBeGreaterThanOrEqual(14);
    for (const { question } of questions.offLibrary) {
      expect((await draft(question)).flags, question).toContain(DRAFT_FLAGS.noRelevantSources);
    }
  });
});

describe('index versions', () => {
  const zebraGuide = (id: string, text: string): Source => ({
    id,
    title: `[Test] Zebra husbandry: ${id}`,
    publisher: 'Test publisher',
    year: 2025,
    url: `https://example.org/${id}`,
    text,
  });
  const question = 'How often should zebras be dewormed in captivity?';

  it('keeps drafts on the committed version when a load fails half-way, and switches in one step on the next', async () => {
    const location = indexLocation(runtime().config);
    const before = await catalog().pointer();
    // The load's catalogue entries and its index version are written, then the loader dies before the commit.
    await expect(
      commitLibraryLoad(
        {
          catalog: catalog(),
          buildIndex: async (build) => {
            await lanceIndexBuild(location)(build);
            throw new Error('the loader died before its commit');
          },
        },
        {
          loadId: 'zebras-failed',
          sources: [zebraGuide('zebra-deworming', 'Captive zebras should be dewormed every three months.')],
        },
      ),
    ).rejects.toThrow(/died/);
    expect(await catalog().pointer()).toEqual(before);
    expect((await catalog().resolve(['zebra-deworming'])).size).toBe(0);
    expect((await draft(question)).flags).toContain(DRAFT_FLAGS.noRelevantSources);

    const file = join(tmpdir(), `zebras-${process.pid}.jsonl`);
    writeFileSync(
      file,
      `${JSON.stringify(zebraGuide('zebra-deworming', 'Captive zebras should be dewormed every three months, with faecal egg counts to guide it.'))}\n`,
    );
    const loaded = await runSourcesLoad(
      [file],
      { VETTED_DATA_DIR: runtime().config.auth.dataDir },
      { out: () => undefined, err: () => undefined, isTty: false },
    );
    expect(loaded).toBe(0);
    const after = await catalog().pointer();
    expect(after.loads).toEqual([...before.loads, after.indexVersion]);
    const answered = await draft(question);
    expect(answered.citations.map((citation) => citation.sourceId)).toEqual(['zebra-deworming']);
    expect(JSON.stringify(answered.sections)).toContain('faecal egg counts');

    // One load more: the version two loads behind is dropped, the one it replaced is kept.
    expect(
      await runSourcesLoad(
        [file],
        { VETTED_DATA_DIR: runtime().config.auth.dataDir },
        { out: () => undefined, err: () => undefined, isTty: false },
      ),
    ).toBe(0);
    const reader = new LanceIndexReader(location);
    await expect(reader.open(before.indexVersion ?? '')).rejects.toThrow();
    await expect(reader.open(after.indexVersion ?? '')).resolves.toBeDefined();
    expect((await draft(question)).citations.map((citation) => citation.sourceId)).toEqual([
      'zebra-deworming',
    ]);
  });
});
