/**
 * The draft answer article: one zod schema shared by every generator adapter,
 * the review API and the publication path, plus the integrity rules that a
 * schema alone cannot express (citation numbering and references).
 */
import * as z from '../zod.ts';
import { citationFromSource } from './citation.ts';
import { type FieldError, ValidationError } from './errors.ts';
import { doiSchema, MAX_CITATION_AUTHORS, MAX_FORMATTED_CHARS, pmidSchema } from './reference-fields.ts';
import type { SourceMetadata } from './source.ts';

/** Flags a draft can carry for its reviewers. */
export const DRAFT_FLAGS = {
  /** Nothing in the library answered the question; the draft says so and makes no claims. */
  noRelevantSources: 'no_relevant_sources',
  /** The draft was regenerated with reviewer comments taken into account. */
  reviewerCommentsApplied: 'reviewer_comments_applied',
} as const;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const claimSchema = z.object({
  text: text(2000),
  citations: z.array(z.int().check(z.positive())).check(z.maxLength(20)),
});

export const sectionSchema = z.object({
  heading: text(200),
  claims: z.array(claimSchema).check(z.minLength(1), z.maxLength(30)),
});

export const citationSchema = z.object({
  n: z.int().check(z.positive()),
  title: text(500),
  publisher: z.optional(text(300)),
  year: z.optional(z.int().check(z.gte(1800), z.lte(2100))),
  url: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000))),
  /** Authors in AMA short form ("Smith JA", or an organisation's name), as the library lists them. */
  authors: z.optional(z.array(text(300)).check(z.maxLength(MAX_CITATION_AUTHORS))),
  /** The journal (abbreviated when the library has the abbreviation), book or guideline series. */
  container: z.optional(text(500)),
  volume: z.optional(text(50)),
  issue: z.optional(text(50)),
  pages: z.optional(text(50)),
  doi: z.optional(doiSchema),
  pmid: z.optional(pmidSchema),
  /** The whole reference in AMA style, rendered when the source was loaded. */
  formatted: z.optional(text(MAX_FORMATTED_CHARS)),
  /** Id of the source in the reference library, when the citation comes from it. */
  sourceId: z.optional(text(200)),
});

export const patientVersionSchema = z.object({
  bottomLine: text(1500),
  sections: z.array(sectionSchema).check(z.maxLength(10)),
});

export const generatorInfoSchema = z.object({
  adapter: text(50),
  model: text(200),
  promptVersion: text(50),
});

/** What a model is asked to produce: the draft without the generator metadata the adapter adds. */
export const draftContentSchema = z.object({
  title: text(300),
  bottomLine: text(1500),
  sections: z.array(sectionSchema).check(z.maxLength(10)),
  citations: z.array(citationSchema).check(z.maxLength(50)),
  patient: patientVersionSchema,
  // Empty when nothing relevant was retrieved: suggestions come only from sources on the question's topic.
  suggestedQuestions: z.array(text(300)).check(z.maxLength(8)),
  flags: z.optional(z.array(text(100)).check(z.maxLength(20))),
});

/** What the retrieval step made of the question's terms; computed by the server, shown to reviewers only. */
export const relevanceReportSchema = z.object({
  matched: z.array(text(300)).check(z.maxLength(100)),
  ignored: z.array(text(300)).check(z.maxLength(100)),
  missing: z.array(text(300)).check(z.maxLength(100)),
});

/**
 * The library passage a clinician-version claim was drawn from, per citation: `at` is the claim's
 * path (`sections.0.claims.1`), `passage` the index passage id. Computed by the server; reviewers
 * read the exact passage rather than a guess.
 */
export const citedPassageSchema = z.object({
  at: z.string().check(z.regex(/^sections\.\d+\.claims\.\d+$/)),
  n: z.int().check(z.positive()),
  passage: text(300),
});

export const draftSchema = z.extend(draftContentSchema, {
  generator: generatorInfoSchema,
  relevance: z.optional(relevanceReportSchema),
  citedPassages: z.optional(z.array(citedPassageSchema).check(z.maxLength(300))),
});

export type Claim = z.infer<typeof claimSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Citation = z.infer<typeof citationSchema>;
export type DraftContent = z.infer<typeof draftContentSchema>;
export type Draft = z.infer<typeof draftSchema>;
export type GeneratorInfo = z.infer<typeof generatorInfoSchema>;
export type CitedPassage = z.infer<typeof citedPassageSchema>;

/** Zod issues as the FieldErrors the HTTP layer reports (`sections.0.claims.1.text`). */
export function fieldErrorsFromZod(error: z.core.$ZodError, pathPrefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = [pathPrefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return { path: path || '(root)', message: issue.message };
  });
}

/** Bracketed references written into prose, e.g. "[2]", "[1, 3]" or "[2-4]". */
const INLINE_REFERENCE = /\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g;

function inlineReferences(prose: string): number[] {
  const numbers: number[] = [];
  for (const match of prose.matchAll(INLINE_REFERENCE)) {
    for (const part of (match[1] ?? '').split(',')) {
      const [from, to] = part.split(/[–-]/).map((value) => Number(value.trim()));
      if (from === undefined) continue;
      const last = to ?? from;
      // A reversed or absurd range is reported by its first number rather than expanded.
      if (last < from || last - from > 50) numbers.push(from);
      else for (let n = from; n <= last; n++) numbers.push(n);
    }
  }
  return numbers;
}

/**
 * Checks what the schema cannot: citations numbered 1..k, every cited number
 * (in claims and inline "[n]" markers, clinician and patient versions) exists,
 * every citation points at a library source or a URL, known source ids when a
 * library is given, and every claim is cited unless the draft is flagged as
 * having no relevant sources. Returns every problem found, empty when sound.
 */
export function checkDraftIntegrity(draft: DraftContent, knownSourceIds?: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const noRelevantSources = draft.flags?.includes(DRAFT_FLAGS.noRelevantSources) ?? false;
  const k = draft.citations.length;
  const numbers = new Set<number>();

  draft.citations.forEach((citation, index) => {
    const path = `citations.${index}`;
    if (numbers.has(citation.n)) {
      errors.push({ path: `${path}.n`, message: `citation number ${citation.n} is used twice` });
    } else if (citation.n > k) {
      errors.push({ path: `${path}.n`, message: `citation number ${citation.n} is outside 1..${k}` });
    }
    numbers.add(citation.n);
    if (citation.sourceId === undefined && citation.url === undefined) {
      errors.push({ path, message: 'a citation must point at a library source (sourceId) or a url' });
    }
    if (citation.sourceId !== undefined && knownSourceIds && !knownSourceIds.has(citation.sourceId)) {
      errors.push({
        path: `${path}.sourceId`,
        message: `source "${citation.sourceId}" is not in the reference library`,
      });
    }
  });
  for (let n = 1; n <= k; n++) {
    if (!numbers.has(n)) {
      errors.push({
        path: 'citations',
        message: `citation numbers must run 1..${k} without gaps: ${n} is missing`,
      });
    }
  }

  const checkProse = (prose: string, path: string) => {
    for (const n of inlineReferences(prose)) {
      if (!numbers.has(n)) errors.push({ path, message: `inline reference [${n}] has no citation` });
    }
  };
  const checkVersion = (version: Pick<DraftContent, 'bottomLine' | 'sections'>, prefix: string) => {
    checkProse(version.bottomLine, `${prefix}bottomLine`);
    let claimCount = 0;
    version.sections.forEach((section, s) => {
      section.claims.forEach((claim, c) => {
        claimCount++;
        const path = `${prefix}sections.${s}.claims.${c}`;
        checkProse(claim.text, `${path}.text`);
        if (claim.citations.length === 0 && !noRelevantSources) {
          errors.push({ path: `${path}.citations`, message: 'a claim needs at least one citation' });
        }
        claim.citations.forEach((n, i) => {
          if (!numbers.has(n)) {
            errors.push({ path: `${path}.citations.${i}`, message: `citation [${n}] does not exist` });
          }
        });
      });
    });
    if (claimCount === 0 && !noRelevantSources) {
      errors.push({
        path: `${prefix}sections`,
        message: `a draft needs at least one cited claim unless flagged ${DRAFT_FLAGS.noRelevantSources}`,
      });
    }
  };
  checkVersion(draft, '');
  checkVersion(draft.patient, 'patient.');
  return errors;
}

/** Validates an untrusted draft (schema, then integrity); throws ValidationError naming every bad field. */
export function parseDraft(input: unknown, knownSourceIds?: ReadonlySet<string>): Draft {
  const parsed = draftSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('The draft does not match the draft schema', fieldErrorsFromZod(parsed.error));
  }
  const integrityErrors = checkDraftIntegrity(parsed.data, knownSourceIds);
  if (integrityErrors.length > 0) {
    throw new ValidationError('The draft has inconsistent citations', integrityErrors);
  }
  return parsed.data;
}

/** What a library citation shows, taken from the library alone. */
export type LibraryEntry = SourceMetadata;

/**
 * Citations naming a library source show that source's metadata (title,
 * publisher, year, url, authors, journal, DOI, PMID, AMA reference),
 * whatever the client or the model wrote; a citation naming an unknown
 * source is left as it is for the publish gate to refuse.
 */
export function withLibraryCitations<T extends Pick<DraftContent, 'citations'>>(
  draft: T,
  library: ReadonlyMap<string, LibraryEntry>,
): T {
  return {
    ...draft,
    citations: draft.citations.map((citation) => {
      const source = citation.sourceId === undefined ? undefined : library.get(citation.sourceId);
      return source ? citationFromSource(citation.n, source) : citation;
    }),
  };
}

/** Generator metadata of a revision written by hand; the author is the revision's `author`. */
export const EDITOR_GENERATOR: GeneratorInfo = { adapter: 'editor', model: 'human', promptVersion: 'manual' };

/**
 * An editor's draft as the server records it: client `flags` and `generator`
 * are dropped (the server computes both), library citations are resolved
 * from the library.
 */
export function editorDraft(content: DraftContent, library: ReadonlyMap<string, LibraryEntry>): Draft {
  const { flags: _flags, ...rest } = content;
  const { generator: _generator, ...withoutGenerator } = rest as DraftContent & { generator?: unknown };
  return { ...withLibraryCitations(withoutGenerator, library), generator: EDITOR_GENERATOR };
}
