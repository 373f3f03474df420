import { describe, expect, it } from 'vitest';
import { libraryLoadId } from '../../functions/load-library/handler.ts';
import { INDEX_VERSION_PATTERN } from '../../shared/domain/indexed-source.ts';

describe('load id', () => {
  it('is the same for the same upload (key and ETag), new for a new upload, and a valid index version id', () => {
    const id = libraryLoadId('imports/Guidelines 2026.jsonl', '"abc"');
    expect(id).toBe(libraryLoadId('imports/Guidelines 2026.jsonl', 'abc'));
    expect(id).not.toBe(libraryLoadId('imports/Guidelines 2026.jsonl', 'abd'));
    expect(id).not.toBe(libraryLoadId('imports/other/Guidelines 2026.jsonl', 'abc'));
    expect(id).toMatch(/^Guidelines-2026\.jsonl-[0-9a-f]{16}$/);
    for (const key of ['imports/.hidden', 'imports/ü.bib', `imports/${'x'.repeat(300)}.ris`]) {
      expect(libraryLoadId(key, 'e')).toMatch(INDEX_VERSION_PATTERN);
    }
  });
});
