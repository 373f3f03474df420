import { describe, expect, it } from 'vitest';
import { cleanStrings, cleanText, stringProblems, textProblem } from '../../shared/domain/clean-text.ts';

describe('clean text', () => {
  it('normalises to NFC', () => {
    const nfd = 'cafe\u0301 au lait';
    expect(cleanText(nfd, 'multiline')).toBe('caf\u00e9 au lait');
    expect(cleanText(nfd, 'line')).toHaveLength(nfd.length - 1);
  });

  it("folds a paragraph's line breaks and tabs into spaces, and keeps other shapes' as written", () => {
    expect(cleanText('Do statins\r\ncause\taches?\u2028', 'paragraph')).toBe('Do statins  cause aches? ');
    expect(cleanText('line one\nline two', 'multiline')).toBe('line one\nline two');
    expect(cleanText('line one\nline two', 'line')).toBe('line one\nline two');
  });

  it.each([
    ['NUL', '\u0000', 'control characters (U+0000)'],
    ['ESC', 'x\u001b[31m', 'control characters (U+001B)'],
    ['DEL', '\u007f', 'control characters (U+007F)'],
    ['C1 CSI', '\u009b31m', 'control characters (U+009B)'],
    ['RLO', 'aches \u202Eniap', 'bidirectional override or isolate (U+202E)'],
    ['LRE', '\u202A', 'bidirectional override or isolate (U+202A)'],
    ['PDF', '\u202C', 'bidirectional override or isolate (U+202C)'],
    ['RLI', '\u2067', 'bidirectional override or isolate (U+2067)'],
    ['PDI', '\u2069', 'bidirectional override or isolate (U+2069)'],
    ['lone high surrogate', 'a\uD800b', 'lone surrogate (U+D800)'],
    ['lone low surrogate', '\uDC00', 'lone surrogate (U+DC00)'],
  ])('refuses %s in every shape', (_name, text, message) => {
    for (const shape of ['line', 'paragraph', 'multiline'] as const) {
      expect(textProblem(cleanText(text, shape), shape), shape).toContain(message);
    }
  });

  it('allows tab, LF and CR in multi-line text only, and folds them in a paragraph', () => {
    expect(textProblem('first\r\n\tsecond', 'multiline')).toBeUndefined();
    expect(textProblem(cleanText('first\r\n\tsecond', 'paragraph'), 'paragraph')).toBeUndefined();
    expect(textProblem('first\nsecond', 'line')).toBe('must be one line (U+000A)');
    expect(textProblem('first\u2028second', 'line')).toBe('must be one line (U+2028)');
  });

  it('keeps what honest text needs: paired surrogates, joiners, RTL marks, other scripts', () => {
    for (const text of [
      'Is 😀 a sign of anything?',
      'Family 👩‍👩‍👧 history of diabetes',
      'ضغط الدم\u200F 140/90',
      'ALM\u061C and LRM\u200E',
      'Diabète de type 2 et grossesse',
      'उच्च रक्तचाप',
    ]) {
      expect(textProblem(cleanText(text, 'paragraph'), 'paragraph'), text).toBeUndefined();
    }
  });

  it('cleans and checks every string in a JSON value, by path', () => {
    const draft = {
      title: 'Cafe\u0301',
      sections: [{ heading: 'ok', claims: [{ text: 'bad\u202E', citations: [1] }] }],
    };
    expect(cleanStrings(draft, 'multiline')).toEqual({ ...draft, title: 'Caf\u00e9' });
    expect(stringProblems(draft, 'multiline')).toEqual([
      { path: ['sections', 0, 'claims', 0, 'text'], message: expect.stringContaining('U+202E') },
    ]);
  });
});
