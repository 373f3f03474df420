import { describe, expect, it } from 'vitest';
import type { DraftContent } from '../../shared/domain/draft.ts';
import { isSupported, supportProblems } from '../../shared/domain/publish-gate.ts';

const library = new Set(['vit-d']);

function supportedDraft(): DraftContent {
  return {
    title: 'Should adults take vitamin D in winter?',
    bottomLine: 'A daily 10 microgram supplement is often advised in autumn and winter [1].',
    sections: [
      { heading: 'Who benefits', claims: [{ text: 'Vitamin D keeps bones healthy.', citations: [1, 2] }] },
    ],
    citations: [
      { n: 1, title: 'Vitamin D supplements', sourceId: 'vit-d' },
      { n: 2, title: 'Testing vitamin D', publisher: 'BMJ', year: 2023, url: 'https://example.org/testing' },
    ],
    patient: {
      bottomLine: 'Many people should take vitamin D in winter [1].',
      sections: [{ heading: 'What to do', claims: [{ text: 'Take 10 micrograms a day.', citations: [1] }] }],
    },
    suggestedQuestions: ['What is vitamin D?', 'Can I take too much?', 'Do children need it?'],
  };
}

const pathsOf = (draft: DraftContent) => supportProblems(draft, library).map((problem) => problem.path);

describe('the publish gate (supportProblems)', () => {
  it('passes a draft whose every claim cites a library source or a complete https reference', () => {
    expect(supportProblems(supportedDraft(), library)).toEqual([]);
    expect(isSupported(supportedDraft(), library)).toBe(true);
  });

  it('refuses a draft flagged no_relevant_sources', () => {
    expect(pathsOf({ ...supportedDraft(), flags: ['no_relevant_sources'] })).toEqual(['flags']);
  });

  it('refuses a draft without claims, in either version', () => {
    expect(pathsOf({ ...supportedDraft(), sections: [] })).toEqual(['sections']);
    const draft = supportedDraft();
    draft.patient.sections = [];
    expect(pathsOf(draft)).toEqual(['patient.sections']);
  });

  it('names each uncited claim by number', () => {
    const draft = supportedDraft();
    draft.sections[0]?.claims.push({ text: 'Sunlight helps.', citations: [] });
    const problems = supportProblems(draft, library);
    expect(problems).toEqual([{ path: 'sections.0.claims.1.citations', message: 'claim 2 has no citation' }]);
  });

  it('refuses a claim citing a number with no citation', () => {
    const draft = supportedDraft();
    if (draft.sections[0]?.claims[0]) draft.sections[0].claims[0].citations = [3];
    expect(pathsOf(draft)).toEqual(['sections.0.claims.0.citations']);
  });

  it('refuses a library citation whose source is not in the library', () => {
    const draft = supportedDraft();
    if (draft.citations[0]) draft.citations[0].sourceId = 'made-up';
    expect(pathsOf(draft)).toEqual(['citations.0.sourceId']);
  });

  it.each([
    ['publisher', { publisher: undefined }],
    ['year', { year: undefined }],
    ['url', { url: undefined }],
    ['http url', { url: 'http://example.org/testing' }],
  ])('refuses an external reference without %s', (_, change) => {
    const draft = supportedDraft();
    draft.citations[1] = { ...(draft.citations[1] as DraftContent['citations'][number]), ...change };
    expect(pathsOf(draft)).toEqual(['citations.1']);
  });
});
