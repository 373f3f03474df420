import { appendFileSync } from 'node:fs';
import { afterAll, afterEach, inject } from 'vitest';
import { ContractViolation, checkResponse, contractState } from './contract.ts';

/**
 * Installed by vitest (setupFiles of the integration and e2e projects): wraps
 * `fetch` so that every response from a watched Vetted API is checked against
 * the OpenAPI document. A violation rejects that fetch; one a test swallowed
 * (e.g. in Promise.allSettled) still fails the test after it ends.
 */
const state = contractState();

const originalFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await originalFetch(input, init);
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request?.url ?? String(input));
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  // Preflights are CORS, answered before any route; the contract is about the routes.
  if (!state.origins.has(url.origin) || method === 'OPTIONS') return response;
  try {
    await checkResponse(method, url, response);
    state.validated += 1;
  } catch (error) {
    if (error instanceof ContractViolation) state.violations.push(error);
    throw error;
  }
  return response;
};

afterEach(() => {
  const violations = state.violations.splice(0);
  if (violations.length > 0) {
    throw new AggregateError(violations, violations.map((violation) => violation.message).join('\n'));
  }
});

afterAll(() => {
  const file = inject('contractCountFile');
  if (file) appendFileSync(file, `${state.validated}\n`);
});
