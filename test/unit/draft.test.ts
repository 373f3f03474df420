import { describe, expect, it } from 'vitest';
import {
  checkDraftIntegrity,
  DRAFT_FLAGS,
  type Draft,
  draftSchema,
  parseDraft,
} from '../../shared/domain/draft.ts';
import { ValidationError } from '../../shared/domain/errors.ts';

function validDraft(): Draft {
  return {
    title: 'Should adults take vitamin D in winter?',
    bottomLine: 'A daily 10 microgram supplement is often advised in autumn and winter [1].',
    sections: [
      {
        heading: 'Who benefits',
        claims: [
          { text: 'Vitamin D keeps bones and muscles healthy.', citations: [1] },
          { text: 'Routine testing is not needed for healthy adults.', citations: [2] },
        ],
      },
    ],
    citations: [
      { n: 1, title: 'Vitamin D supplements', sourceId: 'vit-d', year: 2024 },
      { n: 2, title: 'Testing vitamin D', url: 'https://example.org/testing' },
    ],
    patient: {
      bottomLine: 'Many people should take vitamin D in winter [1].',
      sections: [
        { heading: 'What to do', claims: [{ text: 'Take 10 micrograms a day.', citations: [1, 2] }] },
      ],
    },
    suggestedQuestions: ['What is vitamin D?', 'Can I take too much?', 'Do children need it?'],
    generator: { adapter: 'local', model: 'bm25', promptVersion: 'v1' },
  };
}

function pathsOf(draft: Draft, known?: ReadonlySet<string>): string[] {
  return checkDraftIntegrity(draft, known).map((error) => error.path);
}

describe('draftSchema', () => {
  it('accepts a complete draft', () => {
    expect(draftSchema.safeParse(validDraft()).success).toBe(true);
  });

  it('allows 0 to 8 suggested questions', () => {
    const none = { ...validDraft(), suggestedQuestions: [] };
    const tooMany = { ...validDraft(), suggestedQuestions: Array.from({ length: 9 }, (_, i) => `q${i}?`) };
    expect(draftSchema.safeParse(none).success).toBe(true);
    expect(draftSchema.safeParse(tooMany).success).toBe(false);
  });

  it('requires the generator metadata', () => {
    const { generator: _omitted, ...withoutGenerator } = validDraft();
    expect(draftSchema.safeParse(withoutGenerator).success).toBe(false);
  });

  it('rejects non-http citation urls and blank text', () => {
    const draft = validDraft();
    draft.citations[1] = { n: 2, title: 'x', url: 'javascript:alert(1)' };
    expect(draftSchema.safeParse(draft).success).toBe(false);
    expect(draftSchema.safeParse({ ...validDraft(), title: '   ' }).success).toBe(false);
  });
});

describe('checkDraftIntegrity', () => {
  it('finds nothing wrong in a sound draft', () => {
    expect(checkDraftIntegrity(validDraft(), new Set(['vit-d']))).toEqual([]);
  });

  it('reports a claim citing a number that does not exist, in either version', () => {
    const draft = validDraft();
    draft.sections[0]?.claims[1]?.citations.push(3);
    draft.patient.sections[0]?.claims[0]?.citations.push(7);
    expect(pathsOf(draft)).toEqual([
      'sections.0.claims.1.citations.1',
      'patient.sections.0.claims.0.citations.2',
    ]);
  });

  it('reports inline references to missing citations in prose', () => {
    const draft = validDraft();
    draft.bottomLine = 'See [1, 4] and [2-3].';
    const errors = checkDraftIntegrity(draft);
    expect(errors.map((error) => error.message)).toEqual([
      'inline reference [4] has no citation',
      'inline reference [3] has no citation',
    ]);
    expect(errors.every((error) => error.path === 'bottomLine')).toBe(true);
  });

  it('requires citation numbers 1..k without gaps or duplicates', () => {
    const gap = validDraft();
    gap.citations[1] = { n: 3, title: 'x', url: 'https://example.org/x' };
    expect(pathsOf(gap)).toContain('citations.1.n');
    expect(checkDraftIntegrity(gap).some((error) => error.message.includes('2 is missing'))).toBe(true);

    const duplicate = validDraft();
    duplicate.citations[1] = { n: 1, title: 'x', url: 'https://example.org/x' };
    expect(checkDraftIntegrity(duplicate).map((error) => error.message)).toContain(
      'citation number 1 is used twice',
    );
  });

  it('accepts citations listed out of order as long as they are 1..k', () => {
    const draft = validDraft();
    draft.citations.reverse();
    expect(checkDraftIntegrity(draft)).toEqual([]);
  });

  it('checks source ids against the library only when one is given', () => {
    expect(pathsOf(validDraft())).toEqual([]);
    expect(pathsOf(validDraft(), new Set(['other']))).toEqual(['citations.0.sourceId']);
  });

  it('requires each citation to point at a source or a url', () => {
    const draft = validDraft();
    draft.citations[0] = { n: 1, title: 'Hearsay' };
    expect(pathsOf(draft)).toEqual(['citations.0']);
  });

  it('requires every claim to be cited unless flagged no_relevant_sources', () => {
    const draft = validDraft();
    const claim = draft.sections[0]?.claims[0];
    if (claim) claim.citations = [];
    expect(pathsOf(draft)).toEqual(['sections.0.claims.0.citations']);
    expect(pathsOf({ ...draft, flags: [DRAFT_FLAGS.noRelevantSources] })).toEqual([]);
  });

  it('requires at least one claim in each version unless flagged', () => {
    const draft = { ...validDraft(), sections: [], patient: { bottomLine: 'Nothing found.', sections: [] } };
    expect(pathsOf(draft)).toEqual(['sections', 'patient.sections']);
    expect(pathsOf({ ...draft, flags: [DRAFT_FLAGS.noRelevantSources] })).toEqual([]);
  });
});

describe('parseDraft', () => {
  it('returns the parsed draft, trimmed and without unknown keys', () => {
    const draft = parseDraft({ ...validDraft(), title: '  Padded  ', extra: true });
    expect(draft.title).toBe('Padded');
    expect('extra' in draft).toBe(false);
  });

  it('throws a ValidationError with field paths for schema errors', () => {
    const input = { ...validDraft(), sections: [{ heading: '', claims: [{ text: 'x', citations: ['1'] }] }] };
    const error = captureError(() => parseDraft(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual([
      'sections.0.heading',
      'sections.0.claims.0.citations.0',
    ]);
  });

  it('throws a ValidationError for integrity errors after the schema passes', () => {
    const draft = validDraft();
    draft.sections[0]?.claims[0]?.citations.splice(0, 1, 9);
    const error = captureError(() => parseDraft(draft, new Set(['vit-d'])));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'sections.0.claims.0.citations.0', message: 'citation [9] does not exist' },
    ]);
  });

  it('reports a non-object as a root error', () => {
    const error = captureError(() => parseDraft('nope'));
    expect((error as ValidationError).errors[0]?.path).toBe('(root)');
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}
