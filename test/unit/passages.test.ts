import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, splitIntoPassages } from '../../shared/domain/passages.ts';

const texts = (text: string) => splitIntoPassages('s', text).map((passage) => passage.text);

describe('splitIntoPassages', () => {
  it('splits paragraphs at blank lines and records the headings above them', () => {
    const passages = splitIntoPassages(
      'nice-ng28',
      [
        '# Type 2 diabetes',
        'Intro paragraph.',
        '',
        '## Metformin',
        'Offer metformin first.',
        'It is cheap.',
        '',
        '### Dose',
        'Start low.',
        '## Insulin',
        'When HbA1c stays high.',
        '# Annex',
        'Tables.',
      ].join('\n'),
    );
    expect(passages.map(({ id, position, section, text }) => ({ id, position, section, text }))).toEqual([
      { id: 'nice-ng28#0', position: 0, section: ['Type 2 diabetes'], text: 'Intro paragraph.' },
      {
        id: 'nice-ng28#1',
        position: 1,
        section: ['Type 2 diabetes', 'Metformin'],
        text: 'Offer metformin first. It is cheap.',
      },
      {
        id: 'nice-ng28#2',
        position: 2,
        section: ['Type 2 diabetes', 'Metformin', 'Dose'],
        text: 'Start low.',
      },
      {
        id: 'nice-ng28#3',
        position: 3,
        section: ['Type 2 diabetes', 'Insulin'],
        text: 'When HbA1c stays high.',
      },
      { id: 'nice-ng28#4', position: 4, section: ['Annex'], text: 'Tables.' },
    ]);
    expect(passages.every((passage) => passage.sourceId === 'nice-ng28')).toBe(true);
  });

  it('strips numeric reference markers and collapses whitespace', () => {
    expect(texts('Metformin lowers HbA1c [3].  It is   safe [1, 2]\tin most [2–4] people [1-3, 7].')).toEqual(
      ['Metformin lowers HbA1c. It is safe in most people.'],
    );
  });

  it('keeps bracketed text that is not a numeric marker', () => {
    expect(texts('See [Table 2] and [a].')).toEqual(['See [Table 2] and [a].']);
  });

  it('does not treat #hashtags or a heading marker without a space as a heading', () => {
    const passages = splitIntoPassages('s', '#hashtag text\n####### seven');
    expect(passages).toHaveLength(1);
    expect(passages[0]?.section).toEqual([]);
  });

  it('drops passages with no letter or digit', () => {
    expect(texts('---\n\nReal text.\n\n* * *\n\n[3]')).toEqual(['Real text.']);
  });

  it('cuts a long paragraph at sentence boundaries', () => {
    const sentence = 'Offer structured education to every adult with type 2 diabetes at diagnosis.';
    const paragraph = Array.from({ length: 40 }, () => sentence).join(' ');
    const pieces = texts(paragraph);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      expect(piece.endsWith('diagnosis.')).toBe(true);
    }
    expect(pieces.join(' ')).toBe(paragraph);
  });

  it('cuts a single overlong sentence at word boundaries, marking each cut with an ellipsis', () => {
    const sentence = `${Array.from({ length: 300 }, (_, index) => `word${index}`).join(' ')}.`;
    const pieces = texts(sentence);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.endsWith('…')).toBe(true);
      expect(piece.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS + 1);
    }
    expect(pieces.join(' ').replaceAll('… ', ' ')).toBe(sentence);
  });

  it('groups a text without blank lines by sentences', () => {
    const lines = Array.from({ length: 200 }, (_, index) => `Line ${index} says something useful.`);
    const pieces = texts(lines.join('\n'));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => piece.length <= MAX_PASSAGE_CHARS)).toBe(true);
    expect(pieces.join(' ')).toBe(lines.join(' '));
  });

  it('splits a several-megabyte guideline in linear time', () => {
    const section = (index: number) =>
      `## Section ${index}\n\n${'Patients with the condition should be offered the treatment [4]. '.repeat(30)}\n\n`;
    const text = Array.from({ length: 1500 }, (_, index) => section(index)).join('');
    const oneLine = 'x'.repeat(2_000_000);
    expect(text.length).toBeGreaterThan(2_900_000);
    const started = performance.now();
    const passages = splitIntoPassages('big', text);
    const unbroken = splitIntoPassages('word', oneLine);
    const elapsed = performance.now() - started;
    expect(passages.length).toBeGreaterThan(1500);
    expect(unbroken.map((passage) => passage.text.replace('…', '')).join('')).toBe(oneLine);
    expect(elapsed).toBeLessThan(3000);
  });

  describe('properties', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9éü]{1,12}$/);
    const longWord = fc.stringMatching(/^[a-z]{850,1000}$/);
    const sentence = fc
      .array(fc.oneof({ weight: 20, arbitrary: word }, { weight: 1, arbitrary: longWord }), {
        minLength: 1,
        maxLength: 250,
      })
      .chain((words) => fc.constantFrom('.', '!', '?', '').map((end) => ({ words, end })));
    const marker = fc.constantFrom(' [3]', ' [1, 2]', ' [2–4]', '[12]');
    type Block =
      | { kind: 'heading'; level: number; words: string[] }
      | { kind: 'paragraph'; sentences: { words: string[]; end: string }[]; markers: string[] };
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.record({
        kind: fc.constant('heading' as const),
        level: fc.integer({ min: 1, max: 6 }),
        words: fc.array(word, { minLength: 1, maxLength: 5 }),
      }),
      fc.record({
        kind: fc.constant('paragraph' as const),
        sentences: fc.array(sentence, { minLength: 1, maxLength: 8 }),
        markers: fc.array(marker, { maxLength: 8 }),
      }),
    );
    const separator = fc.constantFrom('\n', '\n\n', '\n  \n', '\r\n\r\n');
    const documents = fc.array(fc.tuple(block, separator), { minLength: 1, maxLength: 12 }).map((blocks) => {
      let text = '';
      const bodyWords: string[] = [];
      for (const [entry, after] of blocks) {
        if (entry.kind === 'heading') {
          text += `\n${'#'.repeat(entry.level)} ${entry.words.join(' ')}\n`;
          continue;
        }
        entry.sentences.forEach((item, index) => {
          bodyWords.push(...item.words);
          const tail = entry.markers[index] ?? '';
          text += `${item.words.join(index % 2 === 0 ? ' ' : '\n')}${item.end}${tail} `;
        });
        text += after;
      }
      return { text, bodyWords };
    });

    it('keeps every passage within the limit, with contiguous positions', () => {
      fc.assert(
        fc.property(documents, ({ text }) => {
          const passages = splitIntoPassages('p', text);
          passages.forEach((passage, index) => {
            expect(passage.position).toBe(index);
            expect(passage.id).toBe(`p#${index}`);
            expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS + 1);
            expect(passage.text).toBe(passage.text.replace(/\s+/g, ' ').trim());
          });
        }),
      );
    });

    it('loses no text but reference markers, headings and whitespace', () => {
      fc.assert(
        fc.property(documents, ({ text, bodyWords }) => {
          const passages = splitIntoPassages('p', text);
          const kept = passages
            .map((passage) => passage.text.replace(/…$/, ''))
            .join('')
            .replace(/[\s.!?]/g, '');
          expect(kept).toBe(bodyWords.join(''));
        }),
      );
    });
  });
});
