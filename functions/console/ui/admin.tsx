import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert, age, PageHeading, Status } from './components.tsx';
import { type Action, plainProblem } from './messages.ts';
import { hasRole, type Session } from './session.ts';
import type { Page, QueueItem } from './types.ts';
import { Webhooks } from './webhooks.tsx';

const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

/** Runs an API call and turns its outcome into a status line or plain error sentences. */
const useAction = (action: Action) => {
  const [errors, setErrors] = useState<string[]>();
  const [message, setMessage] = useState<string>();
  const run = async (call: () => Promise<string>) => {
    try {
      setMessage(await call());
      setErrors(undefined);
      return true;
    } catch (error) {
      setMessage(undefined);
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, action) : [String(error)]);
      return false;
    }
  };
  return { errors, message, run };
};

const FailedQuestions = ({ api, session }: { api: Api; session: Session }) => {
  const [failed, setFailed] = useState<QueueItem[]>();
  const [questionId, setQuestionId] = useState('');
  const { errors, message, run } = useAction('retry');
  const canList = hasRole(session, 'reviewer');
  const load = useCallback(async () => {
    if (!canList) return;
    const page = await api<Page<QueueItem>>('GET', '/v1/review/queue?status=failed&limit=50');
    setFailed(page.items);
  }, [api, canList]);
  useEffect(() => {
    void load().catch(() => setFailed([]));
  }, [load]);
  const retry = (id: string) =>
    run(async () => {
      await api('POST', `/v1/admin/questions/${encodeURIComponent(id)}/retry`);
      await load();
      return 'The question is queued for drafting again.';
    });
  return (
    <section aria-labelledby="retry-heading">
      <h2 id="retry-heading">Failed questions</h2>
      <Status message={message} />
      <Alert messages={errors} />
      {canList && failed ? (
        failed.length === 0 ? (
          <p>No failed questions.</p>
        ) : (
          <ul>
            {failed.map((item) => (
              <li key={item.id}>
                {item.question} (failed {age(item.updatedAt)} ago){' '}
                <button type="button" onClick={() => void retry(item.id)}>
                  Retry “{item.question.slice(0, 40)}”
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void retry(questionId.trim());
        }}
      >
        <label for="retry-id">Retry a question by id</label>
        <div class="inline">
          <input id="retry-id" value={questionId} onInput={(event) => setQuestionId(value(event))} required />
          <button type="submit">Retry</button>
        </div>
      </form>
    </section>
  );
};

const Retraction = ({ api, initialSlug }: { api: Api; initialSlug: string }) => {
  const [slug, setSlug] = useState(initialSlug);
  const [reason, setReason] = useState('');
  const { errors, message, run } = useAction('retract');
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api('DELETE', `/v1/admin/articles/${encodeURIComponent(slug.trim())}`, { reason: reason.trim() });
      setReason('');
      return `The article ${slug.trim()} is retracted. It stays in the version history.`;
    });
  };
  return (
    <section aria-labelledby="retract-heading">
      <h2 id="retract-heading">Retract an article</h2>
      <form onSubmit={submit}>
        <Status message={message} />
        <Alert messages={errors} />
        <label for="retract-slug">Article (slug)</label>
        <input id="retract-slug" value={slug} required onInput={(event) => setSlug(value(event))} />
        <label for="retract-reason">Reason (required, kept in the audit trail)</label>
        <textarea
          id="retract-reason"
          rows={3}
          required
          value={reason}
          onInput={(event) => setReason(value(event))}
        />
        <button type="submit">Retract</button>
      </form>
    </section>
  );
};

/** A profile as `GET /v1/admin/reviewers` lists it (with the token subject readers never see). */
interface Profile {
  subject: string;
  displayName: string;
  credentials: string;
  specialty: string;
}

const EMPTY_PROFILE: Profile = { subject: '', displayName: '', credentials: '', specialty: '' };

const ReviewerProfiles = ({ api }: { api: Api }) => {
  const [profiles, setProfiles] = useState<Profile[]>();
  const [fields, setFields] = useState(EMPTY_PROFILE);
  const { errors, message, run } = useAction('profile');
  const load = useCallback(async () => {
    try {
      setProfiles((await api<{ items: Profile[] }>('GET', '/v1/admin/reviewers')).items);
    } catch {
      setProfiles(undefined);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const set = (name: keyof Profile) => (event: Event) => setFields({ ...fields, [name]: value(event) });
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const { subject, ...profile } = fields;
      await api('PUT', `/v1/admin/reviewers/${encodeURIComponent(subject.trim())}`, profile);
      await load();
      setFields(EMPTY_PROFILE);
      return `The profile of ${subject.trim()} is saved.`;
    });
  };
  return (
    <section aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">Reviewer profiles</h2>
      <p>
        Readers see approvals under these names, never the account id; without a profile, “Medical reviewer”.
      </p>
      {profiles === undefined ? <p>The list of profiles is not available.</p> : null}
      {profiles && profiles.length === 0 ? <p>No profiles yet.</p> : null}
      {profiles && profiles.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Account id</th>
              <th scope="col">Name</th>
              <th scope="col">Credentials</th>
              <th scope="col">Specialty</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((profile) => (
              <tr key={profile.subject}>
                <td>{profile.subject}</td>
                <td>{profile.displayName}</td>
                <td>{profile.credentials}</td>
                <td>{profile.specialty}</td>
                <td>
                  <button type="button" class="secondary" onClick={() => setFields(profile)}>
                    Edit {profile.displayName}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form onSubmit={submit}>
        <Status message={message} />
        <Alert messages={errors} />
        <label for="profile-subject">Account id (the token subject)</label>
        <input id="profile-subject" required value={fields.subject} onInput={set('subject')} />
        <label for="profile-name">Display name</label>
        <input id="profile-name" required value={fields.displayName} onInput={set('displayName')} />
        <label for="profile-credentials">Credentials</label>
        <input id="profile-credentials" required value={fields.credentials} onInput={set('credentials')} />
        <label for="profile-specialty">Specialty</label>
        <input id="profile-specialty" required value={fields.specialty} onInput={set('specialty')} />
        <button type="submit">Save profile</button>
      </form>
    </section>
  );
};

/** What an admin does: retry failed questions, retract articles, keep reviewer profiles. */
export const AdminScreen = ({ api, session, slug }: { api: Api; session: Session; slug: string }) => (
  <main id="main">
    <PageHeading>Administration</PageHeading>
    <FailedQuestions api={api} session={session} />
    <Retraction api={api} initialSlug={slug} />
    <ReviewerProfiles api={api} />
    <Webhooks api={api} />
  </main>
);
