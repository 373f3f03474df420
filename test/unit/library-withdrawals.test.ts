import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { type FileWithdrawal, fileWithdrawalProblems } from '../../shared/domain/library-withdrawals.ts';
import { parseSourcesJsonl } from '../../shared/domain/source.ts';

const line = (id: string, withdrawn?: unknown) =>
  JSON.stringify({
    id,
    title: `T ${id}`,
    publisher: 'P',
    year: 2024,
    url: `https://example.org/${id}`,
    text: 'Some text.',
    ...(withdrawn === undefined ? {} : { withdrawn }),
  });

describe('withdrawal marks in a JSONL library file', () => {
  it('reads them, cleaned, with the line they are on', () => {
    const { sources, withdrawals } = parseSourcesJsonl(
      [
        line('a'),
        line('b', { reason: '  Retracted  ', supersededBy: 'a' }),
        line('c', { reason: 'Old' }),
      ].join('\n'),
    );
    expect(sources.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(withdrawals).toEqual([
      { sourceId: 'b', reason: 'Retracted', supersededBy: 'a', position: 'line 2' },
      { sourceId: 'c', reason: 'Old', position: 'line 3' },
    ]);
  });

  it('refuses a bad mark by line, with the rest of the file', () => {
    const read = () =>
      parseSourcesJsonl(
        [
          line('a', { reason: 'x\u202Ey' }),
          line('b', 'withdrawn'),
          line('c', { reason: 'ok', supersededBy: 'a b' }),
        ].join('\n'),
      );
    expect(read).toThrow(ValidationError);
    try {
      read();
    } catch (error) {
      const paths = (error as ValidationError).errors.map((e) => `${e.path}: ${e.message.split(':')[0]}`);
      expect(paths).toEqual([
        'line 1: withdrawn.reason',
        'line 2: withdrawn',
        'line 3: withdrawn.supersededBy',
      ]);
    }
  });
});

describe('fileWithdrawalProblems', () => {
  const withdrawal = (sourceId: string, rest: Partial<FileWithdrawal> = {}): FileWithdrawal => ({
    sourceId,
    reason: 'r',
    position: `line ${sourceId}`,
    ...rest,
  });
  const catalogue = {
    sources: new Map([['lib', {}]]),
    withdrawn: new Map([['gone', { reason: 'r', at: '2026-01-01T00:00:00.000Z' }]]),
  };

  it('accepts successors in the file or the library, and a repeat of the same withdrawal', () => {
    expect(
      fileWithdrawalProblems(
        [
          withdrawal('x', { supersededBy: 'lib' }),
          withdrawal('y', { supersededBy: 'new' }),
          withdrawal('gone'),
        ],
        new Set(['x', 'y', 'new', 'gone']),
        catalogue,
      ),
    ).toEqual([]);
  });

  it('names each problem by record', () => {
    expect(
      fileWithdrawalProblems(
        [
          withdrawal('1', { supersededBy: '1' }),
          withdrawal('2', { supersededBy: 'gone' }),
          withdrawal('3', { supersededBy: '2' }),
          withdrawal('4', { supersededBy: 'nowhere' }),
          withdrawal('gone', { reason: 'another' }),
        ],
        new Set(['1', '2', '3', '4', 'gone']),
        catalogue,
      ).map(({ path, message }) => `${path} ${message}`),
    ).toEqual([
      'line 1: withdrawn.supersededBy a source cannot supersede itself',
      'line 2: withdrawn.supersededBy source "gone" is withdrawn too',
      'line 3: withdrawn.supersededBy source "2" is withdrawn too',
      'line 4: withdrawn.supersededBy source "nowhere" is neither in this file nor in the library',
      'line gone: withdrawn.reason source "gone" was withdrawn on 2026-01-01T00:00:00.000Z for another reason or replacement',
    ]);
  });
});
