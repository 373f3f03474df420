import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/aws/config.ts';
import { lambdaOf, nagFindings, resourcesOf, type Synthesized, synth } from './synth.ts';

/** The abuse limits in AWS: the generation budget's settings and alarms. */
const budgeted = synth({ generationBudgetCallsPerDay: '500', generationBudgetTokensPerDay: '2000000' });
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
    });
    expect(lambdaOf(unbudgeted, 'generate-draft').env).toMatchObject({
      GENERATION_BUDGET_CALLS_PER_DAY: '0',
      GENERATION_BUDGET_TOKENS_PER_DAY: '0',
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

  it('refuses a budget that is not a whole number', () => {
    const app = new App({ context: { generationBudgetCallsPerDay: '1e3' } });
    expect(() => stageConfig(app.node)).toThrow(/generationBudgetCallsPerDay must be a whole number/);
  });

  it('stays cdk-nag clean', () => {
    expect(nagFindings(budgeted.app)).toEqual([]);
  });
});
