/**
 * Whether the sources kept for a question are about what it names. A question
 * whose heaviest concept is a compound name ("genital herpes", "kidney stone",
 * "chickenpox vaccine") answered from sources whose titles hold nothing the
 * question asks is a near miss: the library mentions the thing in passing,
 * inside another topic (genital herpes in a page on avoiding the spread of cold
 * sores; kidney stones in one on recurrent urinary infections), or under a
 * title naming only a lighter part of the question. Pure.
 */
import type { WeighedConcept } from './concept-weights.ts';

/**
 * The compound a question names that its kept sources mention only in passing, if so: their titles
 * hold concepts of the question weighing no more than `titledShare` of the compound's weight
 * ("antibiotics" in the title does not make a page about antibiotic resistance one about C. difficile).
 */
export function mentionedInPassing(
  weighed: readonly WeighedConcept[],
  kept: readonly { titleTerms: ReadonlySet<string> }[],
  titledShare: number,
): string | undefined {
  const present = weighed.filter((concept) => concept.present);
  const heaviest = present.reduce<WeighedConcept | undefined>(
    (best, concept) => (best === undefined || concept.weight > best.weight ? concept : best),
    undefined,
  );
  if (!heaviest?.compound) return undefined;
  const titled = present
    .filter((concept) =>
      kept.some((source) =>
        concept.alternatives.some((words) => words.every((term) => inTitle(term, source.titleTerms))),
      ),
    )
    .reduce((sum, concept) => sum + concept.weight, 0);
  return titled > titledShare * heaviest.weight ? undefined : heaviest.label;
}

/** A title word, as the question's or inflected past what the stemmer folds ("stopping" is "stopp"). */
function inTitle(term: string, titleTerms: ReadonlySet<string>): boolean {
  if (titleTerms.has(term)) return true;
  if (term.length < 4) return false;
  for (const title of titleTerms)
    if (Math.abs(title.length - term.length) <= 2 && (title.startsWith(term) || term.startsWith(title)))
      return true;
  return false;
}
