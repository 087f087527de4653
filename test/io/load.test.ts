/**
 * loadBook returns the book and its problems and prints nothing; the problem printer and the JSON
 * `rejected` view are the one format of every diagnostic; settings have one set of defaults;
 * a hostile config ends with a clear message.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { agingOptions, customerRates, minItemUnits, settledAt } from "../../src/engine/book.js";
import { callSettingsOf, DEFAULT_CALL_SETTINGS } from "../../src/engine/calls.js";
import { parseIsoDate } from "../../src/engine/dates.js";
import { generalProblem, rejectedRow, warningAt } from "../../src/engine/problem.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { ConfigError, defaultConfig, loadConfig, parseConfig } from "../../src/io/config.js";
import { loadBook, LoadError } from "../../src/io/load.js";
import { problemLine, rejectedJson, strictSummary } from "../../src/io/problems.js";
import { runAr } from "../helpers/cli.js";

const AS_OF = parseIsoDate("2025-06-30")!;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-load-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const LEDGER = [
  "customer_id,customer_name,doc_type,doc_no,doc_date,due_date,amount,applies_to",
  "C1,One Ltd,invoice,I1,2025-03-01,2025-03-31,1000.00,",
  "C1,One Ltd,invoice,I2,2025-04-01,,oops,",
  "C1,One Ltd,payment,P1,2025-04-10,,400.00,NOPE",
  "C2,Two Ltd,invoice,I3,2025-05-01,2025-04-01,500.00,",
].join("\n");

describe("loadBook", () => {
  it("returns the book and every problem in order, and writes nothing to stdout or stderr", async () => {
    const dir = folder({ "l.csv": LEDGER, "c.csv": "customer_id,customer_name,late_fee_rate\nC1,One,0.001\nC2,Two,bad\n" });
    const out = vi.spyOn(process.stdout, "write");
    const err = vi.spyOn(process.stderr, "write");
    const { book, problems, rows } = await loadBook({ ledgers: ["l.csv"], customers: "c.csv" }, { cwd: dir, stdin: Readable.from([]), asOf: AS_OF, settings: defaultSettings() });
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    out.mockRestore();
    err.mockRestore();
    expect(rows).toBe(4);
    expect(book.ledger.count).toBe(3);
    expect(problems.map((p) => [p.place && `${p.place.file}:${p.place.line}`, p.severity, p.code])).toEqual([
      ["c.csv:3", "error", "customers.rejected"],
      ["l.csv:3", "error", "row.rejected"],
      ["l.csv:5", "warning", "row.due_before_doc"],
      ["l.csv:4", "warning", "applies_to.orphan"],
    ]);
    // One owner each for the rate map, the minimum in units and the shared aging options.
    expect([...customerRates(book)].map(([id, r]) => `${id}=${r.toString()}`)).toEqual(["C1=0.001"]);
    expect(minItemUnits(book)).toBe(1n);
    expect(agingOptions(book)).toMatchObject({ basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 } });
    // Other dates: settled once, then remembered.
    const march = settledAt(book, parseIsoDate("2025-03-31")!);
    expect(settledAt(book, parseIsoDate("2025-03-31")!)).toBe(march);
    expect(march.outstanding.get(0)).toBe(100000n);
  });

  it("usage errors are thrown as LoadError (the command makes them exit 2)", async () => {
    const dir = folder({});
    const options = { cwd: dir, stdin: Readable.from([]), asOf: AS_OF, settings: defaultSettings() };
    await expect(loadBook({ ledgers: [] }, options)).rejects.toThrow(LoadError);
    await expect(loadBook({ ledgers: ["-", "-"] }, options)).rejects.toThrow("standard input (-) can be read only once");
    await expect(loadBook({ ledgers: ["missing.csv"] }, options)).rejects.toThrow(LoadError);
  });
});

describe("the problem printer and the JSON view", () => {
  it("one line per problem: rejected rows, warnings, notes; control characters escaped", () => {
    expect(problemLine(rejectedRow("a.csv", 3, "amount: \"x\u0007\" is not an amount"))).toBe('a.csv:3: amount: "x\\x07" is not an amount');
    expect(problemLine(warningAt("a.csv", 4, "due date before doc date", "row.due_before_doc"))).toBe("a.csv:4: warning: due date before doc date");
    expect(problemLine(generalProblem("note", "ledger.note", "a.csv: empty file, no rows"))).toBe("ar: note: a.csv: empty file, no rows");
    expect(problemLine(generalProblem("warning", "events.note", "x"))).toBe("ar: warning: x");
    expect(problemLine({ place: { file: "b.xlsx", line: 7, sheet: "AR" }, severity: "error", code: "row.rejected", message: "m" })).toBe("b.xlsx:AR!7: m");
  });
  it("JSON rejected carries the rejected rows only, {file, line, reason} in SPEC's order", () => {
    const json = rejectedJson([rejectedRow("a.csv", 3, "bad"), warningAt("a.csv", 4, "w", "x"), generalProblem("note", "n", "n")]);
    expect(JSON.stringify(json)).toBe('[{"file":"a.csv","line":3,"reason":"bad"}]');
  });
  it("the --strict summary is wholly in one language", () => {
    expect(strictSummary("en", 2)).toBe("ar: --strict: 2 row(s) rejected; no report written");
    expect(strictSummary("zh", 2)).toBe("ar: --strict: 2 行被拒绝，未写出报表");
  });
  it("under --lang zh every diagnostic line is wholly English or wholly Chinese", async () => {
    const dir = folder({ "l.csv": LEDGER });
    const r = await runAr(["age", "l.csv", "--as-of", "2025-06-30", "--lang", "zh", "--strict"], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toEqual([
      'l.csv:3: amount "oops" is not a number',
      "l.csv:5: warning: due date 2025-04-01 is before doc date 2025-05-01",
      'l.csv:4: warning: applies_to "NOPE" names no invoice of this customer dated on or before as-of: the amount is unapplied credit',
      "ar: --strict: 1 行被拒绝，未写出报表",
    ]);
    const cjk = /[\u4e00-\u9fff]/;
    for (const line of lines) {
      const words = line.replace(/^ar: --strict: \d+ /, "");
      expect(cjk.test(words) ? !/[a-z]{3,}/i.test(words) : true, line).toBe(true);
    }
  });
});

describe("settings: one set of defaults", () => {
  it("the config's defaults are the settings' defaults, and the planners' too", () => {
    const s = defaultSettings();
    expect(defaultConfig()).toEqual(s);
    expect(parseConfig("{}", "c.json")).toEqual({ ...s, source: "c.json" });
    expect(s.tiers).toEqual({ b: 31, c: 91 });
    expect(s.buckets).toEqual([30, 60, 90]);
    expect(s.minAmount.toString()).toBe("0.01");
    expect(s.fees.rate.toString()).toBe("0.003");
    expect(s.limitation).toEqual({ years: 3, warnDays: 180 });
    expect(DEFAULT_CALL_SETTINGS).toEqual(callSettingsOf(s));
    expect(DEFAULT_CALL_SETTINGS).toMatchObject({ weekdays: [2, 3, 4], windowStart: 600, windowEnd: 660, perHour: 8, dueSoonDays: 7 });
    // A fresh copy each time: a command changing its copy changes no other.
    s.tiers.b = 5;
    expect(defaultSettings().tiers.b).toBe(31);
  });
});

describe("a hostile config", () => {
  it("100,000 nested arrays: exit 2 with a clear message, no stack overflow, no trace", async () => {
    const dir = folder({ "l.csv": LEDGER, "deep.json": "[".repeat(100000) + "]".repeat(100000) });
    expect(() => loadConfig("deep.json", dir)).toThrow(ConfigError);
    const r = await runAr(["age", "l.csv", "--config", "deep.json", "--as-of", "2025-06-30"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ar: deep.json: not valid JSON: nested deeper than 64 levels at line 1, column 65\n");
  });
  it("a 50 MB file: exit 2 before it is read", async () => {
    const dir = folder({ "l.csv": LEDGER });
    writeFileSync(path.join(dir, "huge.json"), Buffer.alloc(50 * 1024 * 1024, 0x20));
    const r = await runAr(["age", "l.csv", "--config", "huge.json", "--as-of", "2025-06-30"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ar: huge.json: 52428800 bytes is too large for a config file (at most 1024 KB)\n");
  });
});
