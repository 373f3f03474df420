/**
 * `npm run bench -- grounding`: the local generator over the demo library,
 * on the tuning set (what thresholds were chosen on) and the held-out set
 * (what is reported), with every refusal of an answerable question and every
 * wrong-topic answer.
 */
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import { inMemoryLocalGenerator } from '../support/demo-retriever.ts';
import { evaluationSet, formatGrounding, measureGrounding } from '../support/grounding-eval.ts';
import type { Benchmark } from './lib.ts';

export const grounding: Benchmark = {
  name: 'grounding',
  description: 'retrieval over the demo library: tuning and held-out labelled sets',
  async run() {
    const generator = await inMemoryLocalGenerator(await loadDemoLibrary());
    const tuning = await measureGrounding(generator, evaluationSet('tuning'));
    const heldOut = await measureGrounding(generator, evaluationSet('held-out'));
    for (const line of [...formatGrounding('tuning', tuning), ...formatGrounding('held-out', heldOut)])
      console.log(line);
    const share = (part: number, whole: number) => (100 * part) / Math.max(1, whole);
    return {
      metrics: [
        {
          name: 'held-out in-library answered right',
          value: share(heldOut.answeredRight, heldOut.inLibrary),
          unit: '%',
        },
        {
          name: 'held-out off-library refused',
          value: share(heldOut.refusedOffLibrary, heldOut.offLibrary),
          unit: '%',
        },
        { name: 'held-out wrong-topic answers', value: heldOut.wrongTopic.length, unit: 'drafts' },
        {
          name: 'tuning in-library answered right',
          value: share(tuning.answeredRight, tuning.inLibrary),
          unit: '%',
        },
        {
          name: 'tuning off-library refused',
          value: share(tuning.refusedOffLibrary, tuning.offLibrary),
          unit: '%',
        },
        { name: 'tuning wrong-topic answers', value: tuning.wrongTopic.length, unit: 'drafts' },
      ],
      details: { tuning, heldOut },
    };
  },
};
