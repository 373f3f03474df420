import { useEffect, useState } from 'preact/hooks';
import type { ReviewerProfile } from '../../../shared/domain/reviewer.ts';
import { type Api, ApiProblem } from './api.ts';
import { Alert, PageHeading, Status } from './components.tsx';
import { plainProblem } from './messages.ts';

const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

/**
 * A reviewer's own public profile: the name, credentials and specialty an admin set, and the
 * affiliation and disclosures readers see with each approval, which the reviewer edits here.
 */
export const ProfileScreen = ({ api }: { api: Api }) => {
  const [profile, setProfile] = useState<ReviewerProfile>();
  const [affiliation, setAffiliation] = useState('');
  const [disclosures, setDisclosures] = useState('');
  const [errors, setErrors] = useState<string[]>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  const adopt = (next: ReviewerProfile) => {
    setProfile(next);
    setAffiliation(next.affiliation ?? '');
    setDisclosures(next.disclosures);
  };

  useEffect(() => {
    void api<ReviewerProfile>('GET', '/v1/review/profile')
      .then(adopt)
      .catch((error) =>
        setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'profile') : [String(error)]),
      );
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await api<ReviewerProfile>('PUT', '/v1/review/profile', {
        ...(affiliation.trim() ? { affiliation: affiliation.trim() } : {}),
        ...(disclosures.trim() ? { disclosures: disclosures.trim() } : {}),
      });
      adopt(saved);
      setErrors(undefined);
      setStatus('Your profile is saved: the articles you approved show it.');
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'profile') : [String(error)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main">
      <PageHeading>Your profile</PageHeading>
      <Status message={status} />
      <Alert messages={errors} />
      {profile ? (
        <form onSubmit={(event) => void save(event)} aria-label="Your public profile">
          <p>
            Readers see <strong>{profile.displayName}</strong>, {profile.credentials} ({profile.specialty})
            with each approval. An administrator sets these.
          </p>
          <label for="own-affiliation">Affiliation (optional)</label>
          <input
            id="own-affiliation"
            value={affiliation}
            maxLength={200}
            onInput={(event) => setAffiliation(value(event))}
          />
          <label for="own-disclosures">
            Disclosures (conflicts of interest; "None declared" if left empty)
          </label>
          <textarea
            id="own-disclosures"
            rows={3}
            maxLength={1000}
            value={disclosures}
            onInput={(event) => setDisclosures(value(event))}
          />
          <button type="submit" disabled={busy}>
            Save your profile
          </button>
        </form>
      ) : null}
    </main>
  );
};
