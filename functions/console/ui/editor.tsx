import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert, AUDIENCE_OPTIONS, PageHeading, RadioGroup, Status } from './components.tsx';
import { ExternalReference, LibrarySearch, nextNumber } from './editor-citations.tsx';
import { type Audience, SectionsEditor, value } from './editor-sections.tsx';
import { plainProblem } from './messages.ts';
import type { Citation, DraftContent, ReviewDetail } from './types.ts';

export const EditorScreen = ({ api, id }: { api: Api; id: string }) => {
  const [base, setBase] = useState<{ revision: number; question: string }>();
  const [draft, setDraft] = useState<DraftContent>();
  const [audience, setAudience] = useState<Audience>('clinician');
  const [errors, setErrors] = useState<string[]>();
  const [stale, setStale] = useState(false);
  const [message, setMessage] = useState<string>();

  const load = async () => {
    try {
      const detail = await api<ReviewDetail>('GET', `/v1/review/questions/${id}`);
      const latest = detail.revisions[detail.revisions.length - 1];
      if (!latest) return setErrors(['This question has no draft to edit yet.']);
      const { generator: _generator, ...content } = latest.draft;
      setBase({ revision: latest.revision, question: detail.question.question });
      setDraft(content);
      setStale(false);
      setErrors(undefined);
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'load') : [String(error)]);
    }
  };
  useEffect(() => {
    void load();
  }, [id]);

  if (!draft || !base) {
    return (
      <main id="main">
        <PageHeading>Edit a draft</PageHeading>
        <Alert messages={errors} />
      </main>
    );
  }
  const update = (change: Partial<DraftContent>) => setDraft({ ...draft, ...change });
  const addCitation = (citation: Omit<Citation, 'n'>) =>
    update({ citations: [...draft.citations, { n: nextNumber(draft.citations), ...citation }] });

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const result = await api<{ revision: number }>('PUT', `/v1/review/questions/${id}/draft`, {
        baseRevision: base.revision,
        draft,
      });
      setMessage(`Revision ${result.revision} is submitted for review.`);
      setErrors(undefined);
      location.hash = `#/questions/${id}`;
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.status === 409) setStale(true);
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'edit') : [String(error)]);
    }
  };

  const version = audience === 'clinician' ? draft : draft.patient;
  return (
    <main id="main">
      <p>
        <a href={`#/questions/${id}`}>Back to the question</a>
      </p>
      <PageHeading>Edit: {base.question}</PageHeading>
      <p>
        You are editing revision {base.revision}. Submitting makes revision {base.revision + 1}, which goes to
        review.
      </p>
      <Status message={message} />
      <form onSubmit={submit} class="editor">
        <Alert messages={errors} />
        {stale ? (
          <button type="button" onClick={() => void load()}>
            Load the newest revision (discards these edits)
          </button>
        ) : null}
        <label for="draft-title-input">Article title</label>
        <input
          id="draft-title-input"
          value={draft.title}
          onInput={(event) => update({ title: value(event) })}
        />
        <RadioGroup
          class="segmented"
          legend="Version being edited"
          name="edit-audience"
          options={AUDIENCE_OPTIONS}
          value={audience}
          onChange={setAudience}
        />
        <label for="bottom-line">Bottom line ({audience} version)</label>
        <textarea
          id="bottom-line"
          rows={3}
          value={version.bottomLine}
          onInput={(event) =>
            audience === 'clinician'
              ? update({ bottomLine: value(event) })
              : update({ patient: { ...draft.patient, bottomLine: value(event) } })
          }
        />
        <h2>Sections ({audience} version)</h2>
        <SectionsEditor
          idPrefix={audience}
          sections={version.sections}
          onChange={(sections) =>
            audience === 'clinician'
              ? update({ sections })
              : update({ patient: { ...draft.patient, sections } })
          }
        />
        <h2>Citations</h2>
        <ol class="citations">
          {draft.citations.map((citation) => (
            <li key={citation.n} value={citation.n}>
              [{citation.n}] {citation.title}
              {citation.publisher ? `, ${citation.publisher}` : ''}
              {citation.year ? `, ${citation.year}` : ''}
              {citation.sourceId ? ' (library)' : ' (external)'}{' '}
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  update({ citations: draft.citations.filter((other) => other.n !== citation.n) })
                }
              >
                Remove citation {citation.n}
              </button>
            </li>
          ))}
        </ol>
        <LibrarySearch
          api={api}
          onPick={(source) =>
            addCitation({
              title: source.title,
              publisher: source.publisher,
              year: source.year,
              url: source.url,
              sourceId: source.id,
            })
          }
        />
        <ExternalReference onAdd={addCitation} />
        <label for="suggested">Suggested follow-up questions (one per line, 3 to 8)</label>
        <textarea
          id="suggested"
          rows={4}
          value={draft.suggestedQuestions.join('\n')}
          onInput={(event) =>
            update({
              suggestedQuestions: value(event)
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean),
            })
          }
        />
        {draft.flags && draft.flags.length > 0 ? (
          <fieldset>
            <legend>Flags</legend>
            {draft.flags.map((flag) => (
              <label key={flag} class="choice">
                <input
                  type="checkbox"
                  checked
                  onChange={() => update({ flags: (draft.flags ?? []).filter((other) => other !== flag) })}
                />{' '}
                Keep the flag “{flag.replace(/_/g, ' ')}”
              </label>
            ))}
          </fieldset>
        ) : null}
        <button type="submit">Submit as revision {base.revision + 1}</button>
      </form>
    </main>
  );
};
