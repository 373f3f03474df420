/**
 * Splits a library source's text (plain text or Markdown) into the passages
 * the index searches: paragraphs under their headings, long ones cut at
 * sentence boundaries. A passage must be short enough to be quoted into a
 * prompt and to score as one thought under BM25, and long enough to keep a
 * sentence's context. Pure, and linear in the text's length: a guideline can
 * be several megabytes.
 */

/** A passage of a library source: a paragraph (or a piece of a long one) under its section headings. */
export interface Passage {
  /** `${sourceId}#${position}`. */
  id: string;
  sourceId: string;
  /** Reading order within the source, from 0. */
  position: number;
  /** The headings above it, outermost first; empty for a source without headings. */
  section: string[];
  text: string;
}

/** Longest passage, in UTF-16 code units (a cut sentence adds one "…"). */
export const MAX_PASSAGE_CHARS = 900;

const CUT_MARK = '…';

/** An ATX heading: 1–6 `#` then a space (or nothing); optional closing `#`s. */
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** Numeric reference markers such as [3], [1, 2], [2–4], [1-3, 7], with the spaces before them. */
const REFERENCE_MARKER = /\s*\[\d+(?:\s*[,–—-]\s*\d+)*\]/g;

/** A sentence ends with . ! or ? (and any closing quotes or brackets) before whitespace. */
const SENTENCE_BREAK = /(?<=[.!?]["'”’)\]]*)\s+/;

const HAS_WORD = /[\p{L}\p{N}]/u;

const clean = (text: string): string => text.replace(REFERENCE_MARKER, '').replace(/\s+/g, ' ').trim();

export function splitIntoPassages(sourceId: string, text: string): Passage[] {
  const passages: Passage[] = [];
  const headings: { level: number; title: string }[] = [];
  let section: string[] = [];
  let paragraph: string[] = [];

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const cleaned = clean(paragraph.join(' '));
    paragraph = [];
    for (const piece of cutToLength(cleaned)) {
      if (!HAS_WORD.test(piece)) continue;
      const position = passages.length;
      passages.push({ id: `${sourceId}#${position}`, sourceId, position, section, text: piece });
    }
  };

  for (const line of text.split(/\r\n|\r|\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      flushParagraph();
      const level = heading[1]?.length ?? 1;
      const title = clean(heading[2] ?? '');
      while (headings.length > 0 && (headings[headings.length - 1]?.level ?? 0) >= level) headings.pop();
      if (title !== '') headings.push({ level, title });
      // A new array per heading: passages already emitted keep the path they were read under.
      section = headings.map((entry) => entry.title);
    } else if (line.trim() === '') {
      flushParagraph();
    } else {
      paragraph.push(line);
    }
  }
  flushParagraph();
  return passages;
}

/**
 * Greedily groups the sentences of a cleaned paragraph into pieces of at most
 * MAX_PASSAGE_CHARS; a paragraph that fits stays whole. A text without blank
 * lines arrives here as one long paragraph and is grouped the same way.
 */
function cutToLength(paragraph: string): string[] {
  if (paragraph.length <= MAX_PASSAGE_CHARS) return [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of paragraph.split(SENTENCE_BREAK)) {
    if (sentence === '') continue;
    if (current !== '' && current.length + 1 + sentence.length <= MAX_PASSAGE_CHARS) {
      current = `${current} ${sentence}`;
      continue;
    }
    if (current !== '') pieces.push(current);
    if (sentence.length <= MAX_PASSAGE_CHARS) {
      current = sentence;
      continue;
    }
    const cut = cutSentence(sentence);
    for (let index = 0; index < cut.length - 1; index++) pieces.push(`${cut[index]}${CUT_MARK}`);
    current = cut[cut.length - 1] ?? '';
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** An overlong sentence cut at word boundaries; a single overlong word (a URL, a table row) is cut inside. */
function cutSentence(sentence: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const whole of sentence.split(' ')) {
    let word = whole;
    if (word.length > MAX_PASSAGE_CHARS) {
      if (current !== '') pieces.push(current);
      current = '';
      let start = 0;
      while (word.length - start > MAX_PASSAGE_CHARS) {
        let end = start + MAX_PASSAGE_CHARS;
        // Never split a surrogate pair: the piece would end in half a character.
        if (/[\uD800-\uDBFF]/.test(word.charAt(end - 1))) end -= 1;
        pieces.push(word.slice(start, end));
        start = end;
      }
      word = word.slice(start);
    }
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= MAX_PASSAGE_CHARS) current = `${current} ${word}`;
    else {
      pieces.push(current);
      current = word;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
