import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** DynamoDB Local's jar needs Java 17 or newer. */
export const MIN_JAVA_MAJOR = 17;

const INSTALL_HINT =
  'Debian/Ubuntu: `sudo apt install openjdk-17-jre-headless` (or openjdk-21-jre-headless); ' +
  'macOS: `brew install openjdk@17`; Windows: `winget install Microsoft.OpenJDK.17`';

export interface JavaVersion {
  major: number;
  /** As Java prints it, such as `17.0.15` or `1.8.0_381`. */
  text: string;
}

/**
 * The version in `java -version`'s output: `openjdk version "17.0.15"`,
 * `java version "1.8.0_381"` (Java 8 and older count as 1.x), `"21-ea"`, `"25"`.
 * Lines before it (`Picked up JAVA_TOOL_OPTIONS: …`) are skipped.
 */
export const parseJavaVersion = (output: string): JavaVersion | undefined => {
  const match = /\bversion "((\d+)(?:\.(\d+))?[^"]*)"/.exec(output);
  if (!match?.[1] || !match[2]) return undefined;
  const first = Number(match[2]);
  const major = first === 1 && match[3] ? Number(match[3]) : first;
  return { major, text: match[1] };
};

export type JavaProbe =
  | { found: false }
  | { found: true; path: string | undefined; version: JavaVersion | undefined; output: string };

/** Where `command` resolves on this PATH, as a shell would find it (undefined when nowhere). */
export const findOnPath = (command: string, path = process.env.PATH ?? ''): string | undefined => {
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.cmd`, command] : [command];
  for (const directory of path.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
};

/** Runs `java -version` the way the runtime will run DynamoDB Local: the first `java` on the PATH. */
export const probeJava = (): Promise<JavaProbe> =>
  new Promise((resolve) => {
    execFile('java', ['-version'], { timeout: 20_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve({ found: false });
      const output = `${stderr}${stdout}`;
      resolve({ found: true, path: findOnPath('java'), version: parseJavaVersion(output), output });
    });
  });

/** The sentence `npm start` prints when this Java cannot run DynamoDB Local; undefined when it can. */
export const javaProblem = (probe: JavaProbe): string | undefined => {
  const needs = `Vetted needs Java ${MIN_JAVA_MAJOR} or newer to run DynamoDB Local`;
  if (!probe.found)
    return `${needs}, and there is no \`java\` on the PATH. Install it (${INSTALL_HINT}) and check that \`java -version\` works.`;
  const which = `the \`java\` on the PATH${probe.path ? ` (${probe.path})` : ''}`;
  if (!probe.version) {
    const said = probe.output
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim();
    return `${needs}, and ${which} did not say its version${said ? ` (it said: ${said})` : ''}. Install Java ${MIN_JAVA_MAJOR} or newer (${INSTALL_HINT}) and check that \`java -version\` works.`;
  }
  if (probe.version.major < MIN_JAVA_MAJOR)
    return `${needs}, and ${which} is Java ${probe.version.major} (${probe.version.text}). Install a newer one (${INSTALL_HINT}) and put it first on the PATH.`;
  return undefined;
};
