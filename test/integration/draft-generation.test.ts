import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { DraftRequested } from '../../events/contracts.ts';
import { newEvent } from '../../events/factory.ts';
import { DynamoQuestionStore } from '../../shared/adapters/dynamodb/question-store.ts';
import { checkDraftIntegrity } from '../../shared/domain/draft.ts';
import { runtimeDriver } from '../support/driver.ts';
import { queuesDrained } from '../support/queues.ts';
import { eventually, useRuntime } from '../support/runtime.ts';

const runtime = useRuntime();
const { ask, statusOf, waitForStatus, question, reviewDetail } = runtimeDriver(runtime);
const store = () => new DynamoQuestionStore(runtime().platform.dynamo, runtime().config.tables.questions);

describe('draft generation through the draft-requests queue', () => {
  it('drafts a question from the demo library by itself, with cited claims, and shows the timeline', async () => {
    const { id } = await ask('How should I measure my blood pressure at home?');
    await waitForStatus(id, 'in_review');

    const view = await question(id);
    expect(view.timeline.map((entry) => entry.status)).toEqual(['submitted', 'drafting', 'in_review']);

    const detail = await reviewDetail(id, 'rita');
    expect(detail.revisions).toHaveLength(1);
    const [revision] = detail.revisions;
    if (!revision) throw new Error('No revision');
    expect(revision).toMatchObject({ revision: 1, author: 'system', decisions: [] });
    expect(checkDraftIntegrity(revision.draft)).toEqual([]);
    expect(revision.draft.citations.length).toBeGreaterThan(0);
    expect(revision.draft.citations.every((citation) => citation.sourceId)).toBe(true);
    expect(revision.draft.generator).toMatchObject({ adapter: 'local' });
    expect(detail.audit.map((entry) => entry.action)).toEqual([
      'submitted',
      'draft.started',
      'draft.generated',
    ]);
    // Written with the revision; the relay puts it on the bus right after.
    await eventually(async () =>
      runtime().bus.published.some(
        (event) => event.type === 'draft.generated' && event.subject === id && event.data.revision === 1,
      )
        ? true
        : undefined,
    );
  });

  it('says plainly when the library has nothing relevant, and flags the draft for reviewers', async () => {
    const { id } = await ask('What is the airspeed velocity of an unladen swallow in kilometres?');
    await waitForStatus(id, 'in_review');
    const revision = await store().getRevision(id, 1);
    expect(revision?.draft.flags).toContain('no_relevant_sources');
    expect(revision?.draft.sections).toEqual([]);
  });

  it('creates one draft however often the request is delivered', async () => {
    const { id } = await ask('Do statins cause muscle pain in older adults?');
    const duplicate = newEvent<DraftRequested>(
      'draft.requested',
      id,
      { questionId: id, revision: 1, cause: 'submitted' },
      { at: new Date().toISOString() },
    );
    await Promise.all(
      Array.from({ length: 4 }, () =>
        runtime().platform.sqs.send(
          new SendMessageCommand({
            QueueUrl: runtime().queues.draftRequests.url,
            MessageBody: JSON.stringify(duplicate),
          }),
        ),
      ),
    );
    await waitForStatus(id, 'in_review');
    // Every duplicate delivered and handled to the end, not just the first one.
    await queuesDrained(runtime(), ['draftRequests']);
    expect((await store().listRevisions(id)).map((revision) => revision.revision)).toEqual([1]);
    const generated = (await store().listAudit(id)).filter((entry) => entry.action === 'draft.generated');
    expect(generated).toHaveLength(1);
  });

  it('ignores a request for a revision that is out of sequence', async () => {
    const { id } = await ask('Is it safe to exercise with asthma in cold weather?');
    await waitForStatus(id, 'in_review');
    await runtime().platform.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime().queues.draftRequests.url,
        MessageBody: JSON.stringify(
          newEvent<DraftRequested>(
            'draft.requested',
            id,
            { questionId: id, revision: 5, cause: 'reconciler' },
            { at: new Date().toISOString() },
          ),
        ),
      }),
    );
    // The worker has handled the stray request (or given up on it) before we look.
    await queuesDrained(runtime(), ['draftRequests']);
    expect(await statusOf(id)).toBe('in_review');
    expect((await store().listRevisions(id)).map((revision) => revision.revision)).toEqual([1]);
  });
});
