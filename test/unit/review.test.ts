import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError, VettedError } from '../../shared/domain/errors.ts';
import type { Question } from '../../shared/domain/question.ts';
import {
  approversOf,
  changeSummaryOf,
  type DecideInput,
  type Decision,
  decide,
  editRevision,
  type RevisionState,
  revisionOutcome,
} from '../../shared/domain/review.ts';

const AT = '2024-03-03T12:00:00.000Z';

function question(overrides: Partial<Question> = {}): Question {
  return {
    id: 'q1',
    question: 'Does vitamin D prevent fractures?',
    audience: 'clinician',
    status: 'in_review',
    timeline: [
      { status: 'submitted', at: '2024-03-01T00:00:00.000Z' },
      { status: 'drafting', at: '2024-03-01T00:00:01.000Z' },
      { status: 'in_review', at: '2024-03-01T00:00:09.000Z' },
    ],
    currentRevision: 2,
    createdAt: '2024-03-01T00:00:00.000Z',
    updatedAt: '2024-03-01T00:00:09.000Z',
    ...overrides,
  };
}

function revision(overrides: Partial<RevisionState> = {}): RevisionState {
  return { revision: 2, author: 'editor-ed', decisions: [], ...overrides };
}

function input(overrides: Partial<DecideInput> = {}): DecideInput {
  return {
    question: question(),
    revision: revision(),
    command: { revision: 2, decision: 'approve' },
    reviewer: 'rev-ann',
    at: AT,
    requiredApprovals: 1,
    ...overrides,
  };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('decide', () => {
  it('approves when the required approvals are reached', () => {
    const result = decide(input());
    expect(result.outcome).toBe('approved');
    expect(result.record).toEqual({ reviewer: 'rev-ann', decision: 'approve', at: AT });
    expect(result.revision.decisions).toEqual([result.record]);
    expect(result.question.status).toBe('approved');
    expect(result.question.timeline.at(-1)).toEqual({ status: 'approved', at: AT });
    expect(result.question.updatedAt).toBe(AT);
    expect(result.audit).toEqual([
      { at: AT, actor: 'rev-ann', action: 'review.approve', from: 'in_review', to: 'approved', revision: 2 },
    ]);
  });

  it('stays in review while approvals are below the requirement', () => {
    const result = decide(input({ requiredApprovals: 2 }));
    expect(result.outcome).toBe('pending');
    expect(result.question.status).toBe('in_review');
    expect(result.question.timeline).toEqual(question().timeline);
    // updatedAt still moves, so the caller's conditional write serialises concurrent decisions.
    expect(result.question.updatedAt).toBe(AT);
    expect(result.audit).toEqual([{ at: AT, actor: 'rev-ann', action: 'review.approve', revision: 2 }]);

    const second = decide(
      input({
        question: result.question,
        revision: result.revision,
        reviewer: 'rev-bob',
        requiredApprovals: 2,
      }),
    );
    expect(second.outcome).toBe('approved');
    expect(second.question.status).toBe('approved');
    expect(approversOf(second.revision)).toEqual(['rev-ann', 'rev-bob']);
  });

  it('rejects with a reason, terminally', () => {
    const result = decide(
      input({ command: { revision: 2, decision: 'reject', reason: '  unsafe advice ' } }),
    );
    expect(result.outcome).toBe('rejected');
    expect(result.question.status).toBe('rejected');
    expect(result.record.reason).toBe('unsafe advice');
    expect(result.audit[0]).toMatchObject({
      action: 'review.reject',
      to: 'rejected',
      reason: 'unsafe advice',
    });
  });

  it('rejecting a revision of a live article returns it to published', () => {
    const live = question({ articleSlug: 'vitamin-d-fractures' });
    const result = decide(
      input({ question: live, command: { revision: 2, decision: 'reject', reason: 'worse' } }),
    );
    expect(result.outcome).toBe('rejected');
    expect(result.question.status).toBe('published');
    expect(result.question.articleSlug).toBe('vitamin-d-fractures');
  });

  it('requests changes with a reason, even when other approvals are pending', () => {
    const first = decide(input({ requiredApprovals: 2 }));
    const result = decide(
      input({
        question: first.question,
        revision: first.revision,
        reviewer: 'rev-bob',
        requiredApprovals: 2,
        command: { revision: 2, decision: 'request_changes', reason: 'cite the 2019 trial' },
      }),
    );
    expect(result.outcome).toBe('changes_requested');
    expect(result.question.status).toBe('changes_requested');
  });

  it.each(['reject', 'request_changes'] as const)('needs a non-blank reason to %s (400)', (decision) => {
    for (const reason of [undefined, '', ' \n\t ']) {
      const error = thrown(() => decide(input({ command: { revision: 2, decision, reason } })));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([{ path: 'reason', message: expect.any(String) }]);
    }
  });

  it('keeps an optional comment on approval and drops a blank one', () => {
    expect(
      decide(input({ command: { revision: 2, decision: 'approve', reason: 'nice' } })).record.reason,
    ).toBe('nice');
    expect(
      decide(input({ command: { revision: 2, decision: 'approve', reason: ' ' } })).record,
    ).not.toHaveProperty('reason');
  });

  it('validates the command shape (400)', () => {
    const bad = thrown(() =>
      decide(input({ command: { revision: 0, decision: 'maybe' as Decision } })),
    ) as ValidationError;
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.errors.map((e) => e.path)).toEqual(['revision', 'decision']);
  });

  it.each([
    'submitted',
    'drafting',
    'changes_requested',
    'approved',
    'published',
    'rejected',
    'failed',
  ] as const)('refuses a decision when the question is %s (409)', (status) => {
    expect(() => decide(input({ question: question({ status }) }))).toThrow(ConflictError);
  });

  it('refuses a stale revision (409)', () => {
    const error = thrown(() => decide(input({ command: { revision: 1, decision: 'approve' } })));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/stale.*current revision is 2/);
    expect(() => decide(input({ command: { revision: 3, decision: 'approve' } }))).toThrow(ConflictError);
  });

  it('refuses the author of the revision (403)', () => {
    expect(() => decide(input({ reviewer: 'editor-ed' }))).toThrow(ForbiddenError);
    const generated = revision({ author: 'system' });
    expect(() => decide(input({ revision: generated, reviewer: 'system' }))).toThrow(ForbiddenError);
  });

  it('refuses a second decision by the same reviewer (409)', () => {
    const first = decide(input({ requiredApprovals: 2 }));
    const again = thrown(() =>
      decide(input({ question: first.question, revision: first.revision, requiredApprovals: 2 })),
    );
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as Error).message).toMatch(/already decided/);
  });

  it('refuses a decision on a settled revision (409)', () => {
    const approved = revision({ decisions: [{ reviewer: 'rev-bob', decision: 'approve', at: AT }] });
    expect(() => decide(input({ revision: approved }))).toThrow(/already settled \(approved\)/);
    const rejected = revision({
      decisions: [{ reviewer: 'rev-bob', decision: 'reject', reason: 'no', at: AT }],
    });
    expect(() => decide(input({ revision: rejected, requiredApprovals: 3 }))).toThrow(ConflictError);
    const changes = revision({
      decisions: [{ reviewer: 'rev-bob', decision: 'request_changes', reason: 'more', at: AT }],
    });
    expect(() => decide(input({ revision: changes }))).toThrow(/changes_requested/);
  });

  it('treats a mismatched revision state as a programming error (500)', () => {
    const error = thrown(() => decide(input({ revision: revision({ revision: 1 }) })));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(VettedError);
  });

  it('refuses a requiredApprovals below 1 as a configuration error', () => {
    for (const requiredApprovals of [0, -1, 1.5, Number.NaN]) {
      expect(() => decide(input({ requiredApprovals }))).toThrow(RangeError);
    }
  });

  it('is pure: the inputs are not modified', () => {
    const q = question();
    const r = revision();
    const snapshot = structuredClone({ q, r });
    decide(input({ question: q, revision: r }));
    expect({ q, r }).toEqual(snapshot);
  });
});

describe('reviewer identity: trimmed and case-folded', () => {
  it('counts Alice, alice and "alice " as one approver', () => {
    const decisions = ['Alice', 'alice ', 'alice'].map((reviewer) => ({
      reviewer,
      decision: 'approve' as const,
      at: AT,
    }));
    expect(revisionOutcome(revision({ decisions }), 2)).toBe('pending');
    expect(approversOf(revision({ decisions }))).toEqual(['Alice']);
    expect(
      thrown(() =>
        decide(input({ revision: revision({ decisions: [decisions[0] as never] }), reviewer: 'alice ' })),
      ),
    ).toBeInstanceOf(ConflictError);
  });

  it("refuses reviewer Carol on editor carol's own revision", () => {
    expect(
      thrown(() => decide(input({ revision: revision({ author: 'carol' }), reviewer: 'Carol' }))),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      revisionOutcome(
        revision({ author: 'carol', decisions: [{ reviewer: 'CAROL', decision: 'approve', at: AT }] }),
        1,
      ),
    ).toBe('pending');
  });
});

describe('a revision of a retracted question', () => {
  const retracted = question({
    articleSlug: 'gone',
    timeline: [
      { status: 'published', at: '2024-03-01T00:00:00.000Z' },
      { status: 'retracted', at: '2024-03-02T00:00:00.000Z' },
      { status: 'in_review', at: '2024-03-03T00:00:00.000Z' },
    ],
  });

  it('goes back to review only through an editor revision', () => {
    const back = editRevision({
      question: { ...retracted, status: 'retracted' },
      baseRevision: 2,
      editor: 'ed',
      at: AT,
    });
    expect(back.question.status).toBe('in_review');
  });

  it('stays retracted when that revision is rejected, instead of claiming to be published', () => {
    const result = decide(
      input({ question: retracted, command: { revision: 2, decision: 'reject', reason: 'no' } }),
    );
    expect(result.question.status).toBe('retracted');
  });

  it('cannot be approved while retracted', () => {
    expect(thrown(() => decide(input({ question: { ...retracted, status: 'retracted' } })))).toBeInstanceOf(
      ConflictError,
    );
  });
});

describe('revisionOutcome', () => {
  it('ignores approvals by the author and counts reviewers once', () => {
    const rev = revision({
      decisions: [
        { reviewer: 'editor-ed', decision: 'approve', at: AT },
        { reviewer: 'rev-ann', decision: 'approve', at: AT },
        { reviewer: 'rev-ann', decision: 'approve', at: AT },
      ],
    });
    expect(revisionOutcome(rev, 2)).toBe('pending');
    expect(approversOf(rev)).toEqual(['rev-ann']);
  });

  it('lets the first settling decision win', () => {
    const rev = revision({
      decisions: [
        { reviewer: 'rev-ann', decision: 'approve', at: AT },
        { reviewer: 'rev-bob', decision: 'reject', reason: 'x', at: AT },
      ],
    });
    expect(revisionOutcome(rev, 1)).toBe('approved');
    expect(revisionOutcome(rev, 2)).toBe('rejected');
  });
});

describe('editRevision', () => {
  it.each(['in_review', 'changes_requested', 'published'] as const)(
    'creates revision n+1 from %s',
    (status) => {
      const before = question({ status, currentRevision: 2 });
      const result = editRevision({ question: before, baseRevision: 2, editor: 'editor-ed', at: AT });
      expect(result.revision).toBe(3);
      expect(result.revisionState).toEqual({ revision: 3, author: 'editor-ed', decisions: [] });
      expect(result.question.status).toBe('in_review');
      expect(result.question.currentRevision).toBe(3);
      expect(result.question.timeline.at(-1)).toEqual({ status: 'in_review', at: AT });
      expect(result.audit).toEqual([
        { at: AT, actor: 'editor-ed', action: 'revision.edited', from: status, to: 'in_review', revision: 3 },
      ]);
    },
  );

  it('keeps a live article live while its revision is reviewed', () => {
    const live = question({ status: 'published', articleSlug: 'vitamin-d-fractures' });
    const result = editRevision({ question: live, baseRevision: 2, editor: 'editor-ed', at: AT });
    expect(result.question.articleSlug).toBe('vitamin-d-fractures');
  });

  it.each(['submitted', 'drafting', 'approved', 'rejected', 'failed'] as const)(
    'refuses from %s (409)',
    (status) => {
      expect(() =>
        editRevision({ question: question({ status }), baseRevision: 2, editor: 'editor-ed', at: AT }),
      ).toThrow(ConflictError);
    },
  );

  it('refuses a stale base revision (409)', () => {
    for (const baseRevision of [1, 3]) {
      const error = thrown(() =>
        editRevision({ question: question(), baseRevision, editor: 'editor-ed', at: AT }),
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(/stale/);
    }
  });

  it('validates the base revision (400)', () => {
    expect(() => editRevision({ question: question(), baseRevision: 0, editor: 'e', at: AT })).toThrow(
      ValidationError,
    );
  });

  it('makes the editor the author, who then cannot approve their own revision', () => {
    const edited = editRevision({ question: question(), baseRevision: 2, editor: 'editor-ed', at: AT });
    expect(() =>
      decide({
        question: edited.question,
        revision: edited.revisionState,
        command: { revision: 3, decision: 'approve' },
        reviewer: 'editor-ed',
        at: AT,
        requiredApprovals: 1,
      }),
    ).toThrow(ForbiddenError);
  });
});

describe('decide, property', () => {
  const AUTHOR = 'author';
  const reviewers = ['author', 'r1', 'r2', 'r3', 'r4'];
  const command = fc.record({
    reviewer: fc.constantFrom(...reviewers),
    decision: fc.constantFrom<Decision>('approve', 'approve', 'approve', 'reject', 'request_changes'),
    reason: fc.option(fc.constantFrom('', '  ', 'needs work'), { nil: undefined }),
    staleRevision: fc.option(fc.constantFrom(1, 3), { nil: undefined, freq: 4 }),
  });

  it('approves iff enough distinct non-author reviewers approved before anything else settled it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(command, { maxLength: 12 }),
        (required, commands) => {
          let q = question({ currentRevision: 2 });
          let rev: RevisionState = { revision: 2, author: AUTHOR, decisions: [] };

          // The oracle: what should be accepted, computed from the rules directly.
          const approvers = new Set<string>();
          const decided = new Set<string>();
          let settled: 'approved' | 'rejected' | 'changes_requested' | undefined;

          for (const c of commands) {
            const needsReason = c.decision !== 'approve';
            const acceptable =
              !(needsReason && !c.reason?.trim()) &&
              settled === undefined &&
              c.staleRevision === undefined &&
              c.reviewer !== AUTHOR &&
              !decided.has(c.reviewer);
            let result: ReturnType<typeof decide> | undefined;
            try {
              result = decide({
                question: q,
                revision: rev,
                command: {
                  revision: c.staleRevision ?? rev.revision,
                  decision: c.decision,
                  reason: c.reason,
                },
                reviewer: c.reviewer,
                at: AT,
                requiredApprovals: required,
              });
            } catch (error) {
              expect(error).toBeInstanceOf(VettedError);
              expect(acceptable).toBe(false);
              continue;
            }
            expect(acceptable).toBe(true);
            decided.add(c.reviewer);
            if (c.decision === 'approve') {
              approvers.add(c.reviewer);
              if (approvers.size >= required) settled = 'approved';
            } else {
              settled = c.decision === 'reject' ? 'rejected' : 'changes_requested';
            }
            q = result.question;
            rev = result.revision;
            expect(result.outcome).toBe(settled ?? 'pending');
          }

          expect(q.status).toBe(settled ?? 'in_review');
          const recordedApprovers = approversOf(rev);
          expect(q.status === 'approved').toBe(
            recordedApprovers.length >= required && rev.decisions.every((d) => d.decision === 'approve'),
          );
          if (q.status === 'approved') expect(recordedApprovers.length).toBe(required);
          expect(recordedApprovers).not.toContain(AUTHOR);
          expect(new Set(rev.decisions.map((d) => d.reviewer)).size).toBe(rev.decisions.length);
          expect(revisionOutcome(rev, required)).toBe(settled ?? 'pending');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('change summaries', () => {
  it("records an approval's summary with the decision", () => {
    const result = decide(
      input({ command: { revision: 2, decision: 'approve', changeSummary: 'New target' } }),
    );
    expect(result.record.changeSummary).toBe('New target');
    expect(changeSummaryOf(result.revision)).toBe('New target');
  });

  it('takes only an approval with a summary', () => {
    const error = thrown(() =>
      decide(input({ command: { revision: 2, decision: 'reject', reason: 'No', changeSummary: 'Nope' } })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['changeSummary']);
  });

  it("prefers the last approver's summary, then the editor's, and ignores the author's own", () => {
    const approve = (reviewer: string, changeSummary?: string) => ({
      reviewer,
      decision: 'approve' as const,
      at: AT,
      ...(changeSummary ? { changeSummary } : {}),
    });
    expect(changeSummaryOf(revision({ changeSummary: 'Editor' }))).toBe('Editor');
    expect(changeSummaryOf(revision({ changeSummary: 'Editor', decisions: [approve('ann')] }))).toBe(
      'Editor',
    );
    expect(
      changeSummaryOf(
        revision({ changeSummary: 'Editor', decisions: [approve('ann', 'A'), approve('bo', 'B')] }),
      ),
    ).toBe('B');
    expect(changeSummaryOf(revision({ decisions: [approve('Editor-Ed', 'Self')] }))).toBeUndefined();
    expect(changeSummaryOf(revision())).toBeUndefined();
  });
});
