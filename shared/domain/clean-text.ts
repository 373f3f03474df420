/**
 * Clean text in, clean text out: the one rule for every free-text input a
 * person writes (questions, reviewer reasons and comments, retraction
 * reasons, editors' drafts, reviewer profiles). Pure.
 *
 * Text is NFC-normalised (an NFD "é" and a precomposed one are one string,
 * so they compare, index and display alike) and refused with a message when
 * it carries a character that changes how the text looks or what a terminal,
 * a log viewer or a browser does with it without being visible:
 * - C0 and C1 controls (`\p{Cc}`: NUL, ESC, the C1 CSI U+009B…); tab, LF and
 *   CR are allowed in multi-line text only;
 * - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
 *   they reorder whole runs of text, so "aches \u202Eniap" reads "aches pain"
 *   backwards, or a URL reads as another;
 * - lone surrogates (`\p{Cs}`): not text at all, and not valid UTF-8 once
 *   stored or sent on.
 *
 * Kept on purpose: LRM, RLM and ALM (U+200E, U+200F, U+061C). Writers of
 * Arabic and Hebrew need them to place punctuation and numbers, and they only
 * set the direction of the neutral characters next to them: they cannot
 * reverse a run of letters as an override does. Zero-width joiners stay too
 * (emoji sequences, Indic scripts). Refusing rather than stripping: a
 * silently altered text is not what its writer sent, and a refusal names the
 * field so an honest client can fix it.
 */

/** How a field may break lines. */
export type TextShape =
  /** One line (reviewer profile fields): no control character at all, no line or paragraph separator. */
  | 'line'
  /**
   * One paragraph (the question): a pasted line break or tab becomes a space rather than a refusal,
   * since an asker typing in a text area should not be punished for it; other controls are refused.
   */
  | 'paragraph'
  /** Several lines (reasons, comments, drafts): tab, LF and CR allowed. */
  | 'multiline';

const LINE_BREAKS = /[\t\n\r\u2028\u2029]/gu;
const SEPARATORS = /[\u2028\u2029]/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_WHITESPACE = /(?![\t\n\r])\p{Cc}/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (character: string): string =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The text as it is stored: NFC, and for a paragraph its line breaks and tabs turned into spaces. */
export const cleanText = (text: string, shape: TextShape): string => {
  const normalized = text.normalize('NFC');
  return shape === 'paragraph' ? normalized.replace(LINE_BREAKS, ' ') : normalized;
};

/**
 * Why the (already cleaned) text is refused, or undefined when it is acceptable. The message names
 * the character's class and its code point, so a client can find it in a string it cannot see.
 */
export const textProblem = (text: string, shape: TextShape): string | undefined => {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `must not contain a lone surrogate (${codePoint(surrogate[0])})`;
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return `must not contain a bidirectional override or isolate (${codePoint(bidi[0])})`;
  const control = (shape === 'multiline' ? CONTROL_BUT_WHITESPACE : CONTROL).exec(text);
  if (control) {
    return shape === 'line' && /[\t\n\r]/u.test(control[0])
      ? `must be one line (${codePoint(control[0])})`
      : `must not contain control characters (${codePoint(control[0])})`;
  }
  const separator = shape === 'line' ? SEPARATORS.exec(text) : null;
  if (separator) return `must be one line (${codePoint(separator[0])})`;
  return undefined;
};

type Tree = unknown;

/** Every string in a JSON value (an editor's draft), cleaned as {@link cleanText} cleans one. */
export const cleanStrings = (value: Tree, shape: TextShape): Tree => {
  if (typeof value === 'string') return cleanText(value, shape);
  if (Array.isArray(value)) return value.map((item) => cleanStrings(item, shape));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanStrings(item, shape)]));
  }
  return value;
};

/** Every string in a JSON value that {@link textProblem} refuses, by its path (`sections.0.claims.1.text`). */
export const stringProblems = (
  value: Tree,
  shape: TextShape,
  path: readonly (string | number)[] = [],
): { path: (string | number)[]; message: string }[] => {
  if (typeof value === 'string') {
    const message = textProblem(value, shape);
    return message ? [{ path: [...path], message }] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => stringProblems(item, shape, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringProblems(item, shape, [...path, key]));
  }
  return [];
};
