import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { querySchemas, requestBodySchemas } from '../../shared/http/contracts/requests/index.ts';
import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { PROBLEM_CONTENT_TYPE } from '../../shared/http/problem.ts';

/**
 * The contract check: every response a test receives from a Vetted API (an
 * in-process runtime or a started `npm start`) is validated against the
 * OpenAPI document — status, content type, documented headers and body. A
 * mismatch rejects the `fetch` that received it and fails the test (see
 * test/support/contract-setup.ts, which installs the check around `fetch`).
 */

interface MediaType {
  schema: object;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean }>;
}
interface OperationObject {
  responses: Record<string, ResponseObject>;
}

const document = buildOpenApiDocument(requestBodySchemas(), querySchemas());
const DOCUMENT_ID = 'vetted-openapi';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, DOCUMENT_ID);

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

const paths = Object.keys(document.paths).map((path) => ({
  path,
  params: (path.match(/\{/g) ?? []).length,
  regex: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}/?$`),
}));

const findOperation = (method: string, pathname: string) => {
  const candidates = paths.filter((entry) => entry.regex.test(pathname)).sort((a, b) => a.params - b.params);
  for (const candidate of candidates) {
    const operation = (document.paths as Record<string, Record<string, OperationObject>>)[candidate.path]?.[
      method.toLowerCase()
    ];
    if (operation) return { path: candidate.path, operation };
  }
  return undefined;
};

const validators = new Map<string, ValidateFunction>();
const validatorAt = (ref: string): ValidateFunction => {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${ref}` });
    validators.set(ref, validate);
  }
  return validate;
};
const genericProblem = () => validatorAt('/components/schemas/Problem');

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** Where a response fits in the document: the operation's response for its status, or a generic problem. */
const expectationFor = (method: string, pathname: string, status: number) => {
  const found = findOperation(method, pathname);
  if (!found) {
    // Unknown paths and methods are answered by the gateway's default route: a 404 or 405 problem.
    if (status !== 404 && status !== 405) {
      throw new ContractViolation(`${method} ${pathname} is not in the document, yet answered ${status}`);
    }
    return {
      where: `${method} ${pathname} (no operation)`,
      response: { content: { [PROBLEM_CONTENT_TYPE]: { schema: {} } } } as ResponseObject,
      ref: undefined,
    };
  }
  const responses = found.operation.responses;
  const key = [String(status), `${String(status)[0]}XX`].find((candidate) => candidate in responses);
  if (!key) {
    throw new ContractViolation(
      `${method} ${found.path} answered ${status}, which the document does not list (${Object.keys(responses).join(', ')})`,
    );
  }
  return {
    where: `${method} ${found.path} → ${key}`,
    response: responses[key] as ResponseObject,
    ref: pointer('', 'paths', found.path, method.toLowerCase(), 'responses', key, 'content'),
  };
};

const mediaType = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

/** Throws a ContractViolation unless the response is one the document describes for this request. */
export const checkResponse = async (method: string, url: URL, response: Response): Promise<void> => {
  // HEAD is GET without the body (OpenAPI documents the GET): the status and headers must match it.
  const head = method.toUpperCase() === 'HEAD';
  const {
    where,
    response: documented,
    ref,
  } = expectationFor(head ? 'GET' : method, url.pathname, response.status);
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required && !response.headers.has(name)) {
      throw new ContractViolation(`${where}: the ${name} header is missing`);
    }
  }
  if (response.status === 405 && !response.headers.has('allow')) {
    throw new ContractViolation(`${where}: a 405 without an Allow header`);
  }
  const text = await response.clone().text();
  if (head) {
    if (text !== '') throw new ContractViolation(`HEAD ${where}: a body, ${text.slice(0, 200)}`);
    return;
  }
  const contentTypes = Object.keys(documented.content ?? {});
  if (contentTypes.length === 0) {
    if (text !== '')
      throw new ContractViolation(`${where}: the document says no body, got ${text.slice(0, 200)}`);
    return;
  }
  const type = mediaType(response.headers.get('content-type'));
  if (!contentTypes.includes(type)) {
    throw new ContractViolation(
      `${where}: content type ${type || '(none)'}, documented ${contentTypes.join(', ')}`,
    );
  }
  // A body documented as text (the console's HTML, script, stylesheet) has no schema beyond its media type.
  if (!type.endsWith('json')) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ContractViolation(`${where}: the body is not JSON: ${text.slice(0, 200)}`);
  }
  const validate = ref === undefined ? genericProblem() : validatorAt(`${ref}/${pointer(type)}/schema`);
  if (!validate(body)) {
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((error) => `${error.instancePath || '(root)'} ${error.message} ${JSON.stringify(error.params)}`)
      .join('; ');
    throw new ContractViolation(`${where}: the body does not match the document: ${errors}`);
  }
};

/** State the fetch wrapper of contract-setup.ts keeps, per test file. */
export interface ContractState {
  origins: Set<string>;
  validated: number;
  violations: ContractViolation[];
}
const holder = globalThis as { __vettedContract?: ContractState };
export const contractState = (): ContractState => {
  holder.__vettedContract ??= { origins: new Set(), validated: 0, violations: [] };
  return holder.__vettedContract;
};

/** Puts a Vetted API under the contract check: every response from this origin is validated. */
export const watchApi = (url: string): void => {
  contractState().origins.add(new URL(url).origin);
};
