import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert, age, PageHeading, Status } from './components.tsx';
import { plainProblem } from './messages.ts';
import type { Feedback, FeedbackResolution, Page } from './types.ts';

const KIND_LABELS: Record<Feedback['kind'], string> = {
  error: 'Error',
  outdated: 'Outdated',
  unclear: 'Unclear',
  other: 'Other',
};

const RESOLUTION_LABELS: Record<FeedbackResolution, string> = {
  fixed: 'Fixed (the article was corrected)',
  no_change: 'No change needed',
  re_review: 'Re-review: draft a new revision from the library',
};

const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

/** One open report, with the form that resolves it. */
const FeedbackItem = ({ api, item, onResolved }: { api: Api; item: Feedback; onResolved: () => void }) => {
  const [resolution, setResolution] = useState<FeedbackResolution>('fixed');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<string[]>();
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await api('POST', `/v1/review/feedback/${encodeURIComponent(item.id)}/resolution`, {
        resolution,
        note,
      });
      setErrors(undefined);
      onResolved();
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'feedback') : [String(error)]);
    }
  };
  const id = `feedback-${item.id}`;
  return (
    <li aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        {KIND_LABELS[item.kind]} on <code>{item.slug}</code>, version {item.version}
      </h2>
      <p>Received {age(item.receivedAt)} ago.</p>
      <blockquote>{item.message}</blockquote>
      {item.contact ? <p>Contact (reviewers only): {item.contact}</p> : null}
      <form onSubmit={(event) => void submit(event)}>
        <Alert messages={errors} />
        <label for={`${id}-resolution`}>Resolution</label>
        <select
          id={`${id}-resolution`}
          value={resolution}
          onChange={(event) => setResolution(value(event) as FeedbackResolution)}
        >
          {Object.entries(RESOLUTION_LABELS).map(([option, label]) => (
            <option key={option} value={option}>
              {label}
            </option>
          ))}
        </select>
        <label for={`${id}-note`}>Note (kept in the audit trail)</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          required
          value={note}
          onInput={(event) => setNote(value(event))}
        />
        <button type="submit">Resolve</button>
      </form>
    </li>
  );
};

/** Reader feedback awaiting a reviewer, oldest first. */
export const FeedbackScreen = ({ api }: { api: Api }) => {
  const [page, setPage] = useState<Page<Feedback>>();
  const [errors, setErrors] = useState<string[]>();
  const [message, setMessage] = useState<string>();
  const load = useCallback(async () => {
    try {
      setPage(await api<Page<Feedback>>('GET', '/v1/review/feedback?status=open&limit=50'));
      setErrors(undefined);
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'load') : [String(error)]);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <main id="main">
      <PageHeading>Reader feedback</PageHeading>
      <p>What readers reported about live articles, oldest first. Readers never see these.</p>
      <Status message={message} />
      <Alert messages={errors} />
      {page && page.items.length === 0 ? <p>No open feedback.</p> : null}
      {page && page.items.length > 0 ? (
        <ul class="feedback">
          {page.items.map((item) => (
            <FeedbackItem
              key={item.id}
              api={api}
              item={item}
              onResolved={() => {
                setMessage(`The feedback on ${item.slug} is resolved.`);
                void load();
              }}
            />
          ))}
        </ul>
      ) : null}
    </main>
  );
};
