import { describe, expect, it } from 'vitest';
import type { Draft } from '../../shared/domain/draft.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import type { Question } from '../../shared/domain/question.ts';
import type { SourceMetadata } from '../../shared/domain/source.ts';
import type { QuestionStore, RevisionWithDecisions } from '../../shared/ports/question-store.ts';
import { readAnswer } from '../../shared/use-cases/read-answer.ts';

const librarySource = (id: string): SourceMetadata => ({
  id,
  title: `Source ${id}`,
  publisher: 'Test publisher',
  year: 2024,
  url: `https://example.org/${id}`,
});

const draft: Draft = {
  title: 'Flu vaccine',
  bottomLine: 'Adults should get one every year [1].',
  sections: [{ heading: 'Why', claims: [{ text: 'Flu strains change.', citations: [1] }] }],
  citations: [{ n: 1, title: 'Flu', sourceId: 'flu' }],
  patient: {
    bottomLine: 'Get a flu jab every year [1].',
    sections: [{ heading: 'Why', claims: [{ text: 'Flu changes.', citations: [1] }] }],
  },
  suggestedQuestions: ['a?', 'b?', 'c?'],
  generator: { adapter: 'local', model: 'bm25', promptVersion: '1' },
};

const question = (overrides: Partial<Question> = {}): Question => ({
  id: 'q1',
  question: 'Should adults get a flu vaccine every year?',
  audience: 'clinician',
  status: 'in_review',
  timeline: [],
  currentRevision: 1,
  createdAt: 't0',
  updatedAt: 't1',
  ...overrides,
});

/** Fake ports that record what the use case read. */
const deps = (stored: Question | undefined, live = false) => {
  const reads: string[] = [];
  const revision: RevisionWithDecisions = {
    revision: 1,
    author: 'system',
    createdAt: 't1',
    draft,
    decisions: [{ reviewer: 'dr-x', decision: 'request_changes', reason: 'private', at: 't2' }],
  };
  return {
    reads,
    deps: {
      store: {
        get: async () => stored,
        getHandle: async () => undefined,
        getRevision: async (_id: string, n: number) => {
          reads.push(`revision ${n}`);
          return revision;
        },
      } as unknown as QuestionStore,
      articles: {
        isPublished: async (slug: string, options?: { consistent?: boolean }) => {
          reads.push(`article ${slug} consistent=${options?.consistent === true}`);
          return live;
        },
      },
      catalog: {
        resolve: async (cited: readonly string[]) => {
          reads.push(`library ${cited.join(',')}`);
          return new Map(cited.filter((id) => id === 'flu').map((id) => [id, librarySource(id)]));
        },
      },
      notice: 'pending',
    },
  };
};

describe('readAnswer', () => {
  it('reads the latest revision and checks its cited sources against the library', async () => {
    const { deps: ports, reads } = deps(question());
    const answer = await readAnswer(ports, { questionId: 'q1', audience: 'patient' });
    expect(answer).toMatchObject({
      status: 'pending_review',
      audience: 'patient',
      bottomLine: draft.patient.bottomLine,
    });
    expect(reads).toEqual(['revision 1', 'library flu']);
    expect(JSON.stringify(answer)).not.toContain('private');
  });

  it('asks whether the article is live with a consistent read, and reads no revision then', async () => {
    const { deps: ports, reads } = deps(question({ status: 'published', articleSlug: 'flu-vaccine' }), true);
    expect(await readAnswer(ports, { questionId: 'q1' })).toMatchObject({
      status: 'approved',
      articleSlug: 'flu-vaccine',
    });
    expect(reads).toEqual(['article flu-vaccine consistent=true']);
  });

  it('is NotFoundError for an unknown question', async () => {
    const { deps: ports } = deps(undefined);
    await expect(readAnswer(ports, { questionId: 'nope' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
