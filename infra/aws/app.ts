import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defineVetted } from './vetted.ts';

const app = new App();
defineVetted(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
