import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANSWER_MESSAGES,
  type AnswerInput,
  answerNeeds,
  askerAnswer,
  citedSourceIds,
} from '../../shared/domain/asker-answer.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import { isSupported } from '../../shared/domain/publish-gate.ts';
import { QUESTION_STATUSES, type Question, type QuestionStatus } from '../../shared/domain/question.ts';

const library = new Set(['bp-home', 'bp-diet']);
const NOTICE = 'Educational use only; not yet reviewed by a clinician.';

const draft = (): Draft => ({
  title: 'Measuring blood pressure at home',
  bottomLine: 'Home readings taken seated after rest are reliable [1].',
  sections: [
    {
      heading: 'How to measure',
      claims: [
        { text: 'Sit for five minutes before measuring.', citations: [1] },
        { text: 'Less salt lowers blood pressure.', citations: [2] },
      ],
    },
  ],
  citations: [
    {
      n: 1,
      title: 'Home monitoring',
      publisher: 'NHS',
      year: 2024,
      url: 'https://example.org/1',
      sourceId: 'bp-home',
    },
    { n: 2, title: 'Salt and blood pressure', sourceId: 'bp-diet' },
  ],
  patient: {
    bottomLine: 'You can check your blood pressure at home [1].',
    sections: [{ heading: 'What to do', claims: [{ text: 'Rest five minutes first.', citations: [1] }] }],
  },
  suggestedQuestions: [
    'What is a normal reading?',
    'How often should I measure?',
    'Which cuff should I buy?',
  ],
  flags: ['reviewer_comments_applied'],
  generator: { adapter: 'local', model: 'bm25-internal-model', promptVersion: 'p-secret-3' },
});

const question = (overrides: Partial<Question> = {}): Question => ({
  id: '6d1f3c3e-8f7a-4a53-9d39-0d6c1f1f2a10',
  question: 'How should I measure my blood pressure at home?',
  audience: 'patient',
  status: 'in_review',
  timeline: [],
  currentRevision: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  ...overrides,
});

const input = (overrides: Partial<AnswerInput> = {}): AnswerInput => ({
  question: question(),
  revision: { revision: 2, createdAt: '2026-01-01T00:00:01.000Z', draft: draft() },
  librarySourceIds: library,
  notice: NOTICE,
  ...overrides,
});

const RETRACTED: QuestionStatus = 'retracted';

describe("the asker's answer", () => {
  it('serves a supported latest revision as pending_review, in the audience asked for, with the notice', () => {
    expect(askerAnswer(input())).toEqual({
      status: 'pending_review',
      audience: 'patient',
      notice: NOTICE,
      revision: 2,
      generatedAt: '2026-01-01T00:00:01.000Z',
      title: 'Measuring blood pressure at home',
      bottomLine: 'You can check your blood pressure at home [1].',
      sections: [{ heading: 'What to do', claims: [{ text: 'Rest five minutes first.', citations: [1] }] }],
      citations: [
        { n: 1, title: 'Home monitoring', publisher: 'NHS', year: 2024, url: 'https://example.org/1' },
        { n: 2, title: 'Salt and blood pressure' },
      ],
      suggestedQuestions: [
        'What is a normal reading?',
        'How often should I measure?',
        'Which cuff should I buy?',
      ],
    });
  });

  it('serves the clinician text when ?audience=clinician overrides the asked-for audience', () => {
    const answer = askerAnswer(input({ audience: 'clinician' }));
    expect(answer).toMatchObject({
      status: 'pending_review',
      audience: 'clinician',
      bottomLine: draft().bottomLine,
      sections: draft().sections,
    });
  });

  it.each(['in_review', 'changes_requested', 'approved'] as const)(
    'shows the supported draft while %s (nothing published yet)',
    (status) => {
      expect(askerAnswer(input({ question: question({ status }) })).status).toBe('pending_review');
    },
  );

  it('never copies flags, generator metadata, library ids or unknown fields into the view', () => {
    const withExtras = draft() as Draft & Record<string, unknown>;
    (withExtras.sections[0]?.claims[0] as Record<string, unknown>).reviewerNote = 'looks thin';
    (withExtras.sections[0] as Record<string, unknown>).internal = 'x';
    withExtras.decisions = [{ reviewer: 'dr-house', reason: 'needs work' }];
    const text = JSON.stringify(
      askerAnswer(
        input({ audience: 'clinician', revision: { revision: 2, createdAt: 't', draft: withExtras } }),
      ),
    );
    for (const hidden of [
      'reviewer_comments_applied',
      'bm25-internal-model',
      'p-secret-3',
      'bp-home',
      'sourceId',
      'looks thin',
      'internal',
      'dr-house',
      'needs work',
      'flags',
      'generator',
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('says no_answer_yet, never an empty article, when the draft is flagged no_relevant_sources', () => {
    const offLibrary = { ...draft(), flags: ['no_relevant_sources'] };
    expect(askerAnswer(input({ revision: { revision: 2, createdAt: 't', draft: offLibrary } }))).toEqual({
      status: 'no_answer_yet',
      audience: 'patient',
      reason: 'awaiting_clinician',
      message: ANSWER_MESSAGES.awaiting_clinician,
    });
  });

  it('says no_answer_yet when a citation names a source the library lacks', () => {
    expect(askerAnswer(input({ librarySourceIds: new Set(['bp-home']) })).status).toBe('no_answer_yet');
  });

  it('says no_answer_yet when the revision it was given is not the latest, or none was given', () => {
    expect(askerAnswer(input({ question: question({ currentRevision: 3 }) })).status).toBe('no_answer_yet');
    expect(askerAnswer(input({ revision: undefined })).status).toBe('no_answer_yet');
  });

  it.each(['submitted', 'drafting'] as const)('says a draft is being prepared while %s', (status) => {
    expect(
      askerAnswer(input({ question: question({ status, currentRevision: 0 }), revision: undefined })),
    ).toEqual({
      status: 'no_answer_yet',
      audience: 'patient',
      reason: 'drafting',
      message: ANSWER_MESSAGES.drafting,
    });
  });

  it('gives a failed question the public failure reason and no content', () => {
    const failed = question({ status: 'failed', failureReason: "The generator's output was unusable" });
    expect(askerAnswer(input({ question: failed }))).toEqual({
      status: 'no_answer_yet',
      audience: 'patient',
      reason: 'failed',
      message: ANSWER_MESSAGES.failed,
      failureReason: "The generator's output was unusable",
    });
  });

  it('points a published question at its live article, with the audience in the link', () => {
    const published = question({ status: 'published', articleSlug: 'measuring-blood-pressure-at-home' });
    expect(askerAnswer(input({ question: published, articleLive: true }))).toEqual({
      status: 'approved',
      audience: 'patient',
      articleSlug: 'measuring-blood-pressure-at-home',
      articleUrl: '/v1/articles/measuring-blood-pressure-at-home?audience=patient',
      message: ANSWER_MESSAGES.approved,
    });
    expect(
      askerAnswer(input({ question: published, articleLive: true, audience: 'clinician' })),
    ).toMatchObject({
      articleUrl: '/v1/articles/measuring-blood-pressure-at-home',
    });
  });

  it('points at the live article while a new revision of it is in review, instead of the unreviewed draft', () => {
    const revising = question({ status: 'in_review', articleSlug: 'measuring-blood-pressure-at-home' });
    expect(askerAnswer(input({ question: revising, articleLive: true })).status).toBe('approved');
  });

  it.each([
    ['rejected', 'declined'],
    [RETRACTED, 'retracted'],
  ] as const)('serves no content once the question is %s (reason %s)', (status, reason) => {
    expect(
      askerAnswer(input({ question: question({ status, articleSlug: 'a-slug' }), articleLive: true })),
    ).toEqual({
      status: 'not_answered',
      audience: 'patient',
      reason,
      message: ANSWER_MESSAGES[reason],
    });
  });

  it.each(['published', 'in_review', 'changes_requested', 'approved'] as const)(
    'treats a %s question whose article is no longer live as retracted, with no content',
    (status) => {
      const answer = askerAnswer(
        input({ question: question({ status, articleSlug: 'gone' }), articleLive: false }),
      );
      expect(answer).toEqual({
        status: 'not_answered',
        audience: 'patient',
        reason: 'retracted',
        message: ANSWER_MESSAGES.retracted,
      });
    },
  );

  it('serves no content for a status it does not know', () => {
    const unknown = question({ status: 'archived' as QuestionStatus });
    expect(askerAnswer(input({ question: unknown })).status).toBe('no_answer_yet');
  });

  it('serves content only from a supported draft in a draft status, whatever the status, flags and library', () => {
    const statuses = [...QUESTION_STATUSES, RETRACTED];
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.option(fc.constantFrom('a-slug'), { nil: undefined }),
        fc.boolean(),
        fc.subarray(['no_relevant_sources', 'reviewer_comments_applied']),
        fc.subarray(['bp-home', 'bp-diet']),
        fc.boolean(),
        (status, articleSlug, articleLive, flags, knownIds, uncitedClaim) => {
          const content = { ...draft(), flags };
          if (uncitedClaim) content.patient.sections[0]?.claims.push({ text: 'Unsourced.', citations: [] });
          const answer = askerAnswer(
            input({
              question: question({ status, ...(articleSlug ? { articleSlug } : {}) }),
              articleLive,
              librarySourceIds: new Set(knownIds),
              revision: { revision: 2, createdAt: 't', draft: content },
            }),
          );
          if (answer.status === 'pending_review') {
            expect(isSupported(content, new Set(knownIds))).toBe(true);
            expect(['in_review', 'changes_requested', 'approved']).toContain(status);
            expect(articleSlug).toBeUndefined();
          }
          if (['rejected', 'retracted'].includes(status)) expect(answer.status).toBe('not_answered');
          if (answer.status === 'approved') expect(articleLive && articleSlug !== undefined).toBe(true);
          expect(JSON.stringify(answer)).not.toMatch(/sourceId|flags|generator|bp-home|bp-diet/);
        },
      ),
    );
  });
});

describe('what the answer needs to read', () => {
  it('asks for the latest revision only in a draft status without an article', () => {
    expect(answerNeeds(question())).toEqual({ revision: 2 });
    expect(answerNeeds(question({ status: 'changes_requested' }))).toEqual({ revision: 2 });
    expect(answerNeeds(question({ status: 'drafting' }))).toEqual({});
    expect(answerNeeds(question({ status: 'rejected' }))).toEqual({});
    expect(answerNeeds(question({ status: 'in_review', currentRevision: 0 }))).toEqual({});
  });

  it('asks whether the article is live whenever the question has one, and then needs no revision', () => {
    expect(answerNeeds(question({ status: 'in_review', articleSlug: 's' }))).toEqual({ articleSlug: 's' });
    expect(answerNeeds(question({ status: 'published', articleSlug: 's' }))).toEqual({ articleSlug: 's' });
  });

  it('lists the library ids a draft cites', () => {
    expect(citedSourceIds(draft())).toEqual(['bp-home', 'bp-diet']);
  });
});
