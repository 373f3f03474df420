import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { parseSourcesJsonl } from '../../shared/domain/source.ts';

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'src-1',
    title: 'Statins',
    publisher: 'Example',
    year: 2024,
    url: 'https://example.org/statins',
    text: 'Statins lower LDL cholesterol.',
    ...overrides,
  });

function errorsOf(text: string): ValidationError {
  try {
    parseSourcesJsonl(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseSourcesJsonl', () => {
  it('parses one source per line, skipping blank lines, CRLF and a BOM', () => {
    const text = `\uFEFF${line()}\r\n\r\n${line({ id: 'src-2', title: 'Asthma' })}\n`;
    const { sources } = parseSourcesJsonl(text);
    expect(sources.map((source) => source.id)).toEqual(['src-1', 'src-2']);
    expect(sources[1]).toMatchObject({ title: 'Asthma', year: 2024 });
  });

  it('names the line of invalid JSON', () => {
    const error = errorsOf(`${line()}\n{"id": "broken"`);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]?.path).toBe('line 2');
    expect(error.errors[0]?.message).toMatch(/^invalid JSON/);
  });

  it('names the line and field of schema violations', () => {
    const error = errorsOf([line(), line({ id: 'src-2', year: 'recent', url: 'not a url' })].join('\n'));
    expect(error.errors.map((e) => e.path)).toEqual(['line 2', 'line 2']);
    expect(error.errors.map((e) => e.message.split(':')[0])).toEqual(['year', 'url']);
  });

  it('reports duplicate ids with the line of the first occurrence', () => {
    const error = errorsOf([line(), line({ title: 'Other' })].join('\n'));
    expect(error.errors).toEqual([{ path: 'line 2', message: 'duplicate id "src-1" (first on line 1)' }]);
  });

  it('reports every bad line at once and loads nothing', () => {
    const text = [
      line(),
      'nonsense',
      line({ id: 'src-2' }),
      '',
      line({ id: 'src-3', text: '' }),
      line(),
    ].join('\n');
    const error = errorsOf(text);
    expect(error.errors.map((e) => e.path)).toEqual(['line 2', 'line 5', 'line 6']);
    expect(error.message).toContain('nothing was loaded');
  });

  it('rejects a file without sources', () => {
    expect(errorsOf('\n  \n').errors).toEqual([
      { path: 'file', message: 'expected at least one JSON object line' },
    ]);
  });

  it('rejects ids with whitespace and non-http urls', () => {
    const error = errorsOf(line({ id: 'has space', url: 'file:///etc/passwd' }));
    expect(error.errors.map((e) => e.message.split(':')[0])).toEqual(['id', 'url']);
  });
});
