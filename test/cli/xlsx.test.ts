/**
 * `--format xlsx` on every report command (SPEC "Excel in and out"): sheet 1's rows are the CSV's
 * rows (numbers, amounts and dates typed), amounts sum to the report's totals exactly, About
 * names the command, as-of, version, inputs with SHA-256 and the rejected rows; two runs give the
 * same bytes; a terminal without -o is a usage error.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/engine/money.js";
import { runCli } from "../../src/cli/main.js";
import { FIXTURES, ROOT, runAr } from "../helpers/cli.js";
import { csvRows } from "../helpers/csv.js";
import { readWorkbook, serialToIso, sheetCells } from "../helpers/xlsx.js";

const LEDGER = path.join(FIXTURES, "ledger.csv");
const CUSTOMERS = path.join(FIXTURES, "customers.csv");
const EVENTS = path.join(FIXTURES, "events.csv");
const CONFIG = path.join(FIXTURES, "ar.config.json");
const AS_OF = ["--as-of", "2025-06-30"];

/** Runs with raw stdout bytes (runAr decodes them as UTF-8). */
async function runBytes(args: string[], tty = false): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const chunks: Buffer[] = [];
  let stderr = "";
  const stdout = { write: (s: string | Uint8Array) => (chunks.push(Buffer.from(s)), true), isTTY: tty, columns: 100 };
  const err = { write: (s: string | Uint8Array) => ((stderr += String(s)), true), isTTY: false };
  const code = await runCli(args, { stdout, stderr: err, stdin: Readable.from([]), env: { NO_COLOR: "1" }, cwd: ROOT });
  return { code, stdout: Buffer.concat(chunks), stderr };
}

/** The formula guard of CSV puts a ' before =+-@ text; the sheet has the text itself. */
const unguard = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

/**
 * Sheet 1 against the CSV of the same run: same number of rows and columns; numbers, amounts and
 * dates equal exactly; text equal, except where CSV writes a code for a word (TOTAL, yes, a
 * bucket key, a stage…).
 */
function expectSheetIsCsv(xlsx: Buffer, csv: string): void {
  const wb = readWorkbook(xlsx);
  const sheet = sheetCells(wb, wb.SheetNames[0]!);
  const lines = csvRows(csv);
  expect(sheet.length).toBe(lines.length);
  for (let r = 1; r < lines.length; r++) {
    const want = lines[r]!;
    const got = sheet[r]!;
    expect(got.length).toBe(want.length);
    want.forEach((w, c) => {
      const cell = got[c];
      if (w === "") return expect(cell === undefined || cell.v === "").toBe(true);
      expect(cell, `row ${r + 1} column ${c + 1}: ${w}`).toBeDefined();
      if (cell!.t === "n") {
        if (cell!.z === "yyyy-mm-dd") expect(serialToIso(cell!.v as number)).toBe(w);
        // A ratio (CSV 0.8500) is the fraction itself; a percent (CSV 12.50) a hundredth of it.
        else if (typeof cell!.z === "string" && cell!.z.endsWith("%")) expect([new Decimal(String(cell!.v)), new Decimal(String(cell!.v)).times(100)].some((v) => v.eq(w))).toBe(true);
        else expect(new Decimal(String(cell!.v)).eq(new Decimal(w))).toBe(true);
      } else if (cell!.v !== unguard(w)) {
        expect(w, `row ${r + 1} column ${c + 1}: ${String(cell!.v)} for CSV's ${w}`).toMatch(/^(TOTAL|[a-z0-9_+;-]+)$/);
      }
    });
  }
}

async function both(args: string[]): Promise<{ xlsx: Buffer; csv: string; json?: unknown }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-xlsx-"));
  const file = path.join(dir, "report.xlsx");
  const x = await runAr([...args, "--format", "xlsx", "-o", file]);
  expect(x.code, x.stderr).toBe(0);
  const c = await runAr([...args, "--format", "csv"]);
  expect(c.code, c.stderr).toBe(0);
  return { xlsx: readFileSync(file), csv: c.stdout };
}

describe("--format xlsx: sheet 1 holds the CSV's rows, typed", () => {
  const cases: [string, string[]][] = [
    ["age", ["age", LEDGER, ...AS_OF]],
    ["age with the customer master", ["age", LEDGER, "--customers", CUSTOMERS, ...AS_OF, "--lang", "zh"]],
    ["age --by invoice", ["age", LEDGER, ...AS_OF, "--by", "invoice"]],
    ["fees", ["fees", LEDGER, "--customers", CUSTOMERS, ...AS_OF]],
    ["calls", ["calls", LEDGER, "--customers", CUSTOMERS, "--events", EVENTS, "--config", CONFIG, ...AS_OF]],
    ["limitation", ["limitation", LEDGER, "--events", EVENTS, ...AS_OF]],
    ["statement --all", ["statement", LEDGER, "--all", ...AS_OF]],
    ["plan", ["plan", LEDGER, "--config", CONFIG, "--customer", "C003", ...AS_OF]],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const { xlsx, csv } = await both(args);
      expectSheetIsCsv(xlsx, csv);
    });
  }

  it("letters (the report of the letters written)", async () => {
    const out = (k: string) => mkdtempSync(path.join(os.tmpdir(), `ar-letters-${k}-`));
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-xlsx-"));
    const args = ["letters", LEDGER, "--customers", CUSTOMERS, "--config", CONFIG, ...AS_OF, "--level", "final", "--tier", "C"];
    const x = await runAr([...args, "--out", out("x"), "--format", "xlsx", "-o", path.join(dir, "letters.xlsx")]);
    expect(x.code, x.stderr).toBe(0);
    const c = await runAr([...args, "--out", out("c"), "--format", "csv"]);
    expectSheetIsCsv(readFileSync(path.join(dir, "letters.xlsx")), c.stdout);
  });

  it("plan --status (one sheet for every agreement)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-xlsx-"));
    const events = path.join(dir, "events.csv");
    const made = await runAr(["plan", LEDGER, "--config", CONFIG, "--customer", "C003", ...AS_OF, "--append-events", events]);
    expect(made.code, made.stderr).toBe(0);
    const { xlsx, csv } = await both(["plan", "--status", LEDGER, "--events", events, "--as-of", "2025-09-30"]);
    expect(readWorkbook(xlsx).SheetNames).toEqual(["Instalment agreements", "About"]);
    expectSheetIsCsv(xlsx, csv);
  });

  it("check: the findings, and the control totals with amounts as numbers", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-xlsx-"));
    const file = path.join(dir, "check.xlsx");
    const bad = path.join(ROOT, "test/bad-input/bad-amounts.csv");
    const r = await runAr(["check", LEDGER, bad, ...AS_OF, "--format", "xlsx", "-o", file]);
    expect(r.code).toBe(1);
    const json = JSON.parse((await runAr(["check", LEDGER, bad, ...AS_OF, "--format", "json"])).stdout) as { findings: unknown[]; controlTotals: { currency: string; invoices: string; open: string }[] };
    const wb = readWorkbook(readFileSync(file));
    expect(wb.SheetNames).toEqual(["Findings", "Control totals", "About"]);
    expect(sheetCells(wb, "Findings")).toHaveLength(json.findings.length + 1);
    const totals = sheetCells(wb, "Control totals").slice(1);
    expect(totals.map((t) => [t[0]!.v, String(t[1]!.v), t[1]!.z])).toEqual(json.controlTotals.map((t) => [t.currency, String(Number(t.invoices)), "#,##0.00"]));
  });
});

describe("--format xlsx: sums, About, determinism, where it may go", () => {
  it("the aging's amounts add up to its totals exactly, as the JSON says", async () => {
    const { xlsx } = await both(["age", LEDGER, ...AS_OF]);
    const json = JSON.parse((await runAr(["age", LEDGER, ...AS_OF, "--format", "json"])).stdout) as { totals: { currency: string; balance: string; buckets: Record<string, string> }[] };
    const wb = readWorkbook(xlsx);
    const rows = sheetCells(wb, wb.SheetNames[0]!);
    const header = rows[0]!.map((c) => c?.v);
    const balance = header.indexOf("Balance");
    for (const t of json.totals) {
      const items = rows.slice(1).filter((r) => r[2]?.v === t.currency && r[1]?.v !== "Total");
      const sum = items.reduce((s, r) => s.plus(String(r[balance]!.v)), new Decimal(0));
      const total = rows.find((r) => r[1]?.v === "Total" && r[2]?.v === t.currency)!;
      expect(sum.eq(String(total[balance]!.v))).toBe(true);
      expect(sum.eq(t.balance)).toBe(true);
      for (let k = 3; k < balance - 1; k++) {
        const bucket = items.reduce((s, r) => s.plus(String(r[k]!.v)), new Decimal(0));
        expect(bucket.eq(String(total[k]!.v))).toBe(true);
      }
    }
  });

  it("About: command line, as-of, version, each input with its SHA-256, rejected rows with their places", async () => {
    const bad = "test/bad-input/bad-amounts.csv";
    const r = await runBytes(["age", "fixtures/ledger.csv", bad, ...AS_OF, "--format", "xlsx"]);
    expect(r.code).toBe(0);
    const wb = readWorkbook(r.stdout);
    const about = sheetCells(wb, "About").map((row) => row.map((c) => c?.v));
    expect(about).toContainEqual(["Command", `ar age fixtures/ledger.csv ${bad} --as-of 2025-06-30 --format xlsx`, undefined]);
    expect(serialToIso(about.find((row) => row[0] === "As of")![1] as number)).toBe("2025-06-30");
    expect(about).toContainEqual(["Version", "0.1.0", undefined]);
    for (const f of ["fixtures/ledger.csv", bad]) {
      const bytes = readFileSync(path.join(ROOT, f));
      expect(about).toContainEqual([f, createHash("sha256").update(bytes).digest("hex"), bytes.length]);
    }
    const json = JSON.parse((await runAr(["age", "fixtures/ledger.csv", bad, ...AS_OF, "--format", "json"])).stdout) as { rejected: { file: string; line: number; reason: string }[] };
    expect(json.rejected.length).toBeGreaterThan(0);
    for (const j of json.rejected) expect(about).toContainEqual([`${j.file}:${j.line}`, j.reason, undefined]);
  });

  it("standard input is named - with the SHA-256 of what was read", async () => {
    const csv = readFileSync(LEDGER);
    const chunks: Buffer[] = [];
    const stdout = { write: (s: string | Uint8Array) => (chunks.push(Buffer.from(s)), true), isTTY: false };
    const code = await runCli(["age", "-", ...AS_OF, "--format", "xlsx"], { stdout, stderr: { write: () => true }, stdin: Readable.from([csv]), env: {}, cwd: ROOT });
    expect(code).toBe(0);
    const about = sheetCells(readWorkbook(Buffer.concat(chunks)), "About").map((row) => row.map((c) => c?.v));
    expect(about).toContainEqual(["-", createHash("sha256").update(csv).digest("hex"), csv.length]);
  });

  it("the same run twice gives the same bytes", async () => {
    const args = ["statement", "fixtures/ledger.csv", "--all", ...AS_OF, "--format", "xlsx"];
    const a = await runBytes(args);
    const b = await runBytes(args);
    expect(a.code).toBe(0);
    expect(a.stdout.subarray(0, 2).toString()).toBe("PK");
    expect(Buffer.compare(a.stdout, b.stdout)).toBe(0);
  });

  it("-o FILE.xlsx alone means xlsx", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ar-xlsx-")), "aging.XLSX");
    expect((await runAr(["age", LEDGER, ...AS_OF, "-o", file])).code).toBe(0);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
  });

  it("on a terminal without -o: exit 2, saying to use -o", async () => {
    const r = await runBytes(["age", LEDGER, ...AS_OF, "--format", "xlsx"], true);
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/--format xlsx: give -o FILE\.xlsx/);
  });

  it("statement --out writes its summary as table, CSV or JSON only", async () => {
    const r = await runAr(["statement", LEDGER, "--config", CONFIG, "--all", ...AS_OF, "--out", mkdtempSync(path.join(os.tmpdir(), "ar-st-")), "--format", "xlsx"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format xlsx: the summary of --out/);
  });
});
