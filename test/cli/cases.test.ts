/**
 * Runs every CLI case in test/cases/ (format: test/cases/README.md). Each case's inputs are written
 * to a fresh scratch directory, the command runs in-process there (runAr: NO_COLOR, no AR_AS_OF, no
 * LANG, no TTY), and its stdout must equal the case's exactly, every stderr pattern must match (no
 * pattern: stderr empty) and the exit code must be the case's.
 * `UPDATE_CASES=1 npx vitest run test/cli/cases.test.ts` writes the actual stdout into each case's
 * `>>>` block (exit code and stderr patterns stay the author's); read the diff before committing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CaseError, parseCase, shellWords, withStdout, type Case } from "../helpers/case-file.js";
import { ROOT, runAr } from "../helpers/cli.js";

const CASES = path.join(ROOT, "test/cases");
const scratch = mkdtempSync(path.join(os.tmpdir(), "ar-cases-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = readdirSync(CASES)
  .filter((f) => f.endsWith(".case"))
  .sort();

describe("CLI cases (test/cases/*.case)", () => {
  it("there are cases to run", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    const where = `test/cases/${file}`;
    const text = readFileSync(path.join(CASES, file), "utf8");
    let parsed: Case | Error;
    try {
      parsed = parseCase(text, where);
    } catch (e) {
      parsed = e as Error; // reported by this case's test alone, not by the whole file
    }
    it(`${file}: ${parsed instanceof Error ? "(cannot be read)" : parsed.title}`, async () => {
      if (parsed instanceof Error) throw parsed;
      const c = parsed;
      const dir = path.join(scratch, file.replace(/\.case$/, ""));
      mkdirSync(dir);
      let stdin: string | undefined;
      for (const input of c.inputs) {
        if (input.name === "-") {
          stdin = input.text;
          continue;
        }
        mkdirSync(path.dirname(path.join(dir, input.name)), { recursive: true });
        writeFileSync(path.join(dir, input.name), input.text);
      }
      const r = await runAr(c.args, { cwd: dir, stdin });
      if (process.env.UPDATE_CASES && r.stdout !== c.stdout) writeFileSync(path.join(CASES, file), withStdout(text, c, r.stdout, where));
      else expect(r.stdout, `${where}: stdout`).toBe(c.stdout);
      if (c.stderr.length === 0) expect(r.stderr, `${where}: stderr (the case expects none)`).toBe("");
      for (const pattern of c.stderr) expect(r.stderr, `${where}: stderr`).toMatch(pattern);
      expect(r.code, `${where}: exit code; stderr was:\n${r.stderr}`).toBe(c.exit);
    });
  }
});

describe("the case format", () => {
  const CASE = [
    "# C3 as of 2025-06-30",
    "# 1,000.00 − 400.00 = 600.00",
    "<<< ledger.csv",
    "doc_no,amount",
    "<<< -",
    "x",
    "$ ar age ledger.csv 'two words' --as-of 2025-06-30",
    ">>>",
    "line 1",
    "",
    ">>>2 /warning/i",
    ">>>2 /ledger\\.csv:3:/",
    ">>>= 1",
    "",
  ].join("\n");

  it("reads title, comments, inputs, command, stdout, stderr patterns and exit code", () => {
    const c = parseCase(CASE, "t.case");
    expect(c.title).toBe("C3 as of 2025-06-30");
    expect(c.comments).toEqual(["C3 as of 2025-06-30", "1,000.00 − 400.00 = 600.00"]);
    expect(c.inputs).toEqual([
      { name: "ledger.csv", text: "doc_no,amount\n" },
      { name: "-", text: "x\n" },
    ]);
    expect(c.args).toEqual(["age", "ledger.csv", "two words", "--as-of", "2025-06-30"]);
    expect(c.stdout).toBe("line 1\n\n");
    expect(c.stderr.map(String)).toEqual(["/warning/i", "/ledger\\.csv:3:/"]);
    expect(c.exit).toBe(1);
  });

  it("writes a new stdout into the >>> block and nowhere else", () => {
    const c = parseCase(CASE, "t.case");
    const updated = withStdout(CASE, c, "a\nb\n", "t.case");
    expect(parseCase(updated, "t.case")).toMatchObject({ stdout: "a\nb\n", exit: 1, args: c.args, inputs: c.inputs });
    expect(updated.replace("a\nb\n", "line 1\n\n")).toBe(CASE);
    expect(parseCase(withStdout(CASE, c, "", "t.case"), "t.case").stdout).toBe("");
  });

  it("names the line of a malformed case", () => {
    const bad = (text: string) => () => parseCase(text, "t.case");
    expect(bad("<<< a.csv\n$ ar age\n>>>\n>>>2\n>>>= 0\n")).toThrow(/t\.case: a case opens with a # comment/);
    expect(bad("# x\n$ ar age\n>>>\n>>>= 0\n")).toThrow(/t\.case:4: expected ">>>2/);
    expect(bad("# x\n$ ar age\n>>>\n>>>2\n")).toThrow(/t\.case:5: expected ">>>= CODE"/);
    expect(bad("# x\n$ ar age\n>>>\n>>>2 warning\n>>>= 0\n")).toThrow(/t\.case:4: write the stderr pattern as \/regex\//);
    expect(bad("# x\n$ hledger bal\n>>>\n>>>2\n>>>= 0\n")).toThrow(/t\.case:2: the command must start with "ar"/);
    expect(bad("# x\n<<< ../a.csv\n$ ar age\n>>>\n>>>2\n>>>= 0\n")).toThrow(/t\.case:2: input \.\.\/a\.csv: give a path inside/);
    expect(bad("# x\n$ ar age\n>>>\n>>>2\n>>>= 0\nmore\n")).toThrow(/t\.case:6: nothing may follow/);
    expect(bad("# x\r\n$ ar age\n")).toThrow(CaseError);
  });

  it("splits a command line like a shell, quotes without escapes", () => {
    expect(shellWords(`ar fees  a.csv --map 'amount=Open Balance' "x y"z`, "w")).toEqual(["ar", "fees", "a.csv", "--map", "amount=Open Balance", "x yz"]);
    expect(shellWords(`ar ''`, "w")).toEqual(["ar", ""]);
    expect(() => shellWords(`ar 'x`, "w")).toThrow(/w: unterminated ' quote/);
  });
});
