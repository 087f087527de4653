/**
 * Golden files: a case's whole stdout (and stderr, exit code) is compared with a stored file.
 * `UPDATE_GOLDEN=1 npm test` rewrites them; review the diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { ROOT, type CliResult } from "./cli.js";

export function expectGolden(name: string, result: CliResult): void {
  const file = path.join(ROOT, "test/golden", name);
  const actual = `# exit ${result.code}\n# stderr\n${result.stderr}# stdout\n${result.stdout}`;
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`golden file ${name} is missing`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
