import { expect } from 'vitest';
import { readJson } from './runtime.ts';

/** An RFC 9457 problem body as the API writes it (shared/http/problem.ts). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/**
 * Asserts an RFC 9457 problem answer: the status, the problem+json content
 * type and a body with `status`, `type` and `title`; with `path`, that one of
 * its validation `errors` points there. Returns the body for further checks.
 */
export const expectProblem = async (response: Response, status: number, path?: string): Promise<Problem> => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body: Problem = await readJson(response);
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (path !== undefined) expect(body.errors?.map((error) => error.path)).toContain(path);
  return body;
};
