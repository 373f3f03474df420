/** Prints the labelled-set figures of the local generator over the demo library: `npx tsx test/support/grounding-report.ts`. */
import { loadDemoLibrary, staticSourceLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { LocalDraftGenerator } from '../../shared/adapters/generators/local.ts';
import { measureLabelledSet } from './grounding-labelled-set.ts';

const figures = await measureLabelledSet(
  new LocalDraftGenerator(staticSourceLibrary(await loadDemoLibrary())),
);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
console.log(
  `in-library answered: ${figures.answeredInLibrary}/${figures.inLibrary} (${percent(figures.answeredInLibrary, figures.inLibrary)})`,
);
console.log(
  `off-library flagged: ${figures.flaggedOffLibrary}/${figures.offLibrary} (${percent(figures.flaggedOffLibrary, figures.offLibrary)})`,
);
console.log(`wrong-topic answers: ${figures.wrongTopicAnswers.length}`);
for (const line of figures.wrongTopicAnswers) console.log(`  wrong topic: ${line}`);
for (const line of figures.unansweredInLibrary) console.log(`  unanswered: ${line}`);
