import { diffLines } from './diff.ts';
import type { Citation, DraftContent, RevisionView, Section } from './types.ts';

const citationLine = (citation: Citation) =>
  `[${citation.n}] ${[citation.title, citation.publisher, citation.year, citation.url].filter(Boolean).join(', ')}`;

const sectionLines = (sections: Section[]) =>
  sections.flatMap((section) => [
    `## ${section.heading}`,
    ...section.claims.map((claim) => `- ${claim.text} [${claim.citations.join(', ')}]`),
  ]);

/** A revision as text lines, for the diff between revisions. */
export const draftLines = (draft: DraftContent): string[] => [
  `Title: ${draft.title}`,
  `Bottom line: ${draft.bottomLine}`,
  ...sectionLines(draft.sections),
  `Patient bottom line: ${draft.patient.bottomLine}`,
  ...sectionLines(draft.patient.sections).map((line) => `Patient ${line}`),
  ...draft.citations.map(citationLine),
  ...(draft.flags?.length ? [`Flags: ${draft.flags.join(', ')}`] : []),
];

export const RevisionDiff = ({ before, after }: { before: RevisionView; after: RevisionView }) => {
  const lines = diffLines(draftLines(before.draft), draftLines(after.draft));
  const changed = lines.filter((line) => line.kind !== 'same').length;
  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">
        Changes from revision {before.revision} to {after.revision}
      </h2>
      {changed === 0 ? (
        <p>No changes in content.</p>
      ) : (
        <ul class="diff">
          {lines.map((line, index) =>
            line.kind === 'same' ? null : (
              <li key={index} class={line.kind}>
                {line.kind === 'added' ? <ins>+ {line.text}</ins> : <del>− {line.text}</del>}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
};
