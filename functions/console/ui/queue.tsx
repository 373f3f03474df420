import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert, age, PageHeading, STATUS_LABELS, Status, statusLabel } from './components.tsx';
import { plainProblem } from './messages.ts';
import type { Page, QueueItem } from './types.ts';

const PAGE_SIZE = 20;
/** Counting pages through the queue stops here ("1000 or more"). */
const COUNT_LIMIT = 1000;
const REFRESH_MS = 5_000;
/** Why a question is in review (the queue's `reason`), as reviewers read it; '' shows every reason. */
const REASON_LABELS: Record<string, string> = {
  '': 'Any reason',
  new_question: 'New question',
  revision: 'Revision of a live article',
  scheduled_re_review: 'Scheduled re-review',
  reader_feedback: 'Reader feedback',
  source_withdrawn: 'Source withdrawn',
};

const countWaiting = async (
  api: Api,
  status: string,
  reason: string,
): Promise<{ count: number; more: boolean }> => {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query: string = `status=${status}${reason ? `&reason=${reason}` : ''}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<QueueItem> = await api('GET', `/v1/review/queue?${query}`);
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && count < COUNT_LIMIT);
  return { count, more: cursor !== null };
};

/** The review queue: oldest first, by status, a page at a time, refreshed every few seconds. */
export const QueueScreen = ({ api }: { api: Api }) => {
  const [status, setStatus] = useState('in_review');
  const [reason, setReason] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<QueueItem>>();
  const [waiting, setWaiting] = useState<{ count: number; more: boolean }>();
  const [errors, setErrors] = useState<string[]>();
  const cursor = cursors[cursors.length - 1] ?? null;

  const load = useCallback(async () => {
    try {
      const query = `status=${status}${reason ? `&reason=${reason}` : ''}&limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const [next, count] = await Promise.all([
        api<Page<QueueItem>>('GET', `/v1/review/queue?${query}`),
        countWaiting(api, status, reason),
      ]);
      setPage(next);
      setWaiting(count);
      setErrors(undefined);
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'load') : [String(error)]);
    }
  }, [api, status, reason, cursor]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const now = Date.now();
  return (
    <main id="main">
      <PageHeading>Review queue</PageHeading>
      <div class="toolbar">
        <label for="status-filter">Status</label>
        <select
          id="status-filter"
          value={status}
          onChange={(event) => {
            setStatus((event.currentTarget as HTMLSelectElement).value);
            setCursors([null]);
            setPage(undefined);
          }}
        >
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label for="reason-filter">Reason</label>
        <select
          id="reason-filter"
          value={reason}
          onChange={(event) => {
            setReason((event.currentTarget as HTMLSelectElement).value);
            setCursors([null]);
            setPage(undefined);
          }}
        >
          {Object.entries(REASON_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <Status
        message={
          waiting === undefined
            ? 'Loading…'
            : `${waiting.more ? `${waiting.count} or more` : waiting.count} ${waiting.count === 1 ? 'question' : 'questions'} ${statusLabel(status).toLowerCase()}`
        }
      />
      <Alert messages={errors} />
      {page && page.items.length === 0 ? <p>Nothing here right now.</p> : null}
      {page && page.items.length > 0 ? (
        <table class="queue">
          <caption>Oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Revision</th>
              <th scope="col">Asked</th>
              <th scope="col">In this status for</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={`#/questions/${item.id}`}>{item.question}</a>
                </td>
                <td>{statusLabel(item.status)}</td>
                <td>{REASON_LABELS[item.reason] ?? item.reason}</td>
                <td>{item.revision > 0 ? item.revision : '—'}</td>
                <td>{age(item.submittedAt, now)} ago</td>
                <td>{age(item.updatedAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav class="pager" aria-label="Queue pages">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}
        >
          Next page
        </button>
      </nav>
    </main>
  );
};
