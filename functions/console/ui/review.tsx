import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Feedback } from '../../../shared/domain/feedback.ts';
import type { QuestionStatus } from '../../../shared/domain/question.ts';
import { EDITABLE_STATUSES } from '../../../shared/domain/review.ts';
import { type Api, ApiProblem } from './api.ts';
import {
  Alert,
  AUDIENCE_OPTIONS,
  PageHeading,
  RadioGroup,
  Status,
  statusLabel,
  when,
} from './components.tsx';
import { diffLines } from './diff.ts';
import { plainProblem } from './messages.ts';
import { passageFor } from './passage.ts';
import { hasRole, type Session } from './session.ts';
import type { Citation, DraftContent, ReviewDetail, RevisionView, Section, SourceDetail } from './types.ts';

/** Open reports readers made on this question's article, beside its review (resolved on the Reader feedback screen). */
const ReaderFeedback = ({ api, questionId }: { api: Api; questionId: string }) => {
  const [open, setOpen] = useState<Feedback[]>();
  useEffect(() => {
    void api<{ items: Feedback[] }>(
      'GET',
      `/v1/review/feedback?status=open&limit=50&questionId=${encodeURIComponent(questionId)}`,
    )
      .then((page) => setOpen(page.items))
      .catch(() => setOpen(undefined));
  }, [api, questionId]);
  if (!open || open.length === 0) return null;
  return (
    <section aria-labelledby="reader-feedback-heading">
      <h2 id="reader-feedback-heading">Open reader feedback ({open.length})</h2>
      <ul>
        {open.map((item) => (
          <li key={item.id}>
            {item.kind} on version {item.version}, {when(item.receivedAt)}: “{item.message}”
          </li>
        ))}
      </ul>
      <p>
        <a href="#/feedback">Resolve it on the Reader feedback screen</a>
      </p>
    </section>
  );
};

const FLAG_EXPLANATIONS: Record<string, string> = {
  no_relevant_sources:
    'Nothing in the reference library answers this question; the draft cannot be approved.',
  reviewer_comments_applied: "This revision was regenerated with a reviewer's comments.",
};

const DECISION_LABELS = { approve: 'Approved', reject: 'Rejected', request_changes: 'Changes requested' };
const DECISION_OPTIONS = [
  ['approve', 'Approve'],
  ['request_changes', 'Request changes'],
  ['reject', 'Reject'],
] as const;

/** Whether the console offers this session an edit: the statuses are the server's own (PUT /draft accepts them). */
export const offersEdit = (session: Session, status: QuestionStatus): boolean =>
  hasRole(session, 'editor') && EDITABLE_STATUSES.includes(status);

const versionOf = (draft: DraftContent, audience: 'clinician' | 'patient') =>
  audience === 'clinician' ? draft : draft.patient;

const citationLine = (citation: Citation) =>
  `[${citation.n}] ${[citation.title, citation.publisher, citation.year, citation.url].filter(Boolean).join(', ')}`;

const sectionLines = (sections: Section[]) =>
  sections.flatMap((section) => [
    `## ${section.heading}`,
    ...section.claims.map((claim) => `- ${claim.text} [${claim.citations.join(', ')}]`),
  ]);

/** A revision as text lines, for the diff between revisions. */
export const draftLines = (draft: DraftContent): string[] => [
  `Title: ${draft.title}`,
  `Bottom line: ${draft.bottomLine}`,
  ...sectionLines(draft.sections),
  `Patient bottom line: ${draft.patient.bottomLine}`,
  ...sectionLines(draft.patient.sections).map((line) => `Patient ${line}`),
  ...draft.citations.map(citationLine),
  ...(draft.flags?.length ? [`Flags: ${draft.flags.join(', ')}`] : []),
];

const RevisionDiff = ({ before, after }: { before: RevisionView; after: RevisionView }) => {
  const lines = diffLines(draftLines(before.draft), draftLines(after.draft));
  const changed = lines.filter((line) => line.kind !== 'same').length;
  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">
        Changes from revision {before.revision} to {after.revision}
      </h2>
      {changed === 0 ? (
        <p>No changes in content.</p>
      ) : (
        <ul class="diff">
          {lines.map((line, index) =>
            line.kind === 'same' ? null : (
              <li key={index} class={line.kind}>
                {line.kind === 'added' ? <ins>+ {line.text}</ins> : <del>− {line.text}</del>}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
};

/** The claims citing each number in one version of the draft, numbered as the API numbers them (1, 2, …). */
const claimsByCitation = (sections: Section[]) => {
  const byNumber = new Map<number, { number: number; text: string; at: string }[]>();
  let number = 0;
  sections.forEach((section, i) => {
    section.claims.forEach((claim, j) => {
      number++;
      for (const n of claim.citations)
        byNumber.set(n, [
          ...(byNumber.get(n) ?? []),
          { number, text: claim.text, at: `sections.${i}.claims.${j}` },
        ]);
    });
  });
  return byNumber;
};

/** The passage a claim cites when the draft names it (clinician version), else the best word match. */
const passageOf = (
  draft: DraftContent,
  sections: Section[],
  claim: { text: string; at: string },
  n: number,
  source: SourceDetail,
): { text: string; exact: boolean } | undefined => {
  const named =
    sections === draft.sections
      ? draft.citedPassages?.find((cited) => cited.at === claim.at && cited.n === n)?.passage
      : undefined;
  const exact = named ? source.passages?.find((passage) => passage.id === named) : undefined;
  if (exact) return { text: exact.text, exact: true };
  const guess = passageFor(claim.text, source.text);
  return guess ? { text: guess, exact: false } : undefined;
};

const SourcesPanel = ({
  draft,
  sections,
  sources,
}: {
  draft: DraftContent;
  sections: Section[];
  sources: Map<string, SourceDetail | 'missing'>;
}) => {
  const citing = claimsByCitation(sections);
  return (
    <aside class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      {draft.citations.length === 0 ? <p>This draft cites nothing.</p> : null}
      <ol class="citations">
        {draft.citations.map((citation) => {
          const source = citation.sourceId ? sources.get(citation.sourceId) : undefined;
          return (
            <li key={citation.n} id={`source-${citation.n}`} value={citation.n}>
              <p class="source-title">
                <span class="number">[{citation.n}]</span> {citation.title}
              </p>
              <p class="meta">
                {[citation.publisher, citation.year].filter(Boolean).join(', ') || 'No publisher or year'}
                {citation.sourceId ? ' · reference library' : ' · external reference'}
              </p>
              {citation.url ? (
                <p>
                  <a href={citation.url} rel="noreferrer noopener" target="_blank">
                    {citation.url}
                  </a>
                </p>
              ) : (
                <p class="problem">No link.</p>
              )}
              {source === 'missing' ? <p class="problem">Not in the reference library.</p> : null}
              {(citing.get(citation.n) ?? []).map((claim) => {
                const passage =
                  typeof source === 'object'
                    ? passageOf(draft, sections, claim, citation.n, source)
                    : undefined;
                return (
                  <figure key={claim.number} class="passage">
                    <figcaption>
                      Claim {claim.number}
                      {passage
                        ? passage.exact
                          ? ' · the passage it cites'
                          : ' · best matching sentence'
                        : ''}
                    </figcaption>
                    {passage ? (
                      <blockquote>{passage.text}</blockquote>
                    ) : (
                      <p class="meta">{source ? 'No matching passage found.' : 'Passage not available.'}</p>
                    )}
                  </figure>
                );
              })}
            </li>
          );
        })}
      </ol>
    </aside>
  );
};

const DraftView = ({ draft, audience }: { draft: DraftContent; audience: 'clinician' | 'patient' }) => {
  const version = versionOf(draft, audience);
  let claimNumber = 0;
  return (
    <article class="draft" aria-labelledby="draft-title">
      <h2 id="draft-title">{draft.title}</h2>
      <p class="bottom-line">
        <strong>Bottom line:</strong> {version.bottomLine}
      </p>
      {version.sections.length === 0 ? <p class="problem">This version has no sections.</p> : null}
      {version.sections.map((section) => (
        <section key={section.heading}>
          <h3>{section.heading}</h3>
          <ol class="claims">
            {section.claims.map((claim) => {
              claimNumber++;
              return (
                <li key={`${claimNumber}`} value={claimNumber}>
                  <span class="claim-number">Claim {claimNumber}.</span> {claim.text}{' '}
                  {claim.citations.length === 0 ? (
                    <span class="problem">(no citation)</span>
                  ) : (
                    claim.citations.map((n) => (
                      <a key={n} class="cite" href={`#source-${n}`} aria-label={`source ${n}`}>
                        [{n}]
                      </a>
                    ))
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {draft.suggestedQuestions.length > 0 ? (
        <section>
          <h3>Suggested follow-up questions</h3>
          <ul>
            {draft.suggestedQuestions.map((question) => (
              <li key={question}>{question}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
};

const DecisionForm = ({
  api,
  detail,
  revision,
  onDecided,
}: {
  api: Api;
  detail: ReviewDetail;
  revision: RevisionView;
  onDecided: (message: string) => void;
}) => {
  const [decision, setDecision] = useState<'approve' | 'request_changes' | 'reject'>('approve');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>();
  const [busy, setBusy] = useState(false);
  const needsReason = decision !== 'approve';
  const submit = async (event: Event) => {
    event.preventDefault();
    if (needsReason && reason.trim() === '') {
      setErrors(['Give a reason: the author and the other reviewers will read it.']);
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/v1/review/questions/${detail.question.id}/decisions`, {
        revision: revision.revision,
        decision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setErrors(undefined);
      setReason('');
      onDecided(
        `Your decision on revision ${revision.revision} is recorded: ${DECISION_LABELS[decision].toLowerCase()}.`,
      );
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'decide') : [String(error)]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="decision" onSubmit={submit} aria-labelledby="decision-heading">
      <h2 id="decision-heading">Your decision on revision {revision.revision}</h2>
      <Alert messages={errors} />
      <RadioGroup
        legend="Decision"
        name="decision"
        options={DECISION_OPTIONS}
        value={decision}
        onChange={setDecision}
      />
      <label for="reason">Reason {needsReason ? '(required)' : '(optional)'}</label>
      <textarea
        id="reason"
        rows={3}
        aria-required={needsReason}
        value={reason}
        onInput={(event) => setReason((event.currentTarget as HTMLTextAreaElement).value)}
      />
      <button type="submit" disabled={busy}>
        Submit decision
      </button>
    </form>
  );
};

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

/** What the retrieval step made of the question's words: reviewers see why a draft was (not) written. */
function RelevancePanel({ relevance }: { relevance: NonNullable<DraftContent['relevance']> }) {
  const rows: [string, string, string[]][] = [
    ['Matched in the library', 'matched', relevance.matched],
    ['Missing from the library (clinical terms)', 'missing', relevance.missing],
    ['Ignored (everyday or generic words)', 'ignored', relevance.ignored],
  ];
  return (
    <section class="relevance" aria-labelledby="relevance-heading">
      <h2 id="relevance-heading">How the question was read</h2>
      <dl>
        {rows.map(([label, key, terms]) => (
          <div key={key} class={`relevance-${key}`}>
            <dt>{label}</dt>
            <dd>{terms.length > 0 ? terms.join(', ') : 'none'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
