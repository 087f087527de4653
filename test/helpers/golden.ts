/**
 * Golden files: a command's whole result compared with a stored file. Every golden of a command's
 * output records its exit code and standard error before its standard output, so a case whose
 * output is right but whose exit code or warnings changed still fails:
 *   # exit 0
 *   # stderr
 *   …stderr, as written…
 *   # stdout
 *   …stdout, as written…
 * A file the command writes beside its streams (an iCalendar file, a PDF's text) is stored as it is
 * with `expectGoldenFile`; the test that makes it checks the run's exit code and stderr itself.
 *
 * Names are paths under test/golden/. `UPDATE_GOLDEN=1 npx vitest run FILE` rewrites them; review the
 * diff before committing. A missing file is written on a first run, except under CI, where it fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { ROOT, type CliResult } from "./cli.js";

export const GOLDEN = path.join(ROOT, "test/golden");

/** The stored form of a command's result: exit code, stderr, stdout. */
export function goldenText(result: CliResult): string {
  return `# exit ${result.code}\n# stderr\n${result.stderr}# stdout\n${result.stdout}`;
}

/** Compares a command's exit code, stderr and stdout with test/golden/NAME. */
export function expectGolden(name: string, result: CliResult): void {
  compareStored(name, goldenText(result));
}

/** Compares a file a command wrote (not its streams) with test/golden/NAME. */
export function expectGoldenFile(name: string, text: string): void {
  compareStored(name, text);
}

function compareStored(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and check it by hand`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual, `test/golden/${name}`).toBe(readFileSync(file, "utf8"));
}
