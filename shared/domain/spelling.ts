/**
 * One spelling for words that British and American English spell apart, so
 * "anemia" finds "anaemia" and "acyclovir" finds "aciclovir". Applied to
 * questions and library text alike (inside tokenize), so the key need not be
 * either spelling; rules, not a word list, so new words are covered too.
 */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // haem/hem, anaemia/anemia, paediatric/pediatric, oesophagus/esophagus, diarrhoea/diarrhea, foetal/fetal.
  [/(?<=\p{L}{1})ae(?=\p{L})/gu, 'e'],
  [/^ae(?=[^r])/u, 'e'],
  [/(?<=\p{L})oe(?=[^s]|s\p{L})/gu, 'e'],
  [/^oe(?=\p{L})/u, 'e'],
  // aciclovir/acyclovir, ciclosporin/cyclosporine, valaciclovir/valacyclovir.
  [/ciclo/gu, 'cyclo'],
  // sulphonylurea/sulfonylurea, sulphate/sulfate.
  [/sulph/gu, 'sulf'],
  // tumour/tumor, behaviour/behavior, colour/color (not "four", "hour", "your").
  [/(?<=\p{L}{3})our(?=s?$)/u, 'or'],
  [/(?<=\p{L}{3})our(?=it|ab|ed|ing)/u, 'or'],
  // centre/center, litre/liter, fibre/fiber, metre/meter.
  [/(?<=\p{L}{2}[bcdfgkmnpstv])re(?=s?$)/u, 'er'],
  // immunise/immunize, analyse/analyze, randomisation/randomization.
  [/(?<=\p{L}{3})is(?=(?:e|ed|es|ing|ation|ations)$)/u, 'iz'],
  [/(?<=\p{L}{2})ys(?=(?:e|ed|es|ing)$)/u, 'yz'],
  // counselling/counseling, travelled/traveled, labelled/labeled.
  [/(?<=\p{L}{2}[aeiou])ll(?=(?:ing|ed)$)/u, 'l'],
  // catalogue/catalog, dialogue/dialog.
  [/(?<=\p{L}{3})ogue(?=s?$)/u, 'og'],
];

/** The shared key for a lowercased word's British and American spellings. */
export function canonicalSpelling(word: string): string {
  if (word.length < 4) return word;
  let key = word;
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key;
}
