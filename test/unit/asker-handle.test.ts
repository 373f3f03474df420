import { describe, expect, it } from 'vitest';
import { type AskerHandle, asSeenBy } from '../../shared/domain/asker-handle.ts';
import type { Question } from '../../shared/domain/question.ts';

const question: Question = {
  id: 'first-asker-id',
  question: 'What is a normal HbA1c?',
  audience: 'patient',
  status: 'in_review',
  followUpOf: 'diabetes-basics',
  timeline: [
    { status: 'submitted', at: '2026-01-01T09:00:00.000Z' },
    { status: 'drafting', at: '2026-01-01T09:00:01.000Z' },
    { status: 'in_review', at: '2026-01-01T09:00:02.000Z' },
  ],
  currentRevision: 1,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:02.000Z',
};
const handle: AskerHandle = {
  id: 'second-asker-id',
  questionId: question.id,
  question: 'what is a NORMAL hba1c',
  audience: 'clinician',
  createdAt: '2026-01-02T10:00:00.000Z',
};

describe('a question as a later asker sees it', () => {
  it('is the question itself without a handle', () => {
    expect(asSeenBy(question)).toBe(question);
  });

  it("shows the asker's own id, text, audience and time, and the shared status as of their asking", () => {
    const seen = asSeenBy(question, handle);
    expect(seen).toMatchObject({
      id: handle.id,
      question: handle.question,
      audience: 'clinician',
      status: 'in_review',
      currentRevision: 1,
      createdAt: handle.createdAt,
      updatedAt: handle.createdAt,
      timeline: [
        { status: 'submitted', at: handle.createdAt },
        { status: 'in_review', at: handle.createdAt },
      ],
    });
    expect(seen).not.toHaveProperty('followUpOf');
    expect(JSON.stringify(seen)).not.toContain(question.id);
    expect(JSON.stringify(seen)).not.toContain('2026-01-01');
  });

  it('shows what happens after they asked', () => {
    const later = {
      ...question,
      status: 'published' as const,
      articleSlug: 'normal-hba1c',
      timeline: [
        ...question.timeline,
        { status: 'approved' as const, at: '2026-01-03T08:00:00.000Z' },
        { status: 'published' as const, at: '2026-01-03T08:00:01.000Z' },
      ],
      updatedAt: '2026-01-03T08:00:01.000Z',
    };
    const seen = asSeenBy(later, { ...handle, followUpOf: 'their-own-article' });
    expect(seen.timeline.map((entry) => entry.status)).toEqual(['submitted', 'approved', 'published']);
    expect(seen).toMatchObject({ articleSlug: 'normal-hba1c', followUpOf: 'their-own-article' });
    expect(seen.updatedAt).toBe('2026-01-03T08:00:01.000Z');
  });
});
