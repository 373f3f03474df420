import { fileURLToPath } from 'node:url';

/** The repository root: function entries in the resource description are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
