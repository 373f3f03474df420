import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import { EdgeFirewall } from './constructs/edge-firewall.ts';

/** CloudFront-scope WAF resources exist only in us-east-1, whatever region the rest is in. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * The edge's web ACL, in us-east-1 (with `cdn=true`). Deploy it first; the stateless stack's
 * distribution takes its ARN as the `EdgeWebAclArn` parameter (or `--context webAclArn=`), so the
 * two regions never need a cross-region reference.
 */
export class EdgeStack extends Stack {
  readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.firewall = new EdgeFirewall(this, 'Firewall', { config: props.config });
    new CfnOutput(this, 'WebAclArn', {
      value: this.firewall.webAcl.attrArn,
      description: 'Pass to the stateless stack: --parameters EdgeWebAclArn=<this> (or --context webAclArn=)',
    });
  }
}
