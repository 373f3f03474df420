/**
 * What `npm start` prints once it is ready. The first line stays exactly
 * `Vetted listening on <url>`: scripts and tests parse it. The rest is for a
 * newcomer: how to ask, how to review, where the API is described.
 */
export const readyMessage = (url: string, dataDirVariable: string | undefined): string => {
  const tokenEnv = dataDirVariable ? `VETTED_DATA_DIR=${dataDirVariable} ` : '';
  return [
    `Vetted listening on ${url}`,
    '',
    'Next steps:',
    '  Ask a question:',
    `    curl -si -X POST ${url}/v1/questions -H 'content-type: application/json' \\`,
    `      -d '{"question":"How should I measure my blood pressure at home?"}'`,
    '  Get a reviewer token and see the review queue:',
    `    TOKEN=$(${tokenEnv}npm run --silent token -- --role reviewer)`,
    `    curl -s ${url}/v1/review/queue -H "authorization: Bearer $TOKEN"`,
    `  The API, as OpenAPI 3.1: ${url}/openapi.json`,
    '  Something odd? `npm run doctor` says what this machine has. Ctrl-C stops Vetted.',
  ].join('\n');
};
