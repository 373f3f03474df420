import { when } from './components.tsx';
import type { ReviewDetail } from './types.ts';

const NOTICE_LABELS: Record<ReviewDetail['notices'][number]['kind'], string> = {
  source_withdrawn: 'Source withdrawn',
  review_overdue: 'Review overdue',
};

/** What readers of the live article are told now: a withdrawn source, an overdue review. */
export const ArticleNotices = ({ notices }: { notices: ReviewDetail['notices'] }) =>
  notices.length === 0 ? null : (
    <section class="notices" aria-labelledby="notices-heading">
      <h2 id="notices-heading">Notices readers see on the live article</h2>
      <ul>
        {notices.map((notice) => (
          <li key={`${notice.kind}-${notice.since}`}>
            <strong>{NOTICE_LABELS[notice.kind]}</strong> (since {when(notice.since)}): {notice.text}
          </li>
        ))}
      </ul>
    </section>
  );
