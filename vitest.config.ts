import { defineConfig } from 'vitest/config';

const env = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_DEV: 'false',
};

/** Every response the suite receives from a Vetted API is checked against the OpenAPI document. */
const contractCheck = {
  setupFiles: ['test/support/contract-setup.ts'],
  globalSetup: ['test/support/contract-global.ts'],
};

/**
 * Four projects: `unit` (pure code, fakes at the ports at most),
 * `integration` (real wire protocol to DynamoDB Local and the SQS emulator
 * of an in-process local runtime), `e2e` (HTTP against a started
 * `npm start`), `infra` (CDK assertions and cdk-nag), `browser` (the reviewer
 * console in Debian's Chromium against a local runtime). Sized for 2 cores.
 */
export default defineConfig({
  test: {
    env,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...contractCheck,
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          ...contractCheck,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
