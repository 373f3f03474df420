import { Duration, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Role } from '../../../shared/http/routes.ts';
import type { StageConfig } from '../config.ts';

/** Every role of the route table becomes a Cognito group (the token's `cognito:groups` claim). */
export const ROLES = ['reviewer', 'editor', 'admin'] as const satisfies readonly Role[];
// Compile-time check: a role added to the route table without a group here fails `tsc`.
const everyRoleHasAGroup: Exclude<Role, (typeof ROLES)[number]> extends never ? true : never = true;
void everyRoleHasAGroup;

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  reviewer: 'Advisory board: reads the review queue and approves, rejects or requests changes',
  editor: 'Submits edited revisions of a draft (which then go to review)',
  admin: 'Retries failed questions and retracts published articles',
};

/**
 * The reviewers' directory: an admin-provisioned Cognito user pool (no self
 * sign-up, strong passwords, TOTP MFA required, Plus-tier threat protection),
 * one group per role, and the app client whose id is the JWT audience.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly groups: Record<Role, UserPoolGroup>;
  /** The hosted UI the reviewer console signs people in through. */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `vetted-${config.stage}-reviewers`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    this.groups = Object.fromEntries(
      ROLES.map((role, precedence) => [
        role,
        new UserPoolGroup(this, `Group-${role}`, {
          userPool: this.userPool,
          groupName: role,
          description: GROUP_DESCRIPTIONS[role],
          precedence,
        }),
      ]),
    ) as Record<Role, UserPoolGroup>;
    this.client = this.userPool.addClient('AppClient', {
      userPoolClientName: `vetted-${config.stage}-review-app`,
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
    });
    // Cognito prefixes are unique per region across accounts: the account id keeps this one ours.
    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: `vetted-${config.stage}-${Stack.of(this).account}` },
    });
  }

  /** The issuer API Gateway and the review function verify tokens against. */
  get issuer(): string {
    return `https://${this.userPool.userPoolProviderUrl}`;
  }
}
