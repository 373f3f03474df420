import { describe, expect, it } from 'vitest';
import type { AnyEvent, DraftRequested } from '../../events/contracts.ts';
import { EVENT_SOURCE } from '../../events/envelope.ts';
import type { AuditEntry, Question } from '../../shared/domain/question.ts';
import type { SourceWithdrawal } from '../../shared/domain/source-withdrawal.ts';
import type { QuestionChange, QuestionStore } from '../../shared/ports/question-store.ts';
import type { WithdrawalMessage } from '../../shared/ports/withdrawal-pages.ts';
import { sourceWithdrawnEvent, withdrawSource } from '../../shared/use-cases/withdraw-source.ts';
import { handleWithdrawalPage } from '../../shared/use-cases/withdrawal-notices.ts';

/**
 * The withdrawal's rules against small in-memory stand-ins for its ports
 * (the wire behaviour is test/integration/source-withdrawal.test.ts): the
 * route's answers, and what a page and a per-article message do, delivered
 * once or again.
 */
const NOW = new Date('2026-12-07T10:00:00.000Z');

describe('withdrawSource', () => {
  const world = (held: string[], withdrawn: Record<string, SourceWithdrawal> = {}) => {
    const stored = new Map(Object.entries(withdrawn));
    const events: AnyEvent[] = [];
    const deps = {
      catalog: {
        resolveWithWithdrawals: async (ids: readonly string[]) => ({
          sources: new Map(
            ids.filter((id) => held.includes(id) && !stored.has(id)).map((id) => [id, {} as never]),
          ),
          withdrawn: new Map(
            ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id) as SourceWithdrawal]] : [])),
          ),
        }),
        withdraw: async (id: string, withdrawal: SourceWithdrawal) => {
          if (!held.includes(id)) return { kind: 'unknown' as const };
          const before = stored.get(id);
          if (before) return { kind: 'already' as const, withdrawal: before };
          stored.set(id, withdrawal);
          return { kind: 'withdrawn' as const, withdrawal };
        },
      },
      events: { publish: async (event: AnyEvent) => void events.push(event) },
      now: () => NOW,
    };
    return { deps, stored, events };
  };

  it('records the withdrawal and announces it once per source, whatever the repeats', async () => {
    const { deps, events } = world(['a', 'b']);
    const input = { sourceId: 'a', reason: 'Retracted', supersededBy: 'b', admin: 'ada' };
    const first = await withdrawSource(deps, input);
    expect(first).toEqual({
      sourceId: 'a',
      status: 'withdrawn',
      reason: 'Retracted',
      supersededBy: 'b',
      withdrawnAt: NOW.toISOString(),
    });
    // The same withdrawal again: accepted, announced again with the same event id and time.
    deps.now = () => new Date('2026-12-08T00:00:00.000Z');
    expect(await withdrawSource(deps, input)).toEqual(first);
    expect(events.map((event) => event.id)).toEqual(['source.withdrawn:a', 'source.withdrawn:a']);
    expect(events[1]).toEqual(events[0]);
  });

  it('refuses another withdrawal of a withdrawn source (409), unknown sources (404) and bad replacements (400)', async () => {
    const { deps, events } = world(['a', 'b', 'c'], {
      c: { reason: 'old', at: NOW.toISOString(), by: 'ada' },
    });
    await withdrawSource(deps, { sourceId: 'a', reason: 'Retracted', admin: 'ada' });
    await expect(
      withdrawSource(deps, { sourceId: 'a', reason: 'Other', admin: 'ada' }),
    ).rejects.toMatchObject({
      status: 409,
    });
    await expect(withdrawSource(deps, { sourceId: 'z', reason: 'x', admin: 'ada' })).rejects.toMatchObject({
      status: 404,
    });
    // Not in the library, or withdrawn itself.
    for (const supersededBy of ['b2', 'c']) {
      await expect(
        withdrawSource(deps, { sourceId: 'b', reason: 'x', supersededBy, admin: 'ada' }),
      ).rejects.toMatchObject({ status: 400, errors: [{ path: 'supersededBy' }] });
    }
    await expect(
      withdrawSource(deps, { sourceId: 'b', reason: 'x', supersededBy: 'b', admin: 'ada' }),
    ).rejects.toMatchObject({ status: 400 });
    expect(events).toHaveLength(1);
  });
});

describe('the withdrawal fan-out', () => {
  const withdrawal: SourceWithdrawal = { reason: 'Retracted', at: NOW.toISOString(), by: 'ada' };
  const event = sourceWithdrawnEvent('src', withdrawal);
  const message: WithdrawalMessage = {
    'detail-type': 'source.withdrawn',
    source: EVENT_SOURCE,
    detail: event,
  };

  const question = (id: string, overrides: Partial<Question> = {}): Question => ({
    id,
    question: `Question ${id}`,
    audience: 'patient',
    status: 'published',
    timeline: [],
    currentRevision: 1,
    articleSlug: `slug-${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  });

  /** `citing` articles slug-q000…; questions only for those given. */
  const world = (questions: Question[], slugs: string[]) => {
    const stored = new Map(questions.map((q) => [q.id, q]));
    const audit: AuditEntry[] = [];
    const next: WithdrawalMessage[] = [];
    const requests: DraftRequested[] = [];
    const notices = new Set<string>();
    const deps = {
      citations: {
        record: async () => undefined,
        citing: async (_source: string, page: { limit: number; after?: string }) => {
          const from = page.after ? slugs.indexOf(page.after) + 1 : 0;
          const items = slugs
            .slice(from, from + page.limit)
            .map((slug) => ({ slug, questionId: slug.slice(5) }));
          const last = items.at(-1);
          return { items, ...(from + page.limit < slugs.length && last ? { next: last.slug } : {}) };
        },
      },
      notices: {
        addWithdrawalNotice: async (slug: string) => {
          if (notices.has(slug)) return 'present' as const;
          notices.add(slug);
          return 'added' as const;
        },
      },
      questions: {
        get: async (id: string) => stored.get(id),
        commit: async (change: QuestionChange) => {
          if (stored.get(change.before.id)?.updatedAt !== change.before.updatedAt) return false;
          stored.set(change.after.id, change.after);
          audit.push(...change.audit);
          // The draft request is an event of the change, written with it (the outbox).
          requests.push(...((change.events ?? []) as DraftRequested[]));
          return true;
        },
      } as unknown as QuestionStore,
      pages: { continueAfter: async (page: WithdrawalMessage) => void next.push(page) },
      now: () => NOW,
    };
    return { deps, stored, audit, next, requests, notices };
  };

  it('handles a page of 25 citing articles, then sends the next page, never more', async () => {
    const slugs = Array.from({ length: 60 }, (_, i) => `slug-q${String(i).padStart(3, '0')}`);
    const { deps, next, notices } = world([], slugs);
    expect(await handleWithdrawalPage(deps, message)).toEqual({ added: 25 });
    expect(notices.size).toBe(25);
    expect(next).toEqual([{ ...message, after: 'slug-q024' }]);
    // A redelivered page finds its notices there, and sends the same next page (idempotent work).
    expect(await handleWithdrawalPage(deps, message)).toEqual({ present: 25 });
    // The last page sends no next page.
    next.length = 0;
    expect(await handleWithdrawalPage(deps, { ...message, after: 'slug-q049' })).toEqual({ added: 10 });
    expect(next).toEqual([]);
  });

  it('sends the next page before working on its own, so pages run concurrently', async () => {
    const slugs = Array.from({ length: 30 }, (_, i) => `slug-q${String(i).padStart(3, '0')}`);
    const { deps, next } = world([], slugs);
    const sentBeforeNotice: boolean[] = [];
    const addNotice = deps.notices.addWithdrawalNotice;
    deps.notices.addWithdrawalNotice = async (slug: string) => {
      sentBeforeNotice.push(next.length === 1);
      return addNotice(slug);
    };
    await handleWithdrawalPage(deps, message);
    expect(sentBeforeNotice).toHaveLength(25);
    expect(sentBeforeNotice.every(Boolean)).toBe(true);
  });

  it('opens one re-review of a settled question, however often the page comes', async () => {
    const { deps, stored, audit, requests } = world([question('q1')], ['slug-q1']);
    expect(await handleWithdrawalPage(deps, message)).toEqual({ added: 1, reReviews: 1 });
    expect(await handleWithdrawalPage(deps, message)).toEqual({ present: 1 });
    expect(stored.get('q1')).toMatchObject({ status: 'drafting', reviewReason: 'source_withdrawn' });
    expect(requests.map((r) => r.data)).toEqual([
      { questionId: 'q1', revision: 2, cause: 'source_withdrawn' },
    ]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'source.withdrawn', from: 'published', to: 'drafting' }),
    ]);
  });

  it('records the withdrawal on a question busy with another revision once, and leaves retracted ones alone', async () => {
    const busy = question('q2', { status: 'in_review', currentRevision: 2 });
    const { deps, stored, audit, requests } = world(
      [busy, question('q3', { status: 'retracted' })],
      ['slug-q2', 'slug-q3'],
    );
    expect(await handleWithdrawalPage(deps, message)).toEqual({ added: 2 });
    expect(await handleWithdrawalPage(deps, message)).toEqual({ present: 2 });
    expect(audit).toEqual([expect.objectContaining({ action: 'source.withdrawn', revision: 2 })]);
    expect(stored.get('q2')?.status).toBe('in_review');
    expect(requests).toEqual([]);
  });
});
