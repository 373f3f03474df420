import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary } from '../../shared/adapters/generators/demo-library.ts';
import {
  LocalDraftGenerator,
  REVIEWER_FEEDBACK_HEADING,
  WHAT_THIS_MEANS_HEADING,
} from '../../shared/adapters/generators/local.ts';
import { plainLanguage, splitIntoShortSentences } from '../../shared/adapters/generators/plain-language.ts';
import { InMemorySourceIndexLibrary } from '../../shared/adapters/in-memory-source-index.ts';
import { clinicalVocabulary, englishCount } from '../../shared/domain/clinical-language.ts';
import { checkDraftIntegrity, DRAFT_FLAGS, type Draft, draftSchema } from '../../shared/domain/draft.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { DraftRequest } from '../../shared/ports/draft-generator.ts';
import { evidenceRetriever } from '../../shared/use-cases/retrieve-evidence.ts';
import { libraryRetriever } from '../support/demo-retriever.ts';

let demo: Source[];
let sourceIds: Set<string>;

beforeAll(async () => {
  demo = await loadDemoLibrary();
  sourceIds = new Set(demo.map((source) => source.id));
});

const request = (question: string, overrides: Partial<DraftRequest> = {}): DraftRequest => ({
  questionId: 'q-1',
  question,
  audience: 'clinician',
  revision: 1,
  reviewerComments: [],
  ...overrides,
});

const allClaims = (draft: Draft) =>
  [...draft.sections, ...draft.patient.sections].flatMap((section) => section.claims);

function sourceText(draft: Draft, n: number): string {
  const sourceId = draft.citations.find((citation) => citation.n === n)?.sourceId;
  const source = demo.find((candidate) => candidate.id === sourceId);
  if (!source) throw new Error(`citation ${n} does not point at a demo source`);
  return source.text;
}

describe('the demo library', () => {
  it('has at least 150 labelled demo sources over at least 40 topics, each of several passages', () => {
    expect(demo.length).toBeGreaterThanOrEqual(150);
    expect(
      new Set(demo.map((source) => source.id.split('-').slice(0, 2).join('-'))).size,
    ).toBeGreaterThanOrEqual(40);
    for (const source of demo) {
      expect(source.title.startsWith('[Demo]')).toBe(true);
      expect(source.publisher).toBe('Vetted demo library (illustrative, not medical advice)');
      expect(source.url.startsWith('https://example.org/demo/')).toBe(true);
      expect(source.text.length, source.id).toBeGreaterThanOrEqual(800);
      expect(source.text.length, source.id).toBeLessThanOrEqual(3000);
      expect(source.text.split(/\n\s*\n/).length, source.id).toBeGreaterThan(1);
    }
  });
});

describe('plain-language rewriting', () => {
  it('swaps jargon for everyday words, keeping capitals, and drops asides', () => {
    expect(plainLanguage('Hypertension (raised BP) raises cardiovascular risk in patients.')).toBe(
      'High blood pressure raises heart and circulation risk in people.',
    );
  });

  it('splits long sentences at clause boundaries into complete sentences', () => {
    expect(
      splitIntoShortSentences('Most improve within weeks; rest is not needed, while drugs help some'),
    ).toEqual(['Most improve within weeks.', 'Rest is not needed.', 'Drugs help some.']);
  });
});

describe('LocalDraftGenerator', () => {
  it('answers a covered question with a schema- and integrity-valid, cited draft', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const draft = await generator.generate(request('Should I take antibiotics for a sore throat?'));

    expect(draftSchema.safeParse(draft).success).toBe(true);
    expect(checkDraftIntegrity(draft, sourceIds)).toEqual([]);
    expect(draft.flags).toBeUndefined();
    expect(draft.title).toBe('Should I take antibiotics for a sore throat?');
    expect(draft.generator).toEqual({ adapter: 'local', model: 'bm25', promptVersion: 'local-compose-v2' });
    expect(draft.sections.length).toBeGreaterThanOrEqual(2);
    expect(draft.sections.length).toBeLessThanOrEqual(4);
    expect(draft.citations[0]?.sourceId).toBe('demo-sore-throat-antibiotics');
    expect(draft.citations.map((citation) => citation.n)).toEqual(draft.citations.map((_, i) => i + 1));
    expect(draft.bottomLine).toMatch(/\[1\]$/);
    expect(draft.suggestedQuestions.length).toBeGreaterThanOrEqual(1);
    expect(draft.suggestedQuestions.length).toBeLessThanOrEqual(4);
  });

  it('names the library passage each clinician claim was drawn from, so reviewers read it rather than a guess', async () => {
    const library = new InMemorySourceIndexLibrary();
    await library.build({ version: 'v1', sources: demo });
    const index = library.open('v1');
    const generator = new LocalDraftGenerator(
      evidenceRetriever({ index: async () => index, vocabulary: clinicalVocabulary(), englishCount }),
    );
    const draft = await generator.generate(request('Can statins cause muscle pain?'));
    const cited = draft.citedPassages ?? [];
    const claims = draft.sections.flatMap((section, i) =>
      section.claims.map((claim, j) => ({ claim, at: `sections.${i}.claims.${j}` })),
    );
    expect(cited.length).toBeGreaterThanOrEqual(claims.length);
    for (const { claim, at } of claims) {
      for (const n of claim.citations) {
        const named = cited.find((entry) => entry.at === at && entry.n === n);
        expect(named, `${at} [${n}]`).toBeDefined();
        const sourceId = draft.citations.find((citation) => citation.n === n)?.sourceId ?? '';
        const passage = (await index.source(sourceId))?.passages.find(
          (candidate) => candidate.id === named?.passage,
        );
        expect(passage?.text.replace(/\s+/g, ' ')).toContain(claim.text);
      }
    }
  });

  it('only claims sentences of the sources it cites', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const draft = await generator.generate(request('Can statins cause muscle pain?'));
    for (const claim of draft.sections.flatMap((section) => section.claims)) {
      expect(claim.citations.length).toBeGreaterThan(0);
      for (const n of claim.citations) expect(sourceText(draft, n)).toContain(claim.text);
    }
  });

  it('writes a patient version in plainer words with the same citations', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const draft = await generator.generate(request('Which medicines treat hypertension first?'));
    const patientText = JSON.stringify(draft.patient).toLowerCase();
    expect(JSON.stringify(draft.sections).toLowerCase()).toContain('hypertension');
    expect(patientText).not.toContain('hypertension');
    expect(patientText).toContain('high blood pressure');
    const cited = new Set(draft.citations.map((citation) => citation.n));
    for (const claim of draft.patient.sections.flatMap((section) => section.claims)) {
      expect(claim.citations.length).toBeGreaterThan(0);
      for (const n of claim.citations) expect(cited.has(n)).toBe(true);
    }
    const words = (sections: Draft['sections']) =>
      sections.flatMap((section) => section.claims.flatMap((claim) => claim.text.split(/\s+/))).length;
    const ownSections = draft.patient.sections.filter(
      (section) => section.heading !== WHAT_THIS_MEANS_HEADING,
    );
    expect(words(ownSections)).toBeLessThan(words(draft.sections));
  });

  it('is deterministic, whatever order the library returns its sources in', async () => {
    const question = request('How much vitamin D should adults take in winter?');
    const first = await new LocalDraftGenerator(libraryRetriever(demo)).generate(question);
    const again = await new LocalDraftGenerator(libraryRetriever(demo)).generate(question);
    const reversed = await new LocalDraftGenerator(libraryRetriever([...demo].reverse())).generate(question);
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it('says plainly when nothing relevant is found, makes no claims and flags it', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const draft = await generator.generate(request('How do I rebuild the carburettor on a 1972 motorcycle?'));
    expect(draft.flags).toEqual([DRAFT_FLAGS.noRelevantSources]);
    expect(draft.bottomLine).toMatch(/no source relevant/);
    expect(allClaims(draft)).toEqual([]);
    expect(draft.citations).toEqual([]);
    // Suggestions come only from sources retrieved for this question: none here.
    expect(draft.suggestedQuestions).toEqual([]);
    expect(checkDraftIntegrity(draft, sourceIds)).toEqual([]);
  });

  it('flags no relevant sources for an empty library, suggesting nothing', async () => {
    const draft = await new LocalDraftGenerator(libraryRetriever([])).generate(
      request('What helps migraine?'),
    );
    expect(draft.flags).toEqual([DRAFT_FLAGS.noRelevantSources]);
    expect(draft.suggestedQuestions).toEqual([]);
  });

  it('suggests at most 4 questions, all about the retrieved sources, phrased as questions', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const draft = await generator.generate(request('How is a bladder infection treated in women?'));
    expect(draft.suggestedQuestions.length).toBeLessThanOrEqual(4);
    for (const suggestion of draft.suggestedQuestions) {
      expect(suggestion).toMatch(/\?$/);
      // Never influenza vaccines or asthma inhalers for a urinary tract infection.
      expect(suggestion).not.toMatch(/influenza|asthma|inhaler/i);
    }
  });

  it('gives the patient a "what this means for you" section drawn from the cited claims', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    for (const question of [
      'Which medicines treat hypertension first?',
      'Should I take antibiotics for a sore throat?',
      'How much physical activity should adults do each week?',
    ]) {
      const draft = await generator.generate(request(question));
      const meaning = draft.patient.sections[0];
      expect(meaning?.heading).toBe(WHAT_THIS_MEANS_HEADING);
      expect(meaning?.claims.length).toBeGreaterThan(0);
      const clinicianCitations = new Set(draft.sections.flatMap((s) => s.claims.flatMap((c) => c.citations)));
      for (const claim of meaning?.claims ?? []) {
        expect(claim.citations.length).toBeGreaterThan(0);
        for (const n of claim.citations) expect(clinicianCitations.has(n)).toBe(true);
      }
      expect(JSON.stringify(draft.patient)).not.toBe(
        JSON.stringify({ bottomLine: draft.bottomLine, sections: draft.sections }),
      );
    }
  });

  it('lets reviewer comments change the draft: cited feedback section and a flag', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const question = 'Should I take antibiotics for a sore throat?';
    const before = await generator.generate(request(question));
    const after = await generator.generate(
      request(question, {
        revision: 2,
        reviewerComments: ['Please mention antibiotic resistance and delayed back-up prescriptions.'],
      }),
    );

    expect(after).not.toEqual(before);
    // The bottom line still answers the question, not the reviewer's addition.
    expect(after.bottomLine).toBe(before.bottomLine);
    expect(after.flags).toEqual([DRAFT_FLAGS.reviewerCommentsApplied]);
    const feedback = after.sections.find((section) => section.heading === REVIEWER_FEEDBACK_HEADING);
    expect(feedback?.claims.length).toBeGreaterThan(0);
    expect(JSON.stringify(after.sections)).toMatch(/resistan|back-up/);
    for (const claim of feedback?.claims ?? []) expect(claim.citations.length).toBeGreaterThan(0);
    expect(checkDraftIntegrity(after, sourceIds)).toEqual([]);
  });

  it('reads the index version it is given per draft, so a committed load is used at once', async () => {
    const library = new InMemorySourceIndexLibrary();
    await library.build({ version: 'v1', sources: demo });
    let version = 'v1';
    const generator = new LocalDraftGenerator(
      evidenceRetriever({
        index: async () => library.open(version),
        vocabulary: clinicalVocabulary(),
        englishCount,
      }),
    );
    const question = request('Which antibiotic treats early Lyme disease after a tick bite?');
    expect((await generator.generate(question)).flags).toContain(DRAFT_FLAGS.noRelevantSources);

    const extra: Source = {
      id: 'zz-lyme',
      title: 'Lyme disease after a tick bite',
      publisher: 'Test',
      year: 2024,
      url: 'https://example.org/lyme',
      text: 'Early Lyme disease with erythema migrans after a tick bite is treated with doxycycline for 21 days. Amoxicillin is an alternative in pregnancy.',
    };
    await library.build({ version: 'v2', base: 'v1', sources: [extra] });
    version = 'v2';
    const draft = await generator.generate(question);
    expect(draft.citations[0]?.sourceId).toBe('zz-lyme');
  });

  it('yields an integrity-valid draft for any question string', async () => {
    const generator = new LocalDraftGenerator(libraryRetriever(demo));
    const words = fc.constantFrom(
      'asthma',
      'statins',
      'flu',
      'sleep',
      'iron',
      'back',
      'pain',
      'the',
      'zebra',
      '?',
    );
    const question = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(words, { maxLength: 12 }).map((parts) => parts.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(
        question,
        fc.array(fc.string({ maxLength: 80 }), { maxLength: 2 }),
        async (text, comments) => {
          const draft = await generator.generate(request(text, { reviewerComments: comments }));
          expect(draftSchema.safeParse(draft).success).toBe(true);
          expect(checkDraftIntegrity(draft, sourceIds)).toEqual([]);
          const noSources = draft.flags?.includes(DRAFT_FLAGS.noRelevantSources) ?? false;
          expect(noSources).toBe(draft.citations.length === 0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
