import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudFrontInvalidator } from '../../shared/adapters/cloudfront/cloudfront-invalidator.ts';

interface Received {
  method: string;
  url: string;
  authorization: string;
  body: string;
}

/** A local stand-in for CloudFront's REST-XML API: records each request, answers 201 as CloudFront does. */
const received: Received[] = [];
const server = createServer((request: IncomingMessage, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: String(request.headers.authorization ?? ''),
      body,
    });
    response.writeHead(201, { 'content-type': 'text/xml', location: 'https://cloudfront.example/inv/I1' });
    response.end(
      '<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>InProgress</Status><CreateTime>2026-11-29T12:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>0</Quantity></Paths><CallerReference>x</CallerReference></InvalidationBatch></Invalidation>',
    );
  });
});

let invalidator: CloudFrontInvalidator;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  invalidator = new CloudFrontInvalidator('E2EXAMPLE', 'us-east-1', `http://127.0.0.1:${port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const pathsIn = (xml: string) => [...xml.matchAll(/<Path>([^<]*)<\/Path>/g)].map((match) => match[1]);

describe('CloudFront invalidation on the wire', () => {
  it('sends one signed CreateInvalidation for the distribution, with the paths once each and the reference', async () => {
    await invalidator.invalidate(
      ['/v1/articles/flu-vaccine', '/v1/articles/flu-vaccine/related*', '/v1/articles/flu-vaccine'],
      'evt-1',
    );
    // On a loaded machine the SDK may retry an attempt whose socket failed; a
    // retry is the same invalidation (same body, same CallerReference, which
    // CloudFront deduplicates on), so what must be one is the distinct request.
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/2020-05-31/distribution/E2EXAMPLE/invalidation');
    expect(request?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/cloudfront\//,
    );
    expect(pathsIn(request?.body ?? '')).toEqual([
      '/v1/articles/flu-vaccine',
      '/v1/articles/flu-vaccine/related*',
    ]);
    expect(request?.body).toContain('<Quantity>2</Quantity>');
    expect(request?.body).toContain('<CallerReference>evt-1</CallerReference>');
  });

  it('keeps to CloudFront’s 15 wildcard paths per invalidation, the first ones first', async () => {
    received.length = 0;
    const paths = Array.from({ length: 20 }, (_, index) => `/v1/articles/a-${index}*`);
    await invalidator.invalidate(paths, 'evt-2');
    expect(received.length).toBeGreaterThan(0);
    expect(pathsIn(received[0]?.body ?? '')).toEqual(paths.slice(0, 15));
  });
});
