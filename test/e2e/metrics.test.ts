import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '../../shared/ports/business-metrics.ts';
import { type StartedProcess, startVettedProcess } from '../support/process.ts';
import { eventually, readJson } from '../support/runtime.ts';

const run = promisify(execFile);
const START_TIMEOUT_MS = 150_000;

interface EmfLine {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** The CloudWatch Embedded Metric Format lines among a process's stdout lines. */
const emfLines = (stdout: string): EmfLine[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfLine);

/** Powertools log lines (JSON with a level and a message) among a process's stdout lines. */
const logLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"level"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Each metric with its value, unit and dimension values, as CloudWatch reads an EMF line. */
const metricsOf = (lines: EmfLine[]) =>
  lines.flatMap((line) =>
    line._aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        unit: metric.Unit,
        value: line[metric.Name],
        dimensions: Object.fromEntries((directive.Dimensions[0] ?? []).map((key) => [key, line[key]])),
      })),
    ),
  );

describe('business metrics and correlation ids on `npm start`', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vetted-e2e-metrics-'));
  let started: StartedProcess | undefined;
  afterAll(async () => {
    await started?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ask → draft → approve → publish writes EMF lines with the expected names, units and dimensions, and logs that carry the question id', async () => {
    started = await startVettedProcess(
      {
        VETTED_DATA_DIR: dataDir,
        VETTED_STORAGE: 'memory',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      // DynamoDB Local's start is slow on a loaded 2-core machine.
      START_TIMEOUT_MS,
    );
    const api = started.url;
    const ask = (question: string, idempotencyKey: string) =>
      fetch(`${api}/v1/questions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ question, audience: 'clinician' }),
      });
    const asked = await ask('Should adults get a flu vaccine every year?', 'metrics-flu');
    expect(asked.status).toBe(202);
    const { id } = await readJson(asked);
    // A client's retry replays the first answer: the question is not counted twice.
    expect((await ask('Should adults get a flu vaccine every year?', 'metrics-flu')).status).toBe(202);
    // Outside the reference library: drafted, flagged and refused.
    const offLibrary = await ask(
      'Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma?',
      'metrics-off',
    );
    expect(offLibrary.status).toBe(202);
    const refusedId = (await readJson(offLibrary)).id;
    await eventually(async () => {
      const question = await readJson(await fetch(`${api}/v1/questions/${refusedId}`));
      return question.status === 'in_review' ? question : undefined;
    });
    await eventually(async () => {
      const question = await readJson(await fetch(`${api}/v1/questions/${id}`));
      return question.status === 'in_review' ? question : undefined;
    });
    const { stdout: token } = await run(
      'npm',
      ['run', '--silent', 'token', '--', '--role', 'reviewer', '--user', 'alice'],
      { env: { ...process.env, VETTED_DATA_DIR: dataDir } },
    );
    const decided = await fetch(`${api}/v1/review/questions/${id}/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.trim()}` },
      body: JSON.stringify({ revision: 1, decision: 'approve' }),
    });
    expect(decided.status).toBe(201);
    await eventually(async () => {
      const question = await readJson(await fetch(`${api}/v1/questions/${id}`));
      return question.status === 'published' ? question : undefined;
    });
    // The publication's metrics are flushed when its batch returns, just after the status changed.
    const current = started;
    // Publication flushes its metrics when its batch returns; the link worker runs on the event after.
    const { metrics, logs } = await eventually(async () => {
      const stdout = current.stdout();
      const found = metricsOf(emfLines(stdout));
      const lines = logLines(stdout);
      const published = found.some((metric) => metric.name === 'ApprovalToPublicationSeconds');
      const loggedBy = (service: string, questionId: string) =>
        lines.some((line) => line.service === service && line.correlation_id === questionId);
      // Each worker logs once it has handled its message, just after the state the test waited on.
      const settled =
        loggedBy('propagate-article', id) &&
        loggedBy('generate-draft', id) &&
        loggedBy('generate-draft', refusedId);
      return published && settled ? { metrics: found, logs: lines } : undefined;
    });

    /** The metric's total over every EMF line that carries it, each with the expected unit and dimensions. */
    const expectMetric = (name: string, unit: string, dimensions: Record<string, string>) => {
      const found = metrics.filter((candidate) => candidate.name === name);
      expect(found.length, `${name} in ${JSON.stringify(metrics)}`).toBeGreaterThan(0);
      for (const metric of found) {
        expect(metric.namespace).toBe(METRICS_NAMESPACE);
        expect(metric.unit).toBe(unit);
        expect(metric.dimensions).toEqual(dimensions);
      }
      return found.reduce((total, metric) => total + (metric.value as number), 0);
    };
    expect(expectMetric('QuestionsAsked', 'Count', { service: 'questions-api' })).toBe(2);
    expect(expectMetric('DraftsGenerated', 'Count', { service: 'generate-draft' })).toBe(1);
    expect(expectMetric('DraftsRefused', 'Count', { service: 'generate-draft' })).toBe(1);
    expect(
      expectMetric('AskToReviewSeconds', 'Seconds', { service: 'generate-draft' }),
    ).toBeGreaterThanOrEqual(0);
    expect(expectMetric('ReviewDecisions', 'Count', { service: 'review-api', decision: 'approve' })).toBe(1);
    expect(expectMetric('Publications', 'Count', { service: 'publish-article' })).toBe(1);
    expect(
      expectMetric('ApprovalToPublicationSeconds', 'Seconds', { service: 'publish-article' }),
    ).toBeGreaterThanOrEqual(0);
    expect(metrics.filter((metric) => metric.name === 'DraftsFailed')).toEqual([]);

    // The question id is the correlation id of every function's log lines about it: the HTTP API,
    // the draft worker (SQS), the review API, the publisher and the link worker (EventBridge → SQS).
    const servicesAbout = (questionId: string) =>
      new Set(logs.filter((line) => line.correlation_id === questionId).map((line) => line.service));
    expect([...servicesAbout(id)].sort()).toEqual([
      'generate-draft',
      'propagate-article',
      'publish-article',
      'questions-api',
      'review-api',
    ]);
    expect([...servicesAbout(refusedId)].sort()).toEqual(['generate-draft', 'questions-api']);
    // Each worker line carries its own message's question, even when a batch held both questions.
    for (const line of logs.filter((candidate) => candidate.message === 'Draft request handled')) {
      expect(line.correlation_id).toBe(line.questionId);
    }
  }, 300_000);
});
