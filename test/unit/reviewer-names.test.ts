import { describe, expect, it } from 'vitest';
import { nameApprovals, type PublicApproval, type ReviewerProfile } from '../../shared/domain/reviewer.ts';
import type { LiveApprovals, LiveApprovalsStore } from '../../shared/ports/live-approvals.ts';
import type { ApprovalRecord, ReviewerDirectory } from '../../shared/ports/reviewer-directory.ts';
import {
  afterPublication,
  refreshArticleNames,
  refreshReviewerNames,
  resolveApprovalNames,
} from '../../shared/use-cases/reviewer-names.ts';

/** In-memory ports with the same conditions as the DynamoDB adapters. */
class MemoryDirectory implements ReviewerDirectory {
  profiles = new Map<string, ReviewerProfile>();
  records = new Map<string, Map<string, number>>();
  async putProfile(
    key: string,
    input: Omit<ReviewerProfile, 'subject' | 'createdAt' | 'updatedAt'>,
    at: string,
  ) {
    const stored = {
      subject: key,
      ...input,
      createdAt: this.profiles.get(key)?.createdAt ?? at,
      updatedAt: at,
    };
    this.profiles.set(key, stored);
    return stored;
  }
  async getProfiles(keys: readonly string[]) {
    const found = keys.flatMap((key) => {
      const profile = this.profiles.get(key);
      return profile ? [[key, profile] as const] : [];
    });
    return new Map(found);
  }
  async listProfiles() {
    return [...this.profiles.values()];
  }
  async recordApprovals(keys: readonly string[], record: ApprovalRecord) {
    for (const key of keys) {
      const mine = this.records.get(key) ?? new Map<string, number>();
      if ((mine.get(record.slug) ?? 0) <= record.version) mine.set(record.slug, record.version);
      this.records.set(key, mine);
    }
  }
  async listApprovals(key: string, page: { limit: number; afterSlug?: string }) {
    const all = [...(this.records.get(key) ?? new Map()).entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .filter(([slug]) => page.afterSlug === undefined || slug > page.afterSlug)
      .map(([slug, version]) => ({ slug, version }));
    return { items: all.slice(0, page.limit), more: all.length > page.limit };
  }
  async forgetApproval(key: string, record: ApprovalRecord) {
    if (this.records.get(key)?.get(record.slug) === record.version)
      this.records.get(key)?.delete(record.slug);
  }
}

class MemoryLive implements LiveApprovalsStore {
  items = new Map<string, LiveApprovals>();
  /** Runs once, between a rename's read and its write: a concurrent writer. */
  beforeNextRename?: () => Promise<void>;
  async get(slug: string) {
    const item = this.items.get(slug);
    return item ? structuredClone(item) : undefined;
  }
  async rename(slug: string, expected: LiveApprovals, approvals: PublicApproval[]) {
    const interleave = this.beforeNextRename;
    this.beforeNextRename = undefined;
    await interleave?.();
    const item = this.items.get(slug);
    if (!item || item.version !== expected.version || item.namesRevision !== expected.namesRevision) {
      return 'conflict' as const;
    }
    this.items.set(slug, { ...item, approvals, namesRevision: item.namesRevision + 1 });
    return 'written' as const;
  }
}

const profileInput = (displayName: string) => ({
  displayName,
  credentials: 'MD',
  specialty: 'GP',
  disclosures: 'None declared',
});

/** A publication's write of the live item, with names resolved from the profiles as they are now. */
const publishLive = async (
  directory: MemoryDirectory,
  live: MemoryLive,
  slug: string,
  approvals: { reviewer: string; at: string }[],
  version = 1,
) => {
  const named = await resolveApprovalNames(directory, approvals);
  live.items.set(slug, {
    version,
    approvals: named.approvals,
    approverKeys: named.approverKeys,
    namesRevision: 0,
  });
};

const names = (live: MemoryLive, slug: string) => live.items.get(slug)?.approvals.map(({ name }) => name);

describe('names on live articles', () => {
  it('a profile written while a publication is in flight shows, whichever side runs first', async () => {
    const directory = new MemoryDirectory();
    const live = new MemoryLive();
    const queue = { requestRefresh: async () => undefined };
    const approvals = [{ reviewer: 'Rita', at: 't1' }];

    // The publication resolves names before the profile exists and writes the live item…
    await publishLive(directory, live, 'a', approvals);
    // …then the admin writes the profile and the refresh runs before the publication recorded anything.
    await directory.putProfile('rita', profileInput('Dr. Rita'), 'now');
    expect(await refreshReviewerNames({ reviewers: directory, live, queue }, { reviewer: 'rita' })).toEqual({
      refreshed: 0,
      forgotten: 0,
      continued: false,
    });
    expect(names(live, 'a')).toEqual(['Medical reviewer']);
    // The publication records and then reads the profiles again: it sees the new one.
    await afterPublication({ reviewers: directory, live }, { slug: 'a', version: 1, approvals });
    expect(names(live, 'a')).toEqual(['Dr. Rita']);

    // The other order: the record exists before the profile changes, so the refresh finds the article.
    await directory.putProfile('rita', profileInput('Dr. Rita Okafor'), 'later');
    await refreshReviewerNames({ reviewers: directory, live, queue }, { reviewer: 'rita' });
    expect(names(live, 'a')).toEqual(['Dr. Rita Okafor']);
  });

  it('a rename computed from older profiles never overwrites one computed from newer ones', async () => {
    const directory = new MemoryDirectory();
    const live = new MemoryLive();
    await publishLive(directory, live, 'a', [{ reviewer: 'rita', at: 't1' }]);
    await directory.putProfile('rita', profileInput('Old name'), 't2');
    // Between this rename's read (Old name) and its write, the profile changes and another rename lands.
    live.beforeNextRename = async () => {
      await directory.putProfile('rita', profileInput('New name'), 't3');
      await refreshArticleNames({ reviewers: directory, live }, 'a');
    };
    await refreshArticleNames({ reviewers: directory, live }, 'a');
    expect(names(live, 'a')).toEqual(['New name']);
    expect(live.items.get('a')?.namesRevision).toBe(1);
  });

  it('is a no-op when the names are current, and leaves a newer version to its own publication', async () => {
    const directory = new MemoryDirectory();
    const live = new MemoryLive();
    await directory.putProfile('rita', profileInput('Dr. Rita'), 't0');
    await publishLive(directory, live, 'a', [{ reviewer: 'rita', at: 't1' }]);
    expect(await refreshArticleNames({ reviewers: directory, live }, 'a')).toBe(true);
    expect(live.items.get('a')?.namesRevision).toBe(0);
    expect(await refreshArticleNames({ reviewers: directory, live }, 'gone')).toBe(false);
  });

  it('keeps trying a rename that loses to concurrent renames only a few times, then asks for a retry', async () => {
    const directory = new MemoryDirectory();
    const live = new MemoryLive();
    await publishLive(directory, live, 'a', [{ reviewer: 'rita', at: 't1' }]);
    await directory.putProfile('rita', profileInput('Dr. Rita'), 't2');
    const alwaysConflicting: LiveApprovalsStore = {
      get: (slug) => live.get(slug),
      rename: async () => 'conflict',
    };
    await expect(refreshArticleNames({ reviewers: directory, live: alwaysConflicting }, 'a')).rejects.toThrow(
      /retrying/,
    );
  });

  it('pages through a reviewer’s records, queueing the next page and forgetting articles they no longer approve', async () => {
    const directory = new MemoryDirectory();
    const live = new MemoryLive();
    for (const slug of ['a', 'b', 'c']) {
      await publishLive(directory, live, slug, [{ reviewer: 'rita', at: 't' }]);
      await directory.recordApprovals(['rita'], { slug, version: 1 });
    }
    // b's live version is now someone else's approval; c was retracted.
    live.items.set('b', {
      ...nameApprovals([{ reviewer: 'sam', at: 't' }], new Map()),
      version: 2,
      namesRevision: 0,
    });
    live.items.delete('c');
    await directory.putProfile('rita', profileInput('Dr. Rita'), 'now');

    const queued: { reviewer: string; afterSlug?: string }[] = [];
    const deps = {
      reviewers: directory,
      live,
      queue: { requestRefresh: async (r: (typeof queued)[number]) => void queued.push(r) },
      pageSize: 2,
    };
    expect(await refreshReviewerNames(deps, { reviewer: 'rita' })).toEqual({
      refreshed: 1,
      forgotten: 1,
      continued: true,
    });
    expect(queued).toEqual([{ reviewer: 'rita', afterSlug: 'b' }]);
    expect(await refreshReviewerNames(deps, queued[0] as (typeof queued)[number])).toEqual({
      refreshed: 0,
      forgotten: 1,
      continued: false,
    });
    expect(names(live, 'a')).toEqual(['Dr. Rita']);
    expect(names(live, 'b')).toEqual(['Medical reviewer']);
    expect([...(directory.records.get('rita')?.keys() ?? [])]).toEqual(['a']);
  });
});
