import { useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert, RadioGroup } from './components.tsx';
import { plainProblem } from './messages.ts';
import type { ReviewDetail, RevisionView } from './types.ts';

export const DECISION_LABELS = {
  approve: 'Approved',
  reject: 'Rejected',
  request_changes: 'Changes requested',
};
const DECISION_OPTIONS = [
  ['approve', 'Approve'],
  ['request_changes', 'Request changes'],
  ['reject', 'Reject'],
] as const;

/** Approve, request changes or reject a revision; a reason is required for the last two. */
export const DecisionForm = ({
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
  // A revision of a live article tells readers what changed: the editor's summary, else the one a
  // regenerated draft proposed from its diff, to keep or rewrite.
  const revisesLiveArticle = detail.question.articleSlug !== undefined;
  const proposed = revision.changeSummary === undefined ? revision.proposedChangeSummary : undefined;
  const [summary, setSummary] = useState(revision.changeSummary ?? proposed ?? '');
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
        ...(decision === 'approve' && revisesLiveArticle && summary.trim()
          ? { changeSummary: summary.trim() }
          : {}),
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
      {decision === 'approve' && revisesLiveArticle ? (
        <>
          <label for="change-summary">What changed, for readers (optional, up to 500 characters)</label>
          {proposed !== undefined ? (
            <p id="change-summary-hint" class="hint">
              Proposed from the changes to claims and citations since the live version: keep or rewrite it.
            </p>
          ) : null}
          <textarea
            id="change-summary"
            rows={2}
            aria-describedby={proposed !== undefined ? 'change-summary-hint' : undefined}
            maxLength={500}
            value={summary}
            onInput={(event) => setSummary((event.currentTarget as HTMLTextAreaElement).value)}
          />
        </>
      ) : null}
      <button type="submit" disabled={busy}>
        Submit decision
      </button>
    </form>
  );
};
