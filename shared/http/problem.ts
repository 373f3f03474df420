import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { VettedError } from '../domain/errors.ts';
import { MethodNotAllowedError, TooManyRequestsError } from './http-errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const problemType = (name: string) =>
  `https://vetted.example/problems/${name.replace(/Error$/, '').replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`;

/**
 * RFC 9457 problem+json. Only VettedErrors carry their message to the
 * client; anything else is a 500 that says nothing of internals.
 */
export const toProblemResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof VettedError) {
    const body = {
      type: problemType(error.name),
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    };
    return {
      statusCode: error.status,
      headers: {
        'content-type': PROBLEM_CONTENT_TYPE,
        ...(error instanceof MethodNotAllowedError ? { allow: error.allowed.join(', ') } : {}),
        ...(error.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
        ...(error instanceof TooManyRequestsError ? { 'retry-after': String(error.retryAfterSeconds) } : {}),
      },
      body: JSON.stringify(body),
    };
  }
  return {
    statusCode: 500,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. Please try again later.',
    }),
  };
};
