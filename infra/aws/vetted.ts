import type { App } from 'aws-cdk-lib';
import { type StageConfig, stageConfig } from './config.ts';
import { EDGE_REGION, EdgeStack } from './edge-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface VettedStacks {
  readonly config: StageConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** With `cdn=true`: the WAF web ACL, in us-east-1. */
  readonly edge: EdgeStack | undefined;
}

/** Both stacks for the stage named in context, wired by props. */
export function defineVetted(app: App): VettedStacks {
  const config = stageConfig(app.node);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `Vetted-${config.stage}`;
  const tags = { project: 'vetted', stage: config.stage };
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    config,
    tags,
    description: `Vetted ${config.stage}: tables, queues, event bus, library bucket, user pool`,
    terminationProtection: config.deletionProtection,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    env,
    config,
    tags,
    description: `Vetted ${config.stage}: functions, HTTP API, schedule, monitoring`,
    tables: stateful.data.tables,
    queues: stateful.queues.queues,
    bus: stateful.bus.bus,
    auth: stateful.auth,
    library: stateful.library.library,
  });
  const edge = config.cdn
    ? new EdgeStack(app, `${prefix}-Edge`, {
        env: { account: env.account, region: EDGE_REGION },
        config,
        tags,
        description: `Vetted ${config.stage}: the CloudFront-scope WAF web ACL (per-client limits)`,
        terminationProtection: config.deletionProtection,
      })
    : undefined;
  // Deployed first, so its WebAclArn output exists when the distribution is created.
  if (edge) stateless.addStackDependency(edge);
  return { config, stateful, stateless, edge };
}
