import { cleanText, type TextShape, textProblem } from '../../../domain/clean-text.ts';
import * as z from '../../../zod.ts';

/** Refuses what clean text refuses (shared/domain/clean-text.ts), naming the character. */
export const cleanTextCheck = (shape: TextShape) =>
  z.superRefine<string>((text, context) => {
    const problem = textProblem(text, shape);
    if (problem) context.issues.push({ code: 'custom', message: problem, input: text });
  });

/**
 * Free text a person writes: NFC-normalised (and a paragraph's line breaks folded) first, so the
 * length limits after it count what is stored, then refused if it still carries what clean text
 * refuses.
 */
export const freeText = (shape: TextShape) =>
  z.string().check(
    z.overwrite<string>((text) => cleanText(text, shape)),
    cleanTextCheck(shape),
  );

/** Free text trimmed, then cleaned and refused as clean text says: not blank, at most `max` characters. */
export const trimmedText = (shape: TextShape, max: number, description: string) =>
  z.string().check(
    // Trimmed first: a trailing newline pasted with a name is whitespace, not a second line.
    z.trim(),
    z.overwrite<string>((text) => cleanText(text, shape)),
    cleanTextCheck(shape),
    z.minLength(1, 'must not be blank'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.meta({ description }),
  );

/** A whole number from a query string, in a range, parsed the same on every route ("5", not "5.0", "5e0" or " 5"). */
export const integerParam = (min: number, max: number, fallback: number) =>
  z._default(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^\d{1,4}$/, `must be a whole number from ${min} to ${max}`)),
        z.transform(Number),
      ),
      z.int().check(z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`)),
    ),
    fallback,
  );
