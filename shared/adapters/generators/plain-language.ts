/**
 * Deterministic rewriting of clinical sentences for the patient version:
 * everyday words for common jargon, no parenthetical asides, and long
 * sentences split at clause boundaries. It never adds facts.
 */

const GLOSSARY: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bnon-steroidal anti-inflammatory drugs\b/gi, 'anti-inflammatory painkillers'],
  [/\binhaled corticosteroids\b/gi, 'steroid inhalers'],
  [/\binhaled corticosteroid\b/gi, 'steroid inhaler'],
  [/\bcorticosteroids\b/gi, 'steroids'],
  [/\bhypertension\b/gi, 'high blood pressure'],
  [/\bhypoglycaemia\b|\bhypoglycemia\b/gi, 'low blood sugar'],
  [/\bblood glucose\b/gi, 'blood sugar'],
  [/\bmyocardial infarction\b/gi, 'heart attack'],
  [/\bcardiovascular disease\b/gi, 'heart and circulation disease'],
  [/\bcardiovascular\b/gi, 'heart and circulation'],
  [/\bgastrointestinal\b/gi, 'stomach and bowel'],
  [/\bdiuretics\b/gi, 'water tablets'],
  [/\banalgesics\b/gi, 'painkillers'],
  [/\badverse effects\b/gi, 'side effects'],
  [/\bmedications\b/gi, 'medicines'],
  [/\bmedication\b/gi, 'medicine'],
  [/\bpatients\b|\bindividuals\b/gi, 'people'],
  [/\bclinicians\b|\bphysicians\b/gi, 'doctors'],
  [/\bclinician\b|\bphysician\b/gi, 'doctor'],
  [/\bapproximately\b/gi, 'about'],
  [/\bprior to\b/gi, 'before'],
  [/\butili[sz]e\b/gi, 'use'],
  [/\brenal\b/gi, 'kidney'],
  [/\bhepatic\b/gi, 'liver'],
  [/\bprophylaxis\b/gi, 'prevention'],
  [/\bcontraindicated\b/gi, 'not advised'],
];

function matchCase(original: string, replacement: string): string {
  const first = original.charAt(0);
  return first !== first.toLowerCase() ? capitalize(replacement) : replacement;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lowercases a leading ordinary word ("Vitamin D" -> "vitamin D") but leaves acronyms ("HbA1c", "COPD"). */
export function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}*(?![\p{L}\p{N}])/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Swaps jargon for everyday words and drops parenthetical asides. */
export function plainLanguage(text: string): string {
  let plain = text.replace(/\s*\([^()]*\)/g, '');
  for (const [pattern, replacement] of GLOSSARY) {
    plain = plain.replace(pattern, (match) => matchCase(match, replacement));
  }
  return plain.replace(/\s+/g, ' ').trim();
}

// Clause boundaries where a sentence can be cut in two without changing its meaning.
const CLAUSE_BOUNDARY = /;\s+|,\s+(?=(?:but|so|while|whereas|although)\s)/i;
// Connectives that read as fragments when they start a sentence of their own.
const DROPPED_CONNECTIVE = /^(?:while|whereas|although)\s+/i;

/** Splits a sentence into short ones, each capitalised and ending with punctuation. */
export function splitIntoShortSentences(text: string): string[] {
  return text
    .split(CLAUSE_BOUNDARY)
    .map((piece) => piece.replace(DROPPED_CONNECTIVE, '').trim())
    .filter((piece) => piece.length > 0)
    .map((piece) => capitalize(/[.!?]$/.test(piece) ? piece : `${piece}.`));
}
