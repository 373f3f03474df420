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
