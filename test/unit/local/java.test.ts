import { describe, expect, it } from 'vitest';
import { javaProblem, parseJavaVersion } from '../../../infra/local/java.ts';

describe('parseJavaVersion', () => {
  it.each([
    [
      'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
      17,
      '17.0.15',
    ],
    ['openjdk version "21.0.4" 2024-07-16 LTS', 21, '21.0.4'],
    ['openjdk version "25" 2025-09-16', 25, '25'],
    ['openjdk version "22-ea" 2024-03-19', 22, '22-ea'],
    ['java version "1.8.0_381"\nJava(TM) SE Runtime Environment (build 1.8.0_381-b09)', 8, '1.8.0_381'],
    ['java version "11.0.22" 2024-01-16 LTS', 11, '11.0.22'],
    [
      'Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF8\nopenjdk version "17.0.8.1" 2023-08-24',
      17,
      '17.0.8.1',
    ],
  ])('reads %j as Java %i', (output, major, text) => {
    expect(parseJavaVersion(output)).toEqual({ major, text });
  });

  it('finds no version where Java printed none', () => {
    expect(
      parseJavaVersion('The operation couldn’t be completed. Unable to locate a Java Runtime.'),
    ).toBeUndefined();
    expect(parseJavaVersion('')).toBeUndefined();
  });
});

describe('javaProblem', () => {
  const found = (output: string) =>
    ({ found: true, path: '/usr/bin/java', version: parseJavaVersion(output), output }) as const;

  it('is nothing for Java 17 and newer', () => {
    expect(javaProblem(found('openjdk version "17.0.15"'))).toBeUndefined();
    expect(javaProblem(found('openjdk version "25"'))).toBeUndefined();
  });

  it('names the packages to install when there is no java', () => {
    const problem = javaProblem({ found: false });
    expect(problem).toMatch(
      /^Vetted needs Java 17 or newer to run DynamoDB Local, and there is no `java` on the PATH\./,
    );
    expect(problem).toContain('sudo apt install openjdk-17-jre-headless');
    expect(problem).toContain('brew install openjdk@17');
    expect(problem).toContain('winget install Microsoft.OpenJDK.17');
  });

  it('names the old version and where it is', () => {
    expect(javaProblem(found('java version "1.8.0_381"'))).toMatch(
      /the `java` on the PATH \(\/usr\/bin\/java\) is Java 8 \(1\.8\.0_381\)\. Install a newer one/,
    );
    expect(javaProblem(found('openjdk version "16.0.2"'))).toContain('is Java 16 (16.0.2)');
  });

  it('quotes a java that does not say its version (the macOS stub without a JDK)', () => {
    expect(
      javaProblem(found('The operation couldn’t be completed. Unable to locate a Java Runtime.\n')),
    ).toContain(
      'did not say its version (it said: The operation couldn’t be completed. Unable to locate a Java Runtime.)',
    );
  });
});
