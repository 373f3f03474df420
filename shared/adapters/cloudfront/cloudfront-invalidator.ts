import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { CdnInvalidator } from '../../ports/cdn.ts';

/** CloudFront's limit on the paths of one invalidation with wildcards. */
const MAX_PATHS = 15;

/** Invalidates paths of the distribution in front of the API (created once per container). */
export class CloudFrontInvalidator implements CdnInvalidator {
  private readonly client: CloudFrontClient;

  constructor(
    private readonly distributionId: string,
    region: string,
  ) {
    this.client = new CloudFrontClient({ region });
  }

  async invalidate(paths: string[], reference: string): Promise<void> {
    // Wildcard paths are limited per invalidation; the article's own come first.
    const items = [...new Set(paths)].slice(0, MAX_PATHS);
    await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: { CallerReference: reference, Paths: { Quantity: items.length, Items: items } },
      }),
    );
  }
}
