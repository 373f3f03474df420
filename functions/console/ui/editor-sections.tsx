import type { Section } from './types.ts';

export type Audience = 'clinician' | 'patient';

export const value = (event: Event) => (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;

/** "1, 3" → [1, 3]; anything that is not a positive whole number is dropped. */
export const parseCitationNumbers = (text: string): number[] =>
  text
    .split(/[\s,]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

/** The sections of one version of the draft, each claim with its citation numbers. */
export const SectionsEditor = ({
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
