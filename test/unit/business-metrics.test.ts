import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/domain/question.ts';
import {
  askedMetrics,
  backlogMetrics,
  decisionMetrics,
  draftMetrics,
  publicationMetrics,
  retractionMetrics,
} from '../../shared/observability/business-metrics.ts';

const now = new Date('2026-11-29T12:00:00.000Z');
const question = (currentRevision: number): Question => ({
  id: 'q-1',
  question: 'Should adults get a flu vaccine every year?',
  audience: 'patient',
  status: 'in_review',
  timeline: [{ status: 'submitted', at: '2026-11-29T11:59:30.000Z' }],
  currentRevision,
  createdAt: '2026-11-29T11:59:30.000Z',
  updatedAt: '2026-11-29T11:59:58.000Z',
});

describe('business metrics for each outcome', () => {
  it('counts a question once: when it is stored, not on a duplicate or an idempotent replay', () => {
    expect(askedMetrics(true)).toEqual([{ name: 'QuestionsAsked', value: 1 }]);
    expect(askedMetrics(false)).toEqual([]);
  });

  it('tells a generated first draft from a refused one and times the wait for review', () => {
    expect(draftMetrics({ kind: 'drafted', question: question(1), draft: {} }, now)).toEqual([
      { name: 'DraftsGenerated', value: 1 },
      { name: 'AskToReviewSeconds', value: 30 },
    ]);
    expect(
      draftMetrics(
        { kind: 'drafted', question: question(1), draft: { flags: ['no_relevant_sources'] } },
        now,
      ),
    ).toEqual([
      { name: 'DraftsRefused', value: 1 },
      { name: 'AskToReviewSeconds', value: 30 },
    ]);
  });

  it('does not time a later revision as the asker’s wait', () => {
    expect(draftMetrics({ kind: 'drafted', question: question(2), draft: {} }, now)).toEqual([
      { name: 'DraftsGenerated', value: 1 },
    ]);
  });

  it('counts a failed draft and nothing for a skipped (already handled) request', () => {
    expect(draftMetrics({ kind: 'failed' }, now)).toEqual([{ name: 'DraftsFailed', value: 1 }]);
    expect(draftMetrics({ kind: 'skipped' }, now)).toEqual([]);
  });

  it('dimensions a decision by its outcome', () => {
    expect(decisionMetrics('request_changes')).toEqual([
      { name: 'ReviewDecisions', value: 1, dimensions: { decision: 'request_changes' } },
    ]);
  });

  it('counts a publication with its lag from the approval, and nothing for a refused or repeated one', () => {
    expect(publicationMetrics({ kind: 'published' }, '2026-11-29T11:59:58.500Z', now)).toEqual([
      { name: 'Publications', value: 1 },
      { name: 'ApprovalToPublicationSeconds', value: 1.5 },
    ]);
    expect(publicationMetrics({ kind: 'refused' }, '2026-11-29T11:59:58.500Z', now)).toEqual([]);
    expect(publicationMetrics({ kind: 'already_published' }, '2026-11-29T11:59:58.500Z', now)).toEqual([]);
  });

  it('never reports a negative duration when clocks disagree', () => {
    expect(publicationMetrics({ kind: 'published' }, '2026-11-29T12:00:05.000Z', now)).toContainEqual({
      name: 'ApprovalToPublicationSeconds',
      value: 0,
    });
  });

  it('counts a retraction', () => {
    expect(retractionMetrics()).toEqual([{ name: 'Retractions', value: 1 }]);
  });

  it('samples the backlog: its size and the age of the oldest question, 0 when none waits', () => {
    expect(backlogMetrics(3, '2026-11-29T10:00:00.000Z', now)).toEqual([
      { name: 'QuestionsAwaitingReview', value: 3 },
      { name: 'OldestAwaitingReviewSeconds', value: 7200 },
    ]);
    expect(backlogMetrics(0, undefined, now)).toEqual([
      { name: 'QuestionsAwaitingReview', value: 0 },
      { name: 'OldestAwaitingReviewSeconds', value: 0 },
    ]);
  });
});
