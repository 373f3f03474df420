/**
 * Words that name a condition or a drug by their form, not by a list of
 * names: the Greek and Latin suffixes of disease names ("diverticulitis",
 * "fibrosis", "glaucoma") and the USAN/INN stems of drug classes
 * ("denosumab", "ramipril", "apixaban"). The relevance
 * decision reads a question's missing word shaped like this as its head
 * concept: a library without it cannot answer the question, whatever else
 * the question shares with the library. Pure.
 */

/** Suffixes of condition names: inflammation, state, tumour, blood, disease, pain, paralysis. */
const CONDITION_SUFFIXES = [
  'itis',
  'itides',
  'osis',
  'oses',
  'iasis',
  'aemia',
  'emia',
  'oma',
  'omas',
  'omata',
  'pathy',
  'pathies',
  'algia',
  'plegia',
  'penia',
  'megaly',
];

/** USAN/INN stems of drug classes (monoclonal antibodies, kinase inhibitors, ACE inhibitors…). */
const DRUG_STEMS = [
  'mab',
  'nib',
  'pril',
  'sartan',
  'olol',
  'dipine',
  'statin',
  'azole',
  'cillin',
  'mycin',
  'cycline',
  'floxacin',
  'ciclovir',
  'cyclovir',
  'gliptin',
  'gliflozin',
  'glutide',
  'parin',
  'xaban',
  'gatran',
  'dronate',
  'tidine',
  'setron',
  'triptan',
  'lukast',
  'oxetine',
  'azepam',
  'azolam',
  'profen',
  'coxib',
  'semide',
  'thiazide',
  'tropium',
  'terol',
];

const SHAPE = new RegExp(`(?:${[...CONDITION_SUFFIXES, ...DRUG_STEMS].join('|')})$`);

/** Whether a word (as asked, any case) is shaped like a condition or drug name. */
export function namesConditionOrDrug(word: string): boolean {
  const lower = word.toLowerCase();
  // Short words ("coma", "mab") are too short to carry a stem and a suffix. Everyday words of this
  // shape ("diploma") never reach here: the decision asks only about words English rarely uses.
  return lower.length >= 6 && /^\p{L}+$/u.test(lower) && SHAPE.test(lower);
}
