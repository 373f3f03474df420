import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoLibrary, staticSourceLibrary } from '../../shared/adapters/generators/demo-library.ts';
import {
  LocalDraftGenerator,
  REVIEWER_FEEDBACK_HEADING,
  WHAT_THIS_MEANS_HEADING,
} from '../../shared/adapters/generators/local.ts';
import { plainLanguage, splitIntoShortSentences } from '../../shared/adapters/generators/plain-language.ts';
import { checkDraftIntegrity, DRAFT_FLAGS, type Draft, draftSchema } from '../../shared/domain/draft.ts';
import type { Source } from '../../shared/domain/source.ts';
import type { DraftRequest, SourceLibrary } from '../../shared/ports/draft-generator.ts';

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
  it('has about 30 labelled demo sources', () => {
    expect(demo.length).toBeGreaterThanOrEqual(28);
    for (const source of demo) {
      expect(source.title.startsWith('[Demo]')).toBe(true);
      expect(source.publisher).toBe('Vetted demo library (illustrative, not medical advice)');
      expect(source.url.startsWith('https://example.org/demo/')).toBe(true);
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
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
    const draft = await generator.generate(request('Should I take antibiotics for a sore throat?'));

    expect(draftSchema.safeParse(draft).success).toBe(true);
    expect(checkDraftIntegrity(draft, sourceIds)).toEqual([]);
    expect(draft.flags).toBeUndefined();
    expect(draft.title).toBe('Should I take antibiotics for a sore throat?');
    expect(draft.generator).toEqual({ adapter: 'local', model: 'bm25', promptVersion: 'local-compose-v2' });
    expect(draft.sections.length).toBeGreaterThanOrEqual(2);
    expect(draft.sections.length).toBeLessThanOrEqual(3);
    expect(draft.citations[0]?.sourceId).toBe('demo-sore-throat-antibiotics');
    expect(draft.citations.map((citation) => citation.n)).toEqual(draft.citations.map((_, i) => i + 1));
    expect(draft.bottomLine).toMatch(/\[1\]$/);
    expect(draft.suggestedQuestions.length).toBeGreaterThanOrEqual(1);
    expect(draft.suggestedQuestions.length).toBeLessThanOrEqual(4);
  });

  it('only claims sentences of the sources it cites', async () => {
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
    const draft = await generator.generate(request('Can statins cause muscle pain?'));
    for (const claim of draft.sections.flatMap((section) => section.claims)) {
      expect(claim.citations.length).toBeGreaterThan(0);
      for (const n of claim.citations) expect(sourceText(draft, n)).toContain(claim.text);
    }
  });

  it('writes a patient version in plainer words with the same citations', async () => {
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
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
    const first = await new LocalDraftGenerator(staticSourceLibrary(demo)).generate(question);
    const again = await new LocalDraftGenerator(staticSourceLibrary(demo)).generate(question);
    const reversed = await new LocalDraftGenerator(staticSourceLibrary([...demo].reverse())).generate(
      question,
    );
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it('says plainly when nothing relevant is found, makes no claims and flags it', async () => {
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
    const draft = await generator.generate(request('How do I replace the timing belt on my car engine?'));
    expect(draft.flags).toEqual([DRAFT_FLAGS.noRelevantSources]);
    expect(draft.bottomLine).toMatch(/no source relevant/);
    expect(allClaims(draft)).toEqual([]);
    expect(draft.citations).toEqual([]);
    // Suggestions come only from sources retrieved for this question: none here.
    expect(draft.suggestedQuestions).toEqual([]);
    expect(checkDraftIntegrity(draft, sourceIds)).toEqual([]);
  });

  it('flags no relevant sources for an empty library, suggesting nothing', async () => {
    const draft = await new LocalDraftGenerator(staticSourceLibrary([])).generate(
      request('What helps migraine?'),
    );
    expect(draft.flags).toEqual([DRAFT_FLAGS.noRelevantSources]);
    expect(draft.suggestedQuestions).toEqual([]);
  });

  it('suggests at most 4 questions, all about the retrieved sources, phrased as questions', async () => {
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
    const draft = await generator.generate(request('How is a bladder infection treated in women?'));
    expect(draft.suggestedQuestions.length).toBeLessThanOrEqual(4);
    for (const suggestion of draft.suggestedQuestions) {
      expect(suggestion).toMatch(/\?$/);
      // Never influenza vaccines or asthma inhalers for a urinary tract infection.
      expect(suggestion).not.toMatch(/influenza|asthma|inhaler/i);
    }
  });

  it('gives the patient a "what this means for you" section drawn from the cited claims', async () => {
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
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
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
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
    expect(after.citations.map((citation) => citation.sourceId)).toContain('demo-antibiotic-resistance');
    expect(checkDraftIntegrity(after, sourceIds)).toEqual([]);
  });

  it('builds the index once and rebuilds it only when the library changes', async () => {
    let sources = demo;
    let reads = 0;
    const library: SourceLibrary = {
      allSources: async () => {
        reads++;
        return sources;
      },
    };
    const generator = new LocalDraftGenerator(library);
    await generator.generate(request('What helps migraine?'));
    await generator.generate(request('What helps migraine attacks?'));
    expect(reads).toBe(2);
    expect(generator.indexBuilds).toBe(1);

    const extra: Source = {
      id: 'zz-gout',
      title: 'Gout flares',
      publisher: 'Test',
      year: 2024,
      url: 'https://example.org/gout',
      text: 'Colchicine or an NSAID treats acute gout flares. Allopurinol lowers urate to prevent gout flares.',
    };
    sources = [...demo, extra];
    const draft = await generator.generate(request('How are gout flares treated?'));
    expect(generator.indexBuilds).toBe(2);
    expect(draft.citations[0]?.sourceId).toBe('zz-gout');
  });

  it('yields an integrity-valid draft for any question string', async () => {
    const generator = new LocalDraftGenerator(staticSourceLibrary(demo));
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
