/**
 * `npx tsx test/eval/citations.ts [--held-out]`: how precise the answered drafts cite, per file:
 * the mean number of cited sources, how often the first citation is of a labelled source, and how
 * often every citation is. The wrong-topic count only asks that some citation be right, so a change
 * that cites more sources must be read beside these (labels name the sources that answer a question;
 * an unlabelled neighbouring source cited beside a right one counts here as not right).
 */
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { DRAFT_FLAGS } from '../../shared/domain/draft.ts';
import { inMemoryLocalGenerator } from '../support/demo-retriever.ts';
import { HELD_OUT_FILES, labelledQuestions, TUNING_FILES } from '../support/grounding-eval.ts';

// `--held-out` prints the same counts for the held-out set (counts only: never tune on them).
const files = process.argv.includes('--held-out') ? HELD_OUT_FILES : TUNING_FILES;
const generator = await inMemoryLocalGenerator(await loadDemoLibrary());
for (const file of files) {
  let answered = 0,
    cites = 0,
    firstRight = 0,
    allRight = 0;
  for (const [i, q] of labelledQuestions(file).entries()) {
    if (!q.topics) continue;
    const d = await generator.generate({
      questionId: `x${i}`,
      question: q.question,
      audience: 'patient',
      revision: 1,
      reviewerComments: [],
    });
    if (d.flags?.includes(DRAFT_FLAGS.noRelevantSources)) continue;
    answered++;
    const ids = d.citations.map((c) => c.sourceId ?? '');
    const right = (id: string) => (q.topics ?? []).some((t) => id.startsWith(t));
    cites += ids.length;
    if (right(ids[0] ?? '')) firstRight++;
    if (ids.every(right)) allRight++;
  }
  console.log(
    file,
    `answered ${answered}, mean cited sources ${(cites / answered).toFixed(2)}, first citation right ${firstRight}, every citation right ${allRight}`,
  );
}
