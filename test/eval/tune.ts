/**
 * `npx tsx test/eval/tune.ts`: the grounding evaluation on the tuning set
 * only, with every miss, for choosing rules and thresholds without reading
 * the held-out set. `--held-out` adds the held-out figures, counts only (no
 * questions), for reporting: `npm run bench -- grounding` lists its misses.
 */
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { inMemoryLocalGenerator } from '../support/demo-retriever.ts';
import { evaluationSet, formatGrounding, measureGrounding } from '../support/grounding-eval.ts';

const generator = await inMemoryLocalGenerator(await loadDemoLibrary());
for (const line of formatGrounding('tuning', await measureGrounding(generator, evaluationSet('tuning'))))
  console.log(line);
if (process.argv.includes('--held-out')) {
  const heldOut = await measureGrounding(generator, evaluationSet('held-out'));
  for (const line of formatGrounding('held-out', heldOut, false)) console.log(line);
}
