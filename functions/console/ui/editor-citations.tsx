import { useState } from 'preact/hooks';
import { type Api, ApiProblem } from './api.ts';
import { Alert } from './components.tsx';
import { value } from './editor-sections.tsx';
import { plainProblem } from './messages.ts';
import type { Citation, SourceSummary } from './types.ts';

export const nextNumber = (citations: Citation[]) =>
  Math.max(0, ...citations.map((citation) => citation.n)) + 1;

export const LibrarySearch = ({ api, onPick }: { api: Api; onPick: (source: SourceSummary) => void }) => {
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

export const ExternalReference = ({ onAdd }: { onAdd: (citation: Omit<Citation, 'n'>) => void }) => {
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
