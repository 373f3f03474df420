/**
 * `npm run sources:load -- FILE` validates a reference library file (JSONL,
 * CSL-JSON, RIS, BibTeX or PubMed XML, by extension), renders each source's
 * AMA reference and adds the sources to the running local system. Every
 * record is checked before anything is written; a bad record is reported by
 * its position and nothing is loaded. The load becomes visible to the draft
 * generator in one step. A JSONL record may mark its source withdrawn
 * (`withdrawn: { reason, supersededBy? }`): once loaded, it is withdrawn as
 * the admin route does it (notices on citing articles, re-reviews).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withFormattedReferences } from '../../shared/adapters/citations/formatted-references.ts';
import { DynamoLibraryCatalog } from '../../shared/adapters/dynamodb/library-catalog.ts';
import { DynamoOutboxPublisher } from '../../shared/adapters/dynamodb/outbox-publisher.ts';
import { parseLibraryFile } from '../../shared/adapters/library-import/index.ts';
import { configuredEmbedder } from '../../shared/adapters/library-index.ts';
import { loadConfig } from '../../shared/config.ts';
import { type FieldError, ValidationError } from '../../shared/domain/errors.ts';
import type { FileWithdrawal } from '../../shared/domain/library-withdrawals.ts';
import type { Source } from '../../shared/domain/source.ts';
import { applyFileWithdrawals, checkFileWithdrawals } from '../../shared/use-cases/file-withdrawals.ts';
import { loadLibrary, newLoadId } from './library-load.ts';
import { readRuntimeFile } from './runtime-file.ts';

const USAGE = `Usage: npm run sources:load -- FILE
  FILE is read by its extension:
    .jsonl  one source a line: {"id","title","publisher","year","url","text", optional
            "authors","container","volume","issue","pages","doi","pmid", and
            "withdrawn": {"reason", optional "supersededBy": another source's id}}
    .json   CSL-JSON (Zotero, Mendeley)     .ris  RIS (EndNote)
    .bib    BibTeX / BibLaTeX               .xml  PubMed/MEDLINE XML (PubmedArticleSet)
  A record's text is its full text when it has one (CSL "text", a note starting
  "Full text:"), else its abstract. The system started by 'npm start' (found
  through $VETTED_DATA_DIR, default .vetted) must be running.`;

export interface Output {
  out: (line: string) => void;
  err: (text: string) => void;
  isTty: boolean;
}

const progressBar = (done: number, total: number, width = 30) => {
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
};

const refuse = (output: Output, file: string, problems: readonly FieldError[]): number => {
  for (const problem of problems) output.err(`${file}: ${problem.path}: ${problem.message}\n`);
  output.err('Nothing was loaded.\n');
  return 1;
};

export const runSourcesLoad = async (
  args: string[],
  env: NodeJS.ProcessEnv,
  output: Output,
): Promise<number> => {
  let file: string | undefined;
  try {
    file = parseArgs({ args, allowPositionals: true, options: {} }).positionals[0];
  } catch (error) {
    output.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!file) {
    output.err(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    output.err(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let sources: Source[];
  let withdrawals: FileWithdrawal[];
  try {
    ({ sources, withdrawals = [] } = await parseLibraryFile(file, text));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return refuse(output, file, error.errors);
  }
  // Rendered once here, so no function pays for citeproc when it cites a source.
  sources = await withFormattedReferences(sources);

  const runtime = readRuntimeFile(resolve(env.VETTED_DATA_DIR ?? '.vetted'));
  if (!runtime) {
    output.err('No running Vetted found. Start it with `npm start` (same VETTED_DATA_DIR) and try again.\n');
    return 2;
  }
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const withdrawal = {
      catalog: new DynamoLibraryCatalog(client, runtime.tables.sources),
      events: new DynamoOutboxPublisher(client, runtime.tables.outbox),
      now: () => new Date(),
    };
    const ids = new Set(sources.map(({ id }) => id));
    const { problems, repeats } = await checkFileWithdrawals(withdrawal.catalog, withdrawals, ids);
    if (problems.length > 0) return refuse(output, file, problems);
    const loadId = newLoadId();
    const { sourceCount } = await loadLibrary(
      client,
      runtime.tables.sources,
      { root: runtime.libraryIndexDir },
      {
        loadId,
        sources,
        onProgress: (written) => {
          if (output.isTty) output.err(`\r${progressBar(written, sources.length)}`);
        },
      },
      // The running system's EMBEDDINGS settings (the same environment), so its drafts can use the vectors.
      configuredEmbedder(loadConfig(env)),
    );
    if (output.isTty) output.err('\n');
    output.out(`Loaded ${sources.length} sources from ${file}; the library now holds ${sourceCount}.`);
    if (withdrawals.length > 0) {
      await applyFileWithdrawals(withdrawal, withdrawals);
      const fresh = withdrawals.length - repeats.size;
      output.out(
        `Withdrew ${fresh} source${fresh === 1 ? '' : 's'} (${repeats.size} withdrawn already the same way): ` +
          'the articles citing them get notices and re-reviews.',
      );
    }
    return 0;
  } finally {
    client.destroy();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await runSourcesLoad(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (text) => process.stderr.write(text),
    isTty: process.stderr.isTTY === true,
  });
}
