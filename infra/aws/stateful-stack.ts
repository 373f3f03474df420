import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.ts';
import { Auth } from './constructs/auth.ts';
import { Bus } from './constructs/bus.ts';
import { Data } from './constructs/data.ts';
import { LibraryBucket } from './constructs/library.ts';
import { Queues } from './constructs/queues.ts';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * What outlives a deployment: tables, queues and their DLQs, the event bus
 * with its archive and routing rules, the library bucket (imports and index
 * versions) and the reviewers' user pool.
 * Retained and deletion-protected in prod.
 */
export class StatefulStack extends Stack {
  readonly data: Data;
  readonly queues: Queues;
  readonly bus: Bus;
  readonly auth: Auth;
  readonly library: LibraryBucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.data = new Data(this, 'Data', { config });
    this.queues = new Queues(this, 'Queues', { config });
    this.bus = new Bus(this, 'Events', { config, queues: this.queues.queues });
    this.auth = new Auth(this, 'Auth', { config });
    this.library = new LibraryBucket(this, 'Library', { config });

    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'EventBusName', { value: this.bus.bus.eventBusName });
    new CfnOutput(this, 'LibraryBucketName', { value: this.library.library.bucket.bucketName });
  }
}
