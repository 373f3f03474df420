import { passageFor } from './passage.ts';
import type { DraftContent, Section, SourceDetail } from './types.ts';

/** The claims citing each number in one version of the draft, numbered as the API numbers them (1, 2, …). */
const claimsByCitation = (sections: Section[]) => {
  const byNumber = new Map<number, { number: number; text: string; at: string }[]>();
  let number = 0;
  sections.forEach((section, i) => {
    section.claims.forEach((claim, j) => {
      number++;
      for (const n of claim.citations)
        byNumber.set(n, [
          ...(byNumber.get(n) ?? []),
          { number, text: claim.text, at: `sections.${i}.claims.${j}` },
        ]);
    });
  });
  return byNumber;
};

/** The passage a claim cites when the draft names it (clinician version), else the best word match. */
const passageOf = (
  draft: DraftContent,
  sections: Section[],
  claim: { text: string; at: string },
  n: number,
  source: SourceDetail,
): { text: string; exact: boolean } | undefined => {
  const named =
    sections === draft.sections
      ? draft.citedPassages?.find((cited) => cited.at === claim.at && cited.n === n)?.passage
      : undefined;
  const exact = named ? source.passages?.find((passage) => passage.id === named) : undefined;
  if (exact) return { text: exact.text, exact: true };
  const guess = passageFor(claim.text, source.text);
  return guess ? { text: guess, exact: false } : undefined;
};

/** Every cited source beside the draft, with the passage each claim most likely came from. */
export const SourcesPanel = ({
  draft,
  sections,
  sources,
}: {
  draft: DraftContent;
  sections: Section[];
  sources: Map<string, SourceDetail | 'missing'>;
}) => {
  const citing = claimsByCitation(sections);
  return (
    <aside class="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      {draft.citations.length === 0 ? <p>This draft cites nothing.</p> : null}
      <ol class="citations">
        {draft.citations.map((citation) => {
          const source = citation.sourceId ? sources.get(citation.sourceId) : undefined;
          return (
            <li key={citation.n} id={`source-${citation.n}`} value={citation.n}>
              <p class="source-title">
                <span class="number">[{citation.n}]</span> {citation.title}
              </p>
              <p class="meta">
                {[citation.publisher, citation.year].filter(Boolean).join(', ') || 'No publisher or year'}
                {citation.sourceId ? ' · reference library' : ' · external reference'}
              </p>
              {citation.url ? (
                <p>
                  <a href={citation.url} rel="noreferrer noopener" target="_blank">
                    {citation.url}
                  </a>
                </p>
              ) : (
                <p class="problem">No link.</p>
              )}
              {source === 'missing' ? <p class="problem">Not in the reference library.</p> : null}
              {(citing.get(citation.n) ?? []).map((claim) => {
                const passage =
                  typeof source === 'object'
                    ? passageOf(draft, sections, claim, citation.n, source)
                    : undefined;
                return (
                  <figure key={claim.number} class="passage">
                    <figcaption>
                      Claim {claim.number}
                      {passage
                        ? passage.exact
                          ? ' · the passage it cites'
                          : ' · best matching sentence'
                        : ''}
                    </figcaption>
                    {passage ? (
                      <blockquote>{passage.text}</blockquote>
                    ) : (
                      <p class="meta">{source ? 'No matching passage found.' : 'Passage not available.'}</p>
                    )}
                  </figure>
                );
              })}
            </li>
          );
        })}
      </ol>
    </aside>
  );
};
