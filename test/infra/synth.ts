import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { functionPhysicalName } from '../../infra/aws/naming.ts';
import { defineVetted, type VettedStacks } from '../../infra/aws/vetted.ts';
import type { FunctionName } from '../../infra/resources.ts';

export interface Synthesized extends VettedStacks {
  readonly app: App;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Synthesizes the whole app for a stage without bundling the functions
 * (`aws:cdk:bundling-stacks: []` makes NodejsFunction skip esbuild), so a
 * test file pays about a second per stage.
 */
export function synth(context: Record<string, string> = {}): Synthesized {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stacks = defineVetted(app);
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
}

/** cdk-nag AwsSolutions findings that are neither fixed nor acknowledged. */
export function nagFindings(app: App) {
  return new AwsSolutionsChecks(app).validateScope(app).violations.map((violation) => ({
    rule: violation.ruleName,
    severity: violation.severity,
    resources: violation.violatingResources.map((resource) => resource.constructPath),
  }));
}

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }
>;

/** Every resource of a type, as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string) {
  return Object.entries(template.findResources(type) as Resources);
}

/** The logical id a CFN `Ref`, `Fn::GetAtt` or a cross-stack `Fn::ImportValue` export name points at. */
export function referencedId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  const imported = record['Fn::ImportValue'];
  if (typeof imported === 'string') return imported;
  return undefined;
}

export interface IamStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const actionsOf = (statement: IamStatement): string[] => [statement.Action].flat();
export const resourcesOfStatement = (statement: IamStatement): unknown[] => [statement.Resource].flat();

/**
 * A function of the resource description in a synthesized stack: its logical
 * id, properties, environment and the statements of its role's policies.
 */
export function lambdaOf(stack: Synthesized, name: FunctionName) {
  const template = stack.statelessTemplate;
  const found = resourcesOf(template, 'AWS::Lambda::Function').find(
    ([, fn]) => fn.Properties.FunctionName === functionPhysicalName(name, stack.config.stage),
  );
  if (!found) throw new Error(`no function ${name}`);
  const [id, { Properties: properties }] = found;
  const env =
    (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const roleId = referencedId(properties.Role);
  if (!roleId) throw new Error(`function ${name} has no role of this stack`);
  const statements = resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as unknown[]).some((role) => referencedId(role) === roleId),
    )
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: IamStatement[] }).Statement);
  return { id, properties, env, statements };
}

/** The logical id of the one resource of a type that matches. */
export function logicalIdOf(
  template: Template,
  type: string,
  matches: (id: string, properties: Record<string, unknown>) => boolean,
): string {
  const found = resourcesOf(template, type).filter(([id, resource]) => matches(id, resource.Properties));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return (found[0] as [string, unknown])[0];
}
