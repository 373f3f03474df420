import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import { when } from './components.tsx';
import type { Feedback } from './types.ts';

/** Open reports readers made on this question's article, beside its review (resolved on the Reader feedback screen). */
export const ReaderFeedback = ({ api, questionId }: { api: Api; questionId: string }) => {
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
