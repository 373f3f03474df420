import { useEffect, useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert, AUDIENCE_OPTIONS, PageHeading, RadioGroup, Status } from './components.tsx';
import { plainProblem } from './messages.ts';
import type { Citation, DraftContent, ReviewDetail, Section, SourceSummary } from './types.ts';

type Audience = 'clinician' | 'patient';

const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

/** "1, 3" → [1, 3]; anything that is not a positive whole number is dropped. */
export const parseCitationNumbers = (text: string): number[] =>
  text
    .split(/[\s,]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

const SectionsEditor = ({
  idPrefix,
  sections,
  onChange,
}: {
  idPrefix: string;
  sections: Section[];
  onChange: (sections: Section[]) => void;
}) => {
  const setSection = (index: number, section: Section) =>
    onChange(sections.map((current, i) => (i === index ? section : current)));
  return (
    <>
      {sections.map((section, s) => {
        const id = `${idPrefix}-s${s}`;
        return (
          <fieldset key={s} class="section-editor">
            <legend>Section {s + 1}</legend>
            <label for={`${id}-heading`}>Heading</label>
            <input
              id={`${id}-heading`}
              value={section.heading}
              onInput={(event) => setSection(s, { ...section, heading: value(event) })}
            />
            {section.claims.map((claim, c) => (
              <div key={c} class="claim-editor">
                <label for={`${id}-c${c}-text`}>
                  Claim {c + 1} of section {s + 1}
                </label>
                <textarea
                  id={`${id}-c${c}-text`}
                  rows={2}
                  value={claim.text}
                  onInput={(event) =>
                    setSection(s, {
                      ...section,
                      claims: section.claims.map((k, i) => (i === c ? { ...k, text: value(event) } : k)),
                    })
                  }
                />
                <label for={`${id}-c${c}-cites`}>Citation numbers of claim {c + 1} (comma-separated)</label>
                <input
                  id={`${id}-c${c}-cites`}
                  inputMode="numeric"
                  value={claim.citations.join(', ')}
                  onChange={(event) =>
                    setSection(s, {
                      ...section,
                      claims: section.claims.map((k, i) =>
                        i === c ? { ...k, citations: parseCitationNumbers(value(event)) } : k,
                      ),
                    })
                  }
                />
                <button
                  type="button"
                  class="secondary"
                  disabled={section.claims.length <= 1}
                  onClick={() =>
                    setSection(s, { ...section, claims: section.claims.filter((_, i) => i !== c) })
                  }
                >
                  Remove claim {c + 1} of section {s + 1}
                </button>
              </div>
            ))}
            <button
              type="button"
              class="secondary"
              onClick={() =>
                setSection(s, { ...section, claims: [...section.claims, { text: '', citations: [] }] })
              }
            >
              Add a claim to section {s + 1}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => onChange(sections.filter((_, i) => i !== s))}
            >
              Remove section {s + 1}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        class="secondary"
        onClick={() => onChange([...sections, { heading: '', claims: [{ text: '', citations: [] }] }])}
      >
        Add a section
      </button>
    </>
  );
};

const nextNumber = (citations: Citation[]) => Math.max(0, ...citations.map((citation) => citation.n)) + 1;

const LibrarySearch = ({ api, onPick }: { api: Api; onPick: (source: SourceSummary) => void }) => {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SourceSummary[]>();
  const [errors, setErrors] = useState<string[]>();
  const search = async (event: Event) => {
    event.preventDefault();
    try {
      const page = await api<{ items: SourceSummary[] }>(
        'GET',
        `/v1/review/sources?limit=8&q=${encodeURIComponent(query)}`,
      );
      setResults(page.items);
      setErrors(undefined);
    } catch (error) {
      setErrors(error instanceof ApiProblem ? plainProblem(error.problem, 'load') : [String(error)]);
    }
  };
  return (
    <div class="library-search">
      <label for="library-query">Search the reference library</label>
      <div class="inline">
        <input
          id="library-query"
          type="search"
          value={query}
          onInput={(event) => setQuery(value(event))}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void search(event);
          }}
        />
        <button type="button" onClick={(event) => void search(event)}>
          Search
        </button>
      </div>
      <Alert messages={errors} />
      {results ? (
        <ul class="results" aria-label="Library sources found">
          {results.length === 0 ? <li>No source matches.</li> : null}
          {results.map((source) => (
            <li key={source.id}>
              <p class="source-title">{source.title}</p>
              <p class="meta">
                {source.publisher}, {source.year}
              </p>
              <p class="meta">{source.excerpt}</p>
              <button type="button" onClick={() => onPick(source)}>
                Cite “{source.title}”
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

const ExternalReference = ({ onAdd }: { onAdd: (citation: Omit<Citation, 'n'>) => void }) => {
  const [fields, setFields] = useState({ title: '', publisher: '', year: '', url: '' });
  const [errors, setErrors] = useState<string[]>();
  const set = (name: keyof typeof fields) => (event: Event) => setFields({ ...fields, [name]: value(event) });
  const add = () => {
    const problems = [
      ...(fields.title.trim() ? [] : ['Give the reference a title.']),
      ...(fields.publisher.trim() ? [] : ['Give the publisher or journal.']),
      ...(/^\d{4}$/.test(fields.year.trim()) ? [] : ['Give the year as four digits.']),
      ...(/^https:\/\/\S+$/.test(fields.url.trim()) ? [] : ['Give an https link.']),
    ];
    if (problems.length > 0)
      return setErrors(problems.length > 1 ? ['The reference is incomplete:', ...problems] : problems);
    onAdd({
      title: fields.title.trim(),
      publisher: fields.publisher.trim(),
      year: Number(fields.year.trim()),
      url: fields.url.trim(),
    });
    setErrors(undefined);
    setFields({ title: '', publisher: '', year: '', url: '' });
  };
  return (
    <fieldset class="external">
      <legend>Or add an external reference</legend>
      <Alert messages={errors} />
      <label for="ext-title">Reference title</label>
      <input id="ext-title" value={fields.title} onInput={set('title')} />
      <label for="ext-publisher">Publisher or journal</label>
      <input id="ext-publisher" value={fields.publisher} onInput={set('publisher')} />
      <label for="ext-year">Year</label>
      <input id="ext-year" inputMode="numeric" value={fields.year} onInput={set('year')} />
      <label for="ext-url">Link (https)</label>
      <input id="ext-url" type="url" value={fields.url} onInput={set('url')} />
      <button type="button" onClick={add}>
        Add reference
      </button>
    </fieldset>
  );
};

/** Edit the latest revision as a form and submit it as the next one (it then goes to review). */
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
