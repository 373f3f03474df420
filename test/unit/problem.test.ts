import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  IdempotencyKeyReuseError,
  UnauthorizedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { MethodNotAllowedError } from '../../shared/http/http-errors.ts';
import { toProblemResponse } from '../../shared/http/problem.ts';

const bodyOf = (response: ReturnType<typeof toProblemResponse>) => JSON.parse(response.body as string);

describe('problem+json responses', () => {
  it('carries a 4xx error with its detail and field errors', () => {
    const response = toProblemResponse(
      new ValidationError('bad', [{ path: 'question', message: 'too short' }]),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(bodyOf(response)).toEqual({
      type: 'https://vetted.example/problems/validation',
      title: 'Invalid request',
      status: 400,
      detail: 'bad',
      errors: [{ path: 'question', message: 'too short' }],
    });
  });

  it.each([
    [new ConflictError('stale'), 409],
    [new IdempotencyKeyReuseError('reused'), 422],
    [new UnauthorizedError('no token'), 401],
  ])('maps %s to %i', (error, status) => {
    expect(toProblemResponse(error).statusCode).toBe(status);
  });

  it('tells a 401 how to authenticate and a 405 what is allowed', () => {
    expect(toProblemResponse(new UnauthorizedError('x')).headers?.['www-authenticate']).toBe('Bearer');
    expect(toProblemResponse(new MethodNotAllowedError('x', ['GET', 'POST'])).headers?.allow).toBe(
      'GET, POST',
    );
  });

  it('says nothing of internals for any other error', () => {
    const internal = Object.assign(
      new Error('ConditionalCheckFailed on table vetted-questions at arn:aws:...'),
      {
        $metadata: { requestId: 'abc' },
      },
    );
    const response = toProblemResponse(internal);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/vetted-questions|arn:|Conditional|abc|stack/);
    expect(bodyOf(response)).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });
});
