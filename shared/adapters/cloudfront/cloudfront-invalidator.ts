import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { CdnInvalidator } from '../../ports/cdn.ts';

/** CloudFront's limit on the paths of one invalidation with wildcards. */
const MAX_PATHS = 15;

/**
 * Invalidates paths of the distribution in front of the API. The SDK client
 * is imported on the first invalidation, not at init: in Lambda it comes from
 * the runtime's own AWS SDK (`runtimeProvided` in infra/resources.ts), so the
 * propagation worker neither bundles nor loads it before a CDN needs it.
 */
export class CloudFrontInvalidator implements CdnInvalidator {
  private client:
    | Promise<{ client: CloudFrontClient; module: typeof import('@aws-sdk/client-cloudfront') }>
    | undefined;

  constructor(
    private readonly distributionId: string,
    private readonly region: string,
    /** Only for tests, which point it at a local server speaking CloudFront's REST-XML protocol. */
    private readonly endpoint?: string,
  ) {}

  async invalidate(paths: string[], reference: string): Promise<void> {
    this.client ??= import('@aws-sdk/client-cloudfront').then((module) => ({
      module,
      client: new module.CloudFrontClient({
        region: this.region,
        ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      }),
    }));
    const { client, module } = await this.client;
    // Wildcard paths are limited per invalidation; the article's own come first.
    const items = [...new Set(paths)].slice(0, MAX_PATHS);
    await client.send(
      new module.CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: { CallerReference: reference, Paths: { Quantity: items.length, Items: items } },
      }),
    );
  }
}
