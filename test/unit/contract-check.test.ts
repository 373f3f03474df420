import { describe, expect, it } from 'vitest';
import { operations } from '../../shared/http/contracts/index.ts';
import { ContractViolation, checkResponse } from '../support/contract.ts';

const api = 'http://127.0.0.1:3000';
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
const problem = (status: number) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'Not Found', status }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
const check = (method: string, path: string, response: Response) =>
  checkResponse(method, new URL(`${api}${path}`), response);

/** The documented example of a new question: a real body in the documented shape. */
const question = operations['POST /v1/questions'].example;

describe('the contract check of test responses', () => {
  it('accepts a response the document describes, and the body it still lets the test read', async () => {
    const response = json(202, question, { location: `/v1/questions/${question.id}` });
    await expect(check('POST', '/v1/questions', response)).resolves.toBeUndefined();
    expect(await response.json()).toEqual(question);
    await expect(check('GET', `/v1/questions/${question.id}`, problem(404))).resolves.toBeUndefined();
    await expect(check('GET', '/v1/nothing-here', problem(404))).resolves.toBeUndefined();
  });

  it.each([
    ['a missing field', json(200, { ...question, status: undefined })],
    ['an undocumented field', json(200, { ...question, internalKey: 'Q#1' })],
    ['a wrong enum value', json(200, { ...question, status: 'pondering' })],
    ['a timestamp that is not one', json(200, { ...question, createdAt: 'yesterday' })],
    ['an undocumented status', json(201, question)],
    ['the wrong content type', new Response(JSON.stringify(question), { status: 200 })],
    ['a problem that is not a problem', json(404, { message: 'nope' })],
  ])('refuses %s', async (_, response) => {
    await expect(check('GET', `/v1/questions/${question.id}`, response)).rejects.toBeInstanceOf(
      ContractViolation,
    );
  });

  it('refuses a response without a header the document requires, and a 405 without Allow', async () => {
    await expect(check('POST', '/v1/questions', json(202, question))).rejects.toThrow(/Location/);
    await expect(check('DELETE', '/v1/questions', problem(405))).rejects.toThrow(/Allow/);
  });
});
