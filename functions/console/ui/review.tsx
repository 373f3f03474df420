import { useCallback, useEffect, useState } from 'preact/hooks';
import type { QuestionStatus } from '../../../shared/domain/question.ts';
import { EDITABLE_STATUSES } from '../../../shared/domain/review.ts';
import { type Api, ApiProblem } from './api.ts';
import { ArticleNotices } from './article-notices.tsx';
import {
  Alert,
  AUDIENCE_OPTIONS,
  PageHeading,
  RadioGroup,
  Status,
  statusLabel,
  when,
} from './components.tsx';
import { DECISION_LABELS, DecisionForm } from './decision-form.tsx';
import { DraftView, RelevancePanel, versionOf } from './draft-view.tsx';
import { plainProblem } from './messages.ts';
import { ReaderFeedback } from './reader-feedback.tsx';
import { RevisionDiff } from './revision-diff.tsx';
import { hasRole, type Session } from './session.ts';
import { SourcesPanel } from './sources-panel.tsx';
import type { ReviewDetail, SourceDetail } from './types.ts';

const FLAG_EXPLANATIONS: Record<string, string> = {
  no_relevant_sources:
    'Nothing in the reference library answers this question; the draft cannot be approved.',
  reviewer_comments_applied: "This revision was regenerated with a reviewer's comments.",
};

/** Whether the console offers this session an edit: the statuses are the server's own (PUT /draft accepts them). */
export const offersEdit = (session: Session, status: QuestionStatus): boolean =>
  hasRole(session, 'editor') && EDITABLE_STATUSES.includes(status);

/** One question under review: the draft as readers will see it, its sources, what changed, and who decided what. */
export const ReviewScreen = ({ api, session, id }: { api: Api; session: Session; id: string }) => {
  const [detail, setDetail] = useState<ReviewDetail>();
  const [selected, setSelected] = useState<number>();
  const [audience, setAudience] = useState<'clinician' | 'patient'>('clinician');
  const [sources, setSources] = useState(new Map<string, SourceDetail | 'missing'>());
  const [errors, setErrors] = useState<string[]>();
  const [message, setMessage] = useState<string>();

  const load = useCallback(async () => {
    try {
      const next = await api<ReviewDetail>('GET', `/v1/review/questions/${id}`);
      setDetail(next);
      setSelected(next.revisions[next.revisions.length - 1]?.revision);
      setErrors(undefined);
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'load') : [String(error)]);
    }
  }, [api, id]);
  useEffect(() => {
    void load();
  }, [load]);

  const revision = detail?.revisions.find((candidate) => candidate.revision === selected);
  const previous = detail?.revisions.find((candidate) => candidate.revision === (selected ?? 0) - 1);

  useEffect(() => {
    const wanted = (revision?.draft.citations ?? [])
      .map((citation) => citation.sourceId)
      .filter((sourceId): sourceId is string => !!sourceId && !sources.has(sourceId));
    if (wanted.length === 0) return;
    void Promise.all(
      wanted.map(async (sourceId) => {
        try {
          return [
            sourceId,
            await api<SourceDetail>('GET', `/v1/review/sources/${encodeURIComponent(sourceId)}`),
          ] as const;
        } catch {
          return [sourceId, 'missing'] as const;
        }
      }),
    ).then((loaded) => setSources((current) => new Map([...current, ...loaded])));
  }, [api, revision, sources]);

  if (!detail) {
    return (
      <main id="main">
        <PageHeading>Question</PageHeading>
        <Alert messages={errors} />
        {errors ? null : <p>Loading…</p>}
      </main>
    );
  }
  const { question } = detail;
  const latest = detail.revisions[detail.revisions.length - 1];
  const canDecide =
    hasRole(session, 'reviewer') && question.status === 'in_review' && revision && revision === latest;
  const decided = (text: string) => {
    setMessage(text);
    void load();
  };

  return (
    <main id="main">
      <p>
        <a href="#/queue">Back to the queue</a>
      </p>
      <PageHeading>{question.question}</PageHeading>
      <dl class="facts">
        <dt>Status</dt>
        <dd data-testid="question-status">{statusLabel(question.status)}</dd>
        <dt>Asked for</dt>
        <dd>{question.audience === 'clinician' ? 'Clinicians' : 'Patients'}</dd>
        {revision ? (
          <>
            <dt>Revision</dt>
            <dd>
              {revision.revision} by {revision.author}, {when(revision.createdAt)}
              {revision.draft.generator
                ? ` (${revision.draft.generator.adapter} ${revision.draft.generator.model})`
                : ''}
            </dd>
          </>
        ) : null}
        {question.articleSlug ? (
          <>
            <dt>Article</dt>
            <dd>
              <a href={`/v1/articles/${question.articleSlug}`}>{question.articleSlug}</a>
            </dd>
          </>
        ) : null}
      </dl>
      <ArticleNotices notices={detail.notices} />
      <Status message={message} />
      <Alert messages={errors} />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void load()}>
          Reload
        </button>
        {offersEdit(session, question.status) && latest ? (
          <a class="button" href={`#/questions/${question.id}/edit`}>
            Edit as a new revision
          </a>
        ) : null}
        {hasRole(session, 'admin') && question.articleSlug && question.status === 'published' ? (
          <a class="button" href={`#/admin?slug=${encodeURIComponent(question.articleSlug)}`}>
            Retract the article
          </a>
        ) : null}
      </div>
      {detail.revisions.length === 0 ? (
        <p>No draft yet: the question is {statusLabel(question.status).toLowerCase()}.</p>
      ) : null}
      {revision ? (
        <>
          <div class="toolbar">
            <label for="revision-select">Revision shown</label>
            <select
              id="revision-select"
              value={String(revision.revision)}
              onChange={(event) => setSelected(Number((event.currentTarget as HTMLSelectElement).value))}
            >
              {detail.revisions.map((candidate) => (
                <option key={candidate.revision} value={String(candidate.revision)}>
                  Revision {candidate.revision}
                  {candidate === latest ? ' (latest)' : ''}
                </option>
              ))}
            </select>
            <RadioGroup
              class="segmented"
              legend="Version"
              name="audience"
              options={AUDIENCE_OPTIONS}
              value={audience}
              onChange={setAudience}
            />
          </div>
          {revision.draft.flags && revision.draft.flags.length > 0 ? (
            <section class="flags" aria-labelledby="flags-heading">
              <h2 id="flags-heading">Flags on this revision</h2>
              <ul>
                {revision.draft.flags.map((flag) => (
                  <li key={flag}>
                    <strong>{flag.replace(/_/g, ' ')}</strong>:{' '}
                    {FLAG_EXPLANATIONS[flag] ?? 'Check this before deciding.'}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {revision.draft.relevance ? <RelevancePanel relevance={revision.draft.relevance} /> : null}
          <div class="review-layout">
            <DraftView draft={revision.draft} audience={audience} />
            <SourcesPanel
              draft={revision.draft}
              sections={versionOf(revision.draft, audience).sections}
              sources={sources}
            />
          </div>
          {canDecide ? (
            <DecisionForm api={api} detail={detail} revision={revision} onDecided={decided} />
          ) : null}
          {previous ? <RevisionDiff before={previous} after={revision} /> : null}
        </>
      ) : null}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Decisions</h2>
        {detail.revisions.every((candidate) => candidate.decisions.length === 0) ? (
          <p>No decisions yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Revision</th>
                <th scope="col">Reviewer</th>
                <th scope="col">Decision</th>
                <th scope="col">Reason</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {detail.revisions.flatMap((candidate) =>
                candidate.decisions.map((decision) => (
                  <tr key={`${candidate.revision}-${decision.reviewer}`}>
                    <td>{candidate.revision}</td>
                    <td>{decision.reviewer}</td>
                    <td>{DECISION_LABELS[decision.decision]}</td>
                    <td>{decision.reason ?? ''}</td>
                    <td>{when(decision.at)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </section>
      <ReaderFeedback api={api} questionId={id} />
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Status change</th>
              <th scope="col">Revision</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {detail.audit.map((entry, index) => (
              <tr key={index}>
                <td>{when(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action.replace(/_/g, ' ')}</td>
                <td>
                  {entry.from || entry.to
                    ? `${statusLabel(entry.from ?? '—')} → ${statusLabel(entry.to ?? '—')}`
                    : ''}
                </td>
                <td>{entry.revision ?? ''}</td>
                <td>{entry.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
};
