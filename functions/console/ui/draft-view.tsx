import type { DraftContent } from './types.ts';

export const versionOf = (draft: DraftContent, audience: 'clinician' | 'patient') =>
  audience === 'clinician' ? draft : draft.patient;

/** The draft as readers will see it, claims numbered, each with its citation links. */
export const DraftView = ({
  draft,
  audience,
}: {
  draft: DraftContent;
  audience: 'clinician' | 'patient';
}) => {
  const version = versionOf(draft, audience);
  let claimNumber = 0;
  return (
    <article class="draft" aria-labelledby="draft-title">
      <h2 id="draft-title">{draft.title}</h2>
      <p class="bottom-line">
        <strong>Bottom line:</strong> {version.bottomLine}
      </p>
      {version.sections.length === 0 ? <p class="problem">This version has no sections.</p> : null}
      {version.sections.map((section) => (
        <section key={section.heading}>
          <h3>{section.heading}</h3>
          <ol class="claims">
            {section.claims.map((claim) => {
              claimNumber++;
              return (
                <li key={`${claimNumber}`} value={claimNumber}>
                  <span class="claim-number">Claim {claimNumber}.</span> {claim.text}{' '}
                  {claim.citations.length === 0 ? (
                    <span class="problem">(no citation)</span>
                  ) : (
                    claim.citations.map((n) => (
                      <a key={n} class="cite" href={`#source-${n}`} aria-label={`source ${n}`}>
                        [{n}]
                      </a>
                    ))
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {draft.suggestedQuestions.length > 0 ? (
        <section>
          <h3>Suggested follow-up questions</h3>
          <ul>
            {draft.suggestedQuestions.map((question) => (
              <li key={question}>{question}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
};

/** What the retrieval step made of the question's words: reviewers see why a draft was (not) written. */
export function RelevancePanel({ relevance }: { relevance: NonNullable<DraftContent['relevance']> }) {
  const rows: [string, string, string[]][] = [
    ['Matched in the library', 'matched', relevance.matched],
    ['Missing from the library (clinical terms)', 'missing', relevance.missing],
    ['Ignored (everyday or generic words)', 'ignored', relevance.ignored],
  ];
  return (
    <section class="relevance" aria-labelledby="relevance-heading">
      <h2 id="relevance-heading">How the question was read</h2>
      <dl>
        {rows.map(([label, key, terms]) => (
          <div key={key} class={`relevance-${key}`}>
            <dt>{label}</dt>
            <dd>{terms.length > 0 ? terms.join(', ') : 'none'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
