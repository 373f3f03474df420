import type { Problem } from './types.ts';

/** A refused request: the API's problem+json. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Calls the same-origin API with the bearer token of the moment. */
export const createApi =
  (token: () => string | undefined, onUnauthorized: () => void): Api =>
  async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const bearer = token();
    const response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      const problem = (parsed ?? {}) as Partial<Problem>;
      throw new ApiProblem({ ...problem, status: response.status });
    }
    return parsed as T;
  };
