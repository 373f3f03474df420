/** A source in the reference library the local generator retrieves from, and its JSONL file format. */
import * as z from '../zod.ts';
import { fieldErrorsFromZod } from './draft.ts';
import { type FieldError, ValidationError } from './errors.ts';
import { type FileWithdrawal, withdrawnMarkSchema } from './library-withdrawals.ts';
import { doiSchema, MAX_FORMATTED_CHARS, pmidSchema } from './reference-fields.ts';

const optionalText = (max: number) =>
  z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(max)));

/** A person as CSL-JSON names one: family and given names, or one literal name (an organisation). */
export const personSchema = z.union([
  z.object({
    family: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    given: optionalText(200),
  }),
  z.object({ literal: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)) }),
]);

export const sourceMetadataSchema = z.object({
  id: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^\S+$/, 'must not contain whitespace')),
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  /** Who issued it: the guideline body, the journal's publisher, or the demo library's disclaimer. */
  publisher: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  year: z.int().check(z.gte(1800), z.lte(2100)),
  url: z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)),
  authors: z.optional(z.array(personSchema).check(z.maxLength(100))),
  /** The journal, book or guideline series it appeared in. */
  container: optionalText(500),
  volume: optionalText(50),
  issue: optionalText(50),
  pages: optionalText(50),
  doi: z.optional(doiSchema),
  pmid: z.optional(pmidSchema),
  /**
   * The reference in AMA style (plain text, no leading number), computed by
   * the loader (`withFormattedReferences`) once per source: a library file's
   * own value is overwritten, so every reference is rendered by the same style.
   */
  formatted: optionalText(MAX_FORMATTED_CHARS),
});

/** Up to 5 MB of text or Markdown: a whole guideline, split into passages at headings and paragraphs. */
export const MAX_SOURCE_TEXT_CHARS = 5_000_000;

export const sourceSchema = z.extend(sourceMetadataSchema, {
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_SOURCE_TEXT_CHARS)),
});

export type Person = z.infer<typeof personSchema>;
export type SourceMetadata = z.infer<typeof sourceMetadataSchema>;
export type Source = z.infer<typeof sourceSchema>;

/**
 * Parses a JSONL library file: one source per non-blank line. All or nothing:
 * every bad line (invalid JSON, schema violation, duplicate id) is reported
 * as `{ path: "line N", message }` in one ValidationError.
 */
export function parseSourcesJsonl(text: string): { sources: Source[]; withdrawals: FileWithdrawal[] } {
  const sources: Source[] = [];
  const withdrawals: FileWithdrawal[] = [];
  const errors: FieldError[] = [];
  const firstLineOfId = new Map<string, number>();

  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      const lineNumber = index + 1;
      const path = `line ${lineNumber}`;
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        errors.push({ path, message: `invalid JSON: ${(error as Error).message}` });
        return;
      }
      const parsed = sourceSchema.safeParse(json);
      // A record may mark its source withdrawn (or superseded): the load withdraws it once loaded.
      const mark = (json as { withdrawn?: unknown } | null)?.withdrawn;
      const withdrawn = mark === undefined ? undefined : withdrawnMarkSchema.safeParse(mark);
      if (!parsed.success || withdrawn?.success === false) {
        const issues = [
          ...(parsed.success ? [] : fieldErrorsFromZod(parsed.error)),
          ...(withdrawn?.success === false ? fieldErrorsFromZod(withdrawn.error, 'withdrawn') : []),
        ];
        for (const issue of issues) errors.push({ path, message: `${issue.path}: ${issue.message}` });
        return;
      }
      const firstLine = firstLineOfId.get(parsed.data.id);
      if (firstLine !== undefined) {
        errors.push({ path, message: `duplicate id "${parsed.data.id}" (first on line ${firstLine})` });
        return;
      }
      firstLineOfId.set(parsed.data.id, lineNumber);
      sources.push(parsed.data);
      if (withdrawn?.success)
        withdrawals.push({ sourceId: parsed.data.id, ...withdrawn.data, position: path });
    });

  if (errors.length > 0) {
    throw new ValidationError(`The sources file has ${errors.length} error(s); nothing was loaded`, errors);
  }
  if (sources.length === 0) {
    throw new ValidationError('The sources file holds no sources', [
      { path: 'file', message: 'expected at least one JSON object line' },
    ]);
  }
  return { sources, withdrawals };
}
