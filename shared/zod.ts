/**
 * The zod every schema here is built with: zod/mini, whose functions
 * tree-shake (classic zod puts every method on every schema, ~95 KB in each
 * bundle against ~25 KB) and whose schemas build faster at init. Mini ships
 * no messages of its own: the English locale is set once, here, so a 400
 * says "Too small: expected string to have >=1 characters", not "Invalid input".
 */

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// The one locale, imported alone: `z.locales.en` would bundle all 64.
z.config(en());

export * from 'zod/mini';

/**
 * A whole number read from a string (query parameters, environment
 * variables): classic zod's `z.coerce.number().int()`. zod/mini has no
 * coerced int of its own, and a coerce-then-int pipe would document itself
 * as a plain number, so this is z.int() with coercion switched on.
 */
export const coercedInt = (): z.ZodMiniNumberFormat =>
  z.int({ coerce: true } as Parameters<typeof z.int>[0] & object);
