/** The CDN in front of the public API (CloudFront in AWS with `cdn=true`; none locally). */
export interface CdnInvalidator {
  /** Drops cached copies of these paths (`*` at the end matches any suffix, query strings included). */
  invalidate(paths: string[], reference: string): Promise<void>;
}
