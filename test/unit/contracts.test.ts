import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventJsonSchemas, reviewDecidedV1 } from '../../events/contracts.ts';
import { buckets, bus, queues, tables } from '../../infra/resources.ts';
import { indexLocation } from '../../shared/adapters/library-index.ts';
import { loadConfig } from '../../shared/config.ts';

describe('event contracts', () => {
  it('has an up-to-date JSON Schema export for every contract (npm run schemas)', () => {
    for (const [name, schema] of Object.entries(eventJsonSchemas())) {
      const file = JSON.parse(
        readFileSync(new URL(`../../events/schemas/${name}.json`, import.meta.url), 'utf8'),
      );
      expect(file, name).toEqual(schema);
    }
  });

  it('rejects an envelope of the wrong type or version', () => {
    const valid = {
      id: '1',
      type: 'review.decided',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      subject: 'q',
      data: { questionId: 'q', revision: 1, reviewer: 'r', decision: 'approve', outcome: 'approved' },
    };
    expect(reviewDecidedV1.safeParse(valid).success).toBe(true);
    expect(reviewDecidedV1.safeParse({ ...valid, version: 2 }).success).toBe(false);
    expect(reviewDecidedV1.safeParse({ ...valid, type: 'draft.generated' }).success).toBe(false);
  });
});

describe('configuration', () => {
  it('reads table, queue and bus names from the env vars the resource description names', () => {
    const config = loadConfig({
      [tables.questions.envVar]: 'q',
      [tables.articles.envVar]: 'a',
      [tables.sources.envVar]: 's',
      [tables.reviewers.envVar]: 'r',
      [tables.webhooks.envVar]: 'w',
      [tables.outbox.envVar]: 'o',
      [queues.draftRequests.envVar]: 'http://d',
      [queues.publication.envVar]: 'http://p',
      [queues.reviewerNames.envVar]: 'http://n',
      [queues.webhookDeliveries.envVar]: 'http://w',
      [queues.sourceWithdrawals.envVar]: 'http://s',
      [bus.envVar]: 'b',
    });
    expect(config.tables).toEqual({
      questions: 'q',
      articles: 'a',
      sources: 's',
      reviewers: 'r',
      webhooks: 'w',
      outbox: 'o',
    });
    expect(config.queues).toEqual({
      draftRequests: 'http://d',
      publication: 'http://p',
      reviewerNames: 'http://n',
      webhookDeliveries: 'http://w',
      sourceWithdrawals: 'http://s',
    });
    expect(config.eventBusName).toBe('b');
  });

  it('reads the library index bucket and prefix from the env vars the resource description names', () => {
    const index = buckets.libraryIndex.prefixes.index;
    const config = loadConfig({
      [buckets.libraryIndex.envVar]: 'vetted-dev-library-1-eu-west-1',
      [index.envVar]: index.prefix,
      AWS_REGION: 'eu-west-1',
    });
    expect(indexLocation(config)).toEqual({
      root: 's3://vetted-dev-library-1-eu-west-1/index',
      s3: { region: 'eu-west-1' },
    });
  });

  it('without a bucket (the local runtime) the library index lives in the data directory', () => {
    const config = loadConfig({ VETTED_DATA_DIR: '/tmp/vetted-data' });
    expect(indexLocation(config)).toEqual({ root: '/tmp/vetted-data/library-index' });
  });

  it('refuses an invalid setting and names it', () => {
    expect(() => loadConfig({ REQUIRED_APPROVALS: '0' })).toThrow(/REQUIRED_APPROVALS/);
    expect(() => loadConfig({ DRAFT_GENERATOR: 'magic' })).toThrow(/DRAFT_GENERATOR/);
  });
});
