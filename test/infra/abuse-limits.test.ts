import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/aws/config.ts';
import { WEB_ACL_ARN_PATTERN } from '../../infra/aws/constructs/cdn.ts';
import { pathRegex, WAF_WINDOW_SECONDS } from '../../infra/aws/constructs/edge-firewall.ts';
import { functions } from '../../infra/resources.ts';
import { ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify.ts';
import { lambdaOf, nagFindings, resourcesOf, type Synthesized, synth } from './synth.ts';

/** The abuse limits in AWS: the edge (CloudFront, WAF, origin verify) and the generation budget. */
const budgeted = synth({
  generationBudgetCallsPerDay: '500',
  generationBudgetTokensPerDay: '2000000',
  generationBudgetFallback: 'local',
});
const unbudgeted = synth();

const budgetAlarms = (stack: Synthesized) =>
  resourcesOf(stack.statelessTemplate, 'AWS::CloudWatch::Alarm')
    .map(([, alarm]) => alarm.Properties)
    .filter((props) => props.MetricName === 'GenerationBudgetUsedPercent');

describe('the generation budget', () => {
  it('reaches the draft generator as GENERATION_BUDGET_CALLS_PER_DAY and _TOKENS_PER_DAY', () => {
    expect(lambdaOf(budgeted, 'generate-draft').env).toMatchObject({
      GENERATION_BUDGET_CALLS_PER_DAY: '500',
      GENERATION_BUDGET_TOKENS_PER_DAY: '2000000',
      GENERATION_BUDGET_FALLBACK: 'local',
    });
    expect(lambdaOf(unbudgeted, 'generate-draft').env).toMatchObject({
      GENERATION_BUDGET_CALLS_PER_DAY: '0',
      GENERATION_BUDGET_TOKENS_PER_DAY: '0',
      GENERATION_BUDGET_FALLBACK: 'wait',
    });
  });

  it('alarms at 80 % and at 100 % of the day’s budget, on the maximum the generator reported', () => {
    const alarms = budgetAlarms(budgeted);
    expect(alarms.map((props) => props.AlarmName).sort()).toEqual([
      'vetted-dev-GenerationBudget100Percent',
      'vetted-dev-GenerationBudget80Percent',
    ]);
    for (const props of alarms) {
      expect(props).toMatchObject({
        Namespace: 'Vetted',
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'service', Value: 'generate-draft' }],
      });
    }
    expect(alarms.map((props) => props.Threshold).sort()).toEqual([100, 80]);
  });

  it('has no budget alarms when the budget is unlimited', () => {
    expect(budgetAlarms(unbudgeted)).toEqual([]);
  });

  it('refuses a budget that is not a whole number, and an unknown fallback', () => {
    const app = new App({ context: { generationBudgetCallsPerDay: '1e3' } });
    expect(() => stageConfig(app.node)).toThrow(/generationBudgetCallsPerDay must be a whole number/);
    const fallback = new App({ context: { generationBudgetFallback: 'bedrock' } });
    expect(() => stageConfig(fallback.node)).toThrow(/generationBudgetFallback must be 'wait' or 'local'/);
  });

  it('stays cdk-nag clean', () => {
    expect(nagFindings(budgeted.app)).toEqual([]);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties, read loosely; the assertions check the shape.
type Loose = any;

const ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/vetted-prod-edge/0f1e2d3c';
const edged = synth({ stage: 'prod', cdn: 'true', rateLimitPerMinute: '30', webAclArn: ACL_ARN });
const edgeTemplate = () => {
  if (!edged.edge) throw new Error('no edge stack with cdn=true');
  return Template.fromStack(edged.edge);
};
const webAcl = () => {
  const [found] = resourcesOf(edgeTemplate(), 'AWS::WAFv2::WebACL');
  if (!found) throw new Error('no web ACL');
  return found[1].Properties as Record<string, Loose>;
};

describe('the edge: CloudFront + WAF + origin verify', () => {
  it('puts the web ACL in a us-east-1 stack of its own, CLOUDFRONT scope, deployed before the distribution', () => {
    expect(edged.edge?.region).toBe('us-east-1');
    expect(webAcl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(edged.stateless.dependencies).toContain(edged.edge);
    expect(synth().edge).toBeUndefined();
  });

  it('limits each client IP to RATE_LIMIT_PER_MINUTE anonymous writes per 60 s, answering 429 with Retry-After', () => {
    const rules = webAcl().Rules as Record<string, Loose>[];
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule?.Statement.RateBasedStatement).toMatchObject({
      Limit: 30,
      EvaluationWindowSec: WAF_WINDOW_SECONDS,
      AggregateKeyType: 'IP',
    });
    expect(rule?.Action.Block.CustomResponse).toMatchObject({
      ResponseCode: 429,
      ResponseHeaders: [{ Name: 'retry-after', Value: '60' }],
    });
    // The scope is exactly the anonymous write routes of the route table, by method and path.
    const scoped = JSON.stringify(rule?.Statement.RateBasedStatement.ScopeDownStatement);
    for (const path of ['/v1/questions', '/v1/articles/{slug}/feedback'])
      expect(scoped).toContain(pathRegex(path));
    expect(scoped).toContain('"SearchString":"POST"');
    expect(scoped).not.toContain('review');
  });

  it('matches route paths exactly in WAF regexes', () => {
    const feedback = new RegExp(pathRegex('/v1/articles/{slug}/feedback'));
    expect(feedback.test('/v1/articles/statins-and-muscle-pain/feedback')).toBe(true);
    expect(feedback.test('/v1/articles/a/b/feedback')).toBe(false);
    expect(new RegExp(pathRegex('/v1/questions')).test('/v1/questions/123')).toBe(false);
  });

  it('uses the default 20, and no rule with the limit off; refuses a limit WAF cannot count', () => {
    const rulesOf = (stack: Synthesized) =>
      resourcesOf(
        Template.fromStack(stack.edge as NonNullable<Synthesized['edge']>),
        'AWS::WAFv2::WebACL',
      )[0]?.[1].Properties.Rules as Record<string, Loose>[];
    expect(rulesOf(synth({ cdn: 'true' }))?.[0]?.Statement.RateBasedStatement.Limit).toBe(20);
    expect(rulesOf(synth({ cdn: 'true', rateLimitPerMinute: '0' }))).toEqual([]);
    expect(() => synth({ cdn: 'true', rateLimitPerMinute: '5' })).toThrow(/below the 10 requests/);
  });

  it('attaches the ACL to the distribution through the EdgeWebAclArn parameter', () => {
    const template = edged.statelessTemplate;
    const parameter = template.toJSON().Parameters.EdgeWebAclArn;
    expect(parameter).toMatchObject({
      Type: 'String',
      Default: ACL_ARN,
      AllowedPattern: WEB_ACL_ARN_PATTERN,
    });
    expect(new RegExp(WEB_ACL_ARN_PATTERN).test(ACL_ARN)).toBe(true);
    const [distribution] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    const config = distribution?.[1].Properties.DistributionConfig as Record<string, Loose>;
    expect(config.WebACLId).toEqual({ Ref: 'EdgeWebAclArn' });
    // Anonymous writes reach the API through the uncached default behaviour.
    expect(config.DefaultCacheBehavior.AllowedMethods).toContain('POST');
  });

  it('sends a generated secret header to the origin, and only the anonymous-write function checks it', () => {
    const template = edged.statelessTemplate;
    const [secret] = resourcesOf(template, 'AWS::SecretsManager::Secret');
    expect(secret?.[1].Properties.GenerateSecretString).toMatchObject({
      ExcludePunctuation: true,
      PasswordLength: 48,
    });
    const [distribution] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    const origins = (distribution?.[1].Properties.DistributionConfig as Record<string, Loose> | undefined)
      ?.Origins;
    const header = origins[0].OriginCustomHeaders.find(
      (h: { HeaderName: string }) => h.HeaderName === ORIGIN_VERIFY_HEADER,
    );
    const resolved = JSON.stringify(header.HeaderValue);
    expect(resolved).toContain('resolve:secretsmanager');
    expect(resolved).toContain(secret?.[0]);
    const checked = Object.keys(functions).filter(
      (name) => lambdaOf(edged, name as keyof typeof functions).env.ORIGIN_VERIFY_SECRET !== undefined,
    );
    expect(checked).toEqual(['questions-api']);
    expect(JSON.stringify(lambdaOf(edged, 'questions-api').env.ORIGIN_VERIFY_SECRET)).toBe(resolved);
    expect(lambdaOf(unbudgeted, 'questions-api').env.ORIGIN_VERIFY_SECRET).toBeUndefined();
  });

  it('stays cdk-nag clean, the edge stack included', () => {
    expect(nagFindings(edged.app)).toEqual([]);
  });
});
