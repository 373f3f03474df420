/** The publication fields a library source and a citation share, checked alike in both. */
import * as z from '../zod.ts';

/** A bare DOI (10.1000/xyz), never a doi.org link: links are derived from it. */
export const doiSchema = z
  .string()
  .check(z.trim(), z.maxLength(300), z.regex(/^10\.\d{4,9}\/\S+$/, 'must be a DOI such as 10.1000/xyz'));

export const pmidSchema = z.string().check(z.trim(), z.regex(/^\d{1,9}$/, 'must be a PubMed id (digits)'));

/** An AMA reference names at most 6 authors, so title, journal and the rest fit well within this. */
export const MAX_FORMATTED_CHARS = 5000;

/** A citation names this many authors at most; AMA prints only the first 3 past 6. */
export const MAX_CITATION_AUTHORS = 50;
