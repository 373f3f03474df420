import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import {
  type FunctionName,
  objectEvents,
  outboxRelay,
  queues,
  RECONCILE_INTERVAL_SECONDS,
} from '../resources.ts';
import type { StageConfig } from './config.ts';
import { Api } from './constructs/api.ts';
import type { Auth } from './constructs/auth.ts';
import { Cdn } from './constructs/cdn.ts';
import { ConsoleSignIn } from './constructs/console.ts';
import type { DataTables } from './constructs/data.ts';
import { PipelineFunctions } from './constructs/functions.ts';
import { type DataBucket, LibraryImports } from './constructs/library.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { OutboxRelay } from './constructs/outbox.ts';
import type { WorkQueues } from './constructs/queues.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly tables: DataTables;
  readonly queues: WorkQueues;
  readonly bus: IEventBus;
  readonly auth: Auth;
  readonly library: DataBucket;
}

/** The function that loads library files put under the bucket's imports/ prefix. */
export const LIBRARY_LOADER: FunctionName = objectEvents.libraryImports.target;

/** The function that re-drives lost follow-up messages on a schedule. */
export const RECONCILER: FunctionName = 'reconcile';

/**
 * Invokes the function's unqualified ARN, so the scheduler's role gets
 * `lambda:InvokeFunction` on exactly that ARN (the stock target also grants
 * `<arn>:*`, every version and alias).
 */
class InvokeFunction extends LambdaInvoke {
  constructor(private readonly target: IFunction) {
    super(target, { retryAttempts: 0 });
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.target.functionArn] }),
    );
  }
}

/**
 * What can be redeployed at will: the functions, the HTTP API, the
 * reconciler's schedule, the library import rule (and its DLQ), the outbox
 * relay's stream event source (and its DLQ), monitoring
 * and the optional CDN. Everything it
 * knows about the stateful resources arrives through props.
 */
export class StatelessStack extends Stack {
  readonly functions: PipelineFunctions;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly libraryImports: LibraryImports;
  readonly outboxRelay: OutboxRelay;
  readonly cdn: Cdn | undefined;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Strong (Export/ImportValue) on purpose: the stateful stack cannot lose a table, queue or
    // user pool that deployed functions still use.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config } = props;
    // The console's client redirects to the API's own URL, known once the API exists (resolved at synth).
    const consoleSignIn = new ConsoleSignIn(this, 'ConsoleSignIn', {
      config,
      userPool: props.auth.userPool,
      domain: props.auth.domain,
      consoleUrl: () => `${this.api.url}console`,
    });
    const auth = {
      issuer: props.auth.issuer,
      audiences: [props.auth.client.userPoolClientId, consoleSignIn.client.userPoolClientId],
    };
    this.functions = new PipelineFunctions(this, 'Functions', {
      config,
      tables: props.tables,
      queues: props.queues,
      bus: props.bus,
      buckets: { libraryIndex: props.library },
      auth,
    });
    const fns = this.functions.functions;
    consoleSignIn.configure(fns.console);
    this.api = new Api(this, 'Api', { config, functions: fns, auth });

    new Schedule(this, 'ReconcileSchedule', {
      description: 'Re-drive work whose follow-up message was lost',
      schedule: ScheduleExpression.rate(Duration.seconds(RECONCILE_INTERVAL_SECONDS)),
      target: new InvokeFunction(fns[RECONCILER]),
    });

    // On the default bus, where S3 sends its events; the loader is in this stack, so no cycle.
    this.libraryImports = new LibraryImports(this, 'LibraryImports', {
      config,
      bucket: props.library,
      loader: fns[LIBRARY_LOADER],
    });

    // The outbox table's stream to the bus (the events of every state change).
    this.outboxRelay = new OutboxRelay(this, 'OutboxRelay', {
      config,
      outbox: props.tables[outboxRelay.table].table,
      relay: fns[outboxRelay.consumer],
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      functions: fns,
      queues: props.queues,
      libraryImports: this.libraryImports,
      outboxRelay: this.outboxRelay,
      httpApi: this.api.httpApi,
    });
    this.cdn = config.cdn
      ? new Cdn(this, 'Cdn', { httpApi: this.api.httpApi, webAclArn: config.webAclArn })
      : undefined;
    // The anonymous writes (asking, reader feedback) come only through the CDN and its WAF rule.
    this.cdn?.requireOriginVerifyOn(fns['questions-api']);
    // The article.retracted consumer drops a retracted article's cached copies.
    this.cdn?.allowInvalidationBy(fns[queues.articleChanges.consumer]);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.api.url}console` });
    new CfnOutput(this, 'JwtIssuer', { value: auth.issuer });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    if (this.cdn)
      new CfnOutput(this, 'CdnUrl', { value: `https://${this.cdn.distribution.distributionDomainName}` });

    Validations.of(this.functions).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: it is the LTS line the code is built and tested for (esbuild target node22); moving to a newer runtime is a deliberate, tested change.',
    });
  }
}
