import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/domain/errors.ts';
import {
  allowedTransitions,
  applyTransition,
  assertTransition,
  canTransition,
} from '../../shared/domain/lifecycle.ts';
import { QUESTION_STATUSES, type Question } from '../../shared/domain/question.ts';

/** The documented table, restated independently of the implementation. */
const ALLOWED = new Set([
  'submitted>drafting',
  'submitted>failed',
  'drafting>in_review',
  'drafting>failed',
  'drafting>submitted',
  'in_review>in_review',
  'in_review>approved',
  'in_review>changes_requested',
  'in_review>rejected',
  'in_review>published',
  'changes_requested>drafting',
  'changes_requested>in_review',
  'approved>published',
  'published>in_review',
  'published>drafting',
  'failed>submitted',
  'failed>drafting',
  'submitted>retracted',
  'drafting>retracted',
  'in_review>retracted',
  'changes_requested>retracted',
  'approved>retracted',
  'published>retracted',
  'failed>retracted',
  'retracted>in_review',
]);

const pairs = QUESTION_STATUSES.flatMap((from) => QUESTION_STATUSES.map((to) => ({ from, to })));

function question(overrides: Partial<Question> = {}): Question {
  return {
    id: 'q1',
    question: 'Is ibuprofen safe in pregnancy?',
    audience: 'patient',
    status: 'in_review',
    timeline: [{ status: 'submitted', at: '2024-01-01T00:00:00.000Z' }],
    currentRevision: 1,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const AT = '2024-02-02T10:00:00.000Z';

describe('transition table', () => {
  it.each(pairs)('$from → $to', ({ from, to }) => {
    const allowed = ALLOWED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    expect(allowedTransitions(from).includes(to)).toBe(allowed);
    if (allowed) {
      expect(() => assertTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertTransition(from, to)).toThrow(ConflictError);
      expect(() => assertTransition(from, to)).toThrow(`from ${from} to ${to}`);
    }
  });

  it('makes rejected terminal', () => {
    expect(allowedTransitions('rejected')).toEqual([]);
    expect(() => assertTransition('rejected', 'in_review')).toThrow(/rejected is final/);
  });

  it('lets only an editor revision (→ in_review) out of retracted', () => {
    expect(allowedTransitions('retracted')).toEqual(['in_review']);
    expect(canTransition('retracted', 'approved')).toBe(false);
    expect(canTransition('retracted', 'published')).toBe(false);
    expect(canTransition('retracted', 'drafting')).toBe(false);
  });

  it('retracts only a question whose article was published, with a reason', () => {
    expect(() =>
      applyTransition(question({ status: 'published' }), 'retracted', {
        at: AT,
        actor: 'a',
        action: 'x',
        reason: 'r',
      }),
    ).toThrow(ConflictError);
    expect(() =>
      applyTransition(question({ status: 'published', articleSlug: 's' }), 'retracted', {
        at: AT,
        actor: 'a',
        action: 'x',
      }),
    ).toThrow(ValidationError);
  });

  it('keeps anything from reaching published except through approval or a live article', () => {
    const into = QUESTION_STATUSES.filter((from) => canTransition(from, 'published'));
    expect(into.sort()).toEqual(['approved', 'in_review']);
  });
});

describe('applyTransition', () => {
  // Every legal pair, with the extra context its guard needs.
  it.each(pairs.filter(({ from, to }) => ALLOWED.has(`${from}>${to}`)))(
    'applies $from → $to',
    ({ from, to }) => {
      const before = question({
        status: from,
        articleSlug: 'live-article',
        currentRevision: 2,
        ...(from === 'published' && to === 'drafting'
          ? { reviewReason: 'scheduled_re_review' as const }
          : {}),
      });
      const reason = 'because';
      const { question: after, audit } = applyTransition(before, to, {
        at: AT,
        actor: 'alice',
        action: 'test',
        revision: 3,
        reason,
      });
      expect(after.status).toBe(to);
      expect(after.updatedAt).toBe(AT);
      expect(after.currentRevision).toBe(3);
      expect(after.timeline).toEqual([...before.timeline, { status: to, at: AT }]);
      expect(audit).toEqual({ at: AT, actor: 'alice', action: 'test', from, to, revision: 3, reason });
      // Pure: the input is untouched.
      expect(before.status).toBe(from);
      expect(before.timeline).toHaveLength(1);
    },
  );

  it.each(pairs.filter(({ from, to }) => !ALLOWED.has(`${from}>${to}`)))(
    'refuses $from → $to',
    ({ from, to }) => {
      expect(() =>
        applyTransition(question({ status: from }), to, { at: AT, actor: 'a', action: 'x', reason: 'r' }),
      ).toThrow(ConflictError);
    },
  );

  it('omits absent optional fields instead of writing undefined', () => {
    const { question: after, audit } = applyTransition(question({ status: 'submitted' }), 'drafting', {
      at: AT,
      actor: 'system',
      action: 'draft.started',
    });
    expect(audit).toEqual({
      at: AT,
      actor: 'system',
      action: 'draft.started',
      from: 'submitted',
      to: 'drafting',
    });
    expect(Object.values(audit)).not.toContain(undefined);
    expect(Object.values(after)).not.toContain(undefined);
    expect(after.currentRevision).toBe(1);
  });

  it.each(['rejected', 'changes_requested'] as const)('requires a reason to move to %s', (to) => {
    for (const reason of [undefined, '', '   ']) {
      const attempt = () => applyTransition(question(), to, { at: AT, actor: 'bob', action: 'x', reason });
      expect(attempt).toThrow(ValidationError);
      try {
        attempt();
      } catch (error) {
        expect((error as ValidationError).errors).toEqual([{ path: 'reason', message: expect.any(String) }]);
      }
    }
  });

  it('trims the reason', () => {
    const { audit } = applyTransition(question(), 'rejected', {
      at: AT,
      actor: 'b',
      action: 'x',
      reason: '  no  ',
    });
    expect(audit.reason).toBe('no');
  });

  it('records a failure reason on failed and clears it on retry', () => {
    const failed = applyTransition(question({ status: 'drafting' }), 'failed', {
      at: AT,
      actor: 'system',
      action: 'draft.failed',
      reason: 'generator timed out',
    }).question;
    expect(failed.failureReason).toBe('generator timed out');
    const retried = applyTransition(failed, 'drafting', {
      at: AT,
      actor: 'admin',
      action: 'admin.retry',
    }).question;
    expect(retried).not.toHaveProperty('failureReason');
  });

  it('refuses a revision older than the current one', () => {
    expect(() =>
      applyTransition(question({ status: 'drafting', currentRevision: 3 }), 'in_review', {
        at: AT,
        actor: 'system',
        action: 'draft.generated',
        revision: 2,
      }),
    ).toThrow(ConflictError);
  });

  it('allows in_review → in_review only with a newer revision', () => {
    const base = question({ currentRevision: 2 });
    const options = { at: AT, actor: 'ed', action: 'revision.edited' };
    expect(() => applyTransition(base, 'in_review', options)).toThrow(ConflictError);
    expect(() => applyTransition(base, 'in_review', { ...options, revision: 2 })).toThrow(ConflictError);
    expect(applyTransition(base, 'in_review', { ...options, revision: 3 }).question.currentRevision).toBe(3);
  });

  it('regenerates a live article only for a scheduled re-review, and forgets the reason once settled', () => {
    const live = question({ status: 'published', articleSlug: 's' });
    const options = { at: AT, actor: 'system', action: 'review.scheduled' };
    expect(() => applyTransition(live, 'drafting', options)).toThrow(ConflictError);
    const opened = applyTransition({ ...live, reviewReason: 'scheduled_re_review' }, 'drafting', options);
    expect(opened.question.reviewReason).toBe('scheduled_re_review');
    const inReview = applyTransition(opened.question, 'in_review', { ...options, revision: 2 }).question;
    expect(inReview.reviewReason).toBe('scheduled_re_review');
    expect(applyTransition(inReview, 'published', options).question.reviewReason).toBeUndefined();
  });

  it('allows in_review → published only when an article is live', () => {
    const options = { at: AT, actor: 'rev', action: 'review.reject', reason: 'wrong' };
    expect(() => applyTransition(question(), 'published', options)).toThrow(ConflictError);
    const live = question({ articleSlug: 'ibuprofen-pregnancy' });
    expect(applyTransition(live, 'published', options).question.status).toBe('published');
  });
});

describe('waiting for the generation budget', () => {
  it('clears the wait with the next status change', () => {
    const waiting = {
      ...question({ status: 'submitted' }),
      waiting: { reason: 'The budget is spent', until: '2031-05-06T00:00:00.000Z' },
    };
    const { question: drafting } = applyTransition(waiting, 'drafting', {
      at: AT,
      actor: 'system',
      action: 'x',
    });
    expect(drafting.waiting).toBeUndefined();
  });
});
