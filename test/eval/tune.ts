/**
 * `npx tsx test/eval/tune.ts`: the grounding evaluation on the tuning set
 * (grounding-tuning.json and the retired first held-out set), with every miss,
 * for choosing rules and thresholds. `--by-file` prints the figures of each
 * tuning file apart (A: grounding-tuning.json, B: the retired set) so a change
 * is kept only if it worsens neither half. `--held-out` adds the held-out
 * counts only, never its questions, for reporting (test/eval/README.md).
 */
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { inMemoryLocalGenerator } from '../support/demo-retriever.ts';
import {
  evaluationSet,
  formatGrounding,
  labelledQuestions,
  measureGrounding,
  TUNING_FILES,
} from '../support/grounding-eval.ts';

const generator = await inMemoryLocalGenerator(await loadDemoLibrary());
const misses = !process.argv.includes('--quiet');
if (process.argv.includes('--by-file')) {
  for (const file of TUNING_FILES)
    for (const line of formatGrounding(
      file,
      await measureGrounding(generator, labelledQuestions(file)),
      misses,
    ))
      console.log(line);
} else {
  for (const line of formatGrounding(
    'tuning',
    await measureGrounding(generator, evaluationSet('tuning')),
    misses,
  ))
    console.log(line);
}
if (process.argv.includes('--held-out')) {
  const heldOut = await measureGrounding(generator, evaluationSet('held-out'));
  for (const line of formatGrounding('held-out', heldOut, false)) console.log(line);
}
