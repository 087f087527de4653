/**
 * `ar fees` golden tests on the SPEC worked-examples ledger (test/golden/fees/ledger.csv, as-of
 * 2025-06-30): whole outputs compared with the files beside it. The numbers, by hand:
 *   I2 (C1): 300.00 owed 05-21 … 06-30 = 41 days; 0.003 × 41 × 300.00 = 36.90; per day 0.90.
 *   I4 (C3): 1,000.00 on 06-01 … 06-10, 600.00 on 06-11 … 06-30; 0.003 × (10,000 + 12,000) = 66.00.
 *   I1 (C1, --include-settled): paid by FIFO on 04-10; 0.003 × 10 × 1,000.00 = 30.00.
 *   I3 (C2): paid before it fell due, never listed.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const DIR = path.join(ROOT, "test/golden/fees");
const AS_OF = ["--as-of", "2025-06-30"];

async function fees(...args: string[]) {
  return runAr(["fees", "ledger.csv", ...AS_OF, ...args], { cwd: DIR });
}

describe("ar fees: golden outputs", () => {
  const cases: [string, string[]][] = [
    ["table-en.txt", ["--format", "table", "--lang", "en"]],
    ["table-zh-settled.txt", ["--format", "table", "--lang", "zh", "--include-settled"]],
    ["fees.csv", ["--format", "csv"]],
    ["fees.json", ["--format", "json"]],
    ["fees-settled.json", ["--format", "json", "--include-settled"]],
    ["settled.csv", ["--format", "csv", "--include-settled"]],
    // C3's contract rate 0.05% = 0.0005: 0.0005 × 22,000 = 11.00; C1 keeps the default 0.003.
    ["customer-rate.csv", ["--format", "csv", "--customers", "customers.csv"]],
    // --fee-rate beats the contract: 0.0005 × 12,300 = 6.15 and 0.0005 × 22,000 = 11.00.
    ["flag-rate.json", ["--format", "json", "--customers", "customers.csv", "--fee-rate", "0.0005"]],
    // Config fees.rate 0.001: 0.001 × 12,300 = 12.30; 0.001 × 22,000 = 22.00.
    ["config-rate.json", ["--format", "json", "--config", "fees-config.json"]],
    // Grace 35: I4 (30 days) owes nothing, fee per day still 0.003 × 600.00 = 1.80;
    // I2 (41 days) 36.90, capped at 4% × 800.00 = 32.00, and no more per day.
    ["grace-cap.json", ["--format", "json", "--grace", "35", "--fee-cap", "4%"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar fees ledger.csv --as-of 2025-06-30 ${args.join(" ")}`, async () => {
      const r = await fees(...args);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expectGolden(`fees/${name}`, r);
    });
  }

  it("the JSON carries exactly the SPEC fields", async () => {
    const r = await fees("--format", "json", "--include-settled");
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "items", "totals", "rejected"]);
    expect(json.items).toEqual([
      { customerId: "C1", docNo: "I1", currency: "CNY", outstanding: "0.00", feeDays: 10, fee: "30.00", feePerDay: "0.00", claim: "30.00" },
      { customerId: "C1", docNo: "I2", currency: "CNY", outstanding: "300.00", feeDays: 41, fee: "36.90", feePerDay: "0.90", claim: "336.90" },
      { customerId: "C3", docNo: "I4", currency: "CNY", outstanding: "600.00", feeDays: 30, fee: "66.00", feePerDay: "1.80", claim: "666.00" },
    ]);
    // 30.00 + 36.90 + 66.00 = 132.90; claim 900.00 + 132.90 = 1,032.90.
    expect(json.totals).toEqual([{ currency: "CNY", outstanding: "900.00", fee: "132.90", claim: "1032.90" }]);
  });

  it("nothing overdue: an empty report", async () => {
    const table = await runAr(["fees", "ledger.csv", "--as-of", "2025-05-01", "--format", "table", "--lang", "en"], { cwd: DIR });
    expect(table.stdout).toBe("Late fees as of 2025-05-01 (grace days 0, cap none)\nNo overdue invoices.\n");
    const json = await runAr(["fees", "ledger.csv", "--as-of", "2025-05-01", "--format", "json"], { cwd: DIR });
    expect(json.stdout).toBe('{\n  "asOf": "2025-05-01",\n  "items": [],\n  "totals": [],\n  "rejected": []\n}\n');
  });

  it("reads standard input and writes -o atomically", async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "ar-fees-")), "fees.json");
    const r = await runAr(["fees", "-", ...AS_OF, "--format", "json", "-o", out], { cwd: DIR, stdin: readFileSync(path.join(DIR, "ledger.csv")) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    // The same bytes as the report read from the file and written to stdout (golden fees/fees.json).
    expect(readFileSync(out, "utf8")).toBe((await fees("--format", "json")).stdout);
  });

  it("disputed invoices are not listed; rejected rows are reported", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-fees-"));
    writeFileSync(
      path.join(dir, "l.csv"),
      "doc_no,customer_id,doc_date,due_date,amount,disputed\nD1,K1,2025-05-01,2025-05-31,1000.00,yes\nD2,K1,2025-05-01,2025-06-20,100.00,no\nD3,K1,2025-05-01,2025-06-20,abc,no\n",
    );
    const r = await runAr(["fees", "l.csv", ...AS_OF, "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^l\.csv:4: /);
    const json = JSON.parse(r.stdout);
    // D2: 10 days × 100.00 × 0.003 = 3.00.
    expect(json.items).toEqual([{ customerId: "K1", docNo: "D2", currency: "CNY", outstanding: "100.00", feeDays: 10, fee: "3.00", feePerDay: "0.30", claim: "103.00" }]);
    expect(json.rejected).toEqual([{ file: "l.csv", line: 4, reason: expect.any(String) }]);
    const strict = await runAr(["fees", "l.csv", ...AS_OF, "--format", "json", "--strict"], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
  });
});

describe("ar fees: bad flags exit 2 naming the flag", () => {
  const bad: [string[], RegExp][] = [
    [["--fee-rate", "abc"], /^ar: --fee-rate: "abc" is not a daily rate/],
    [["--fee-rate", "-0.001"], /^ar: --fee-rate: "-0.001" must not be below 0/],
    [["--fee-rate", "1e-3"], /^ar: --fee-rate: /],
    [["--grace", "1.5"], /^ar: --grace: "1.5" is not a whole number/],
    [["--grace", "-1"], /^ar: --grace: "-1" must not be below 0/],
    [["--fee-cap", "0"], /^ar: --fee-cap: "0" must be above 0/],
    [["--fee-cap", "-0.5"], /^ar: --fee-cap: /],
    [["--fee-cap", "half"], /^ar: --fee-cap: "half" is not a fraction/],
    [["--fee-rate"], /option '--fee-rate <rate>' argument missing/],
  ];
  for (const [args, message] of bad) {
    it(args.join(" "), async () => {
      const r = await fees(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }

  it("a rate of 0 is allowed: fees 0, claim = outstanding", async () => {
    const r = await fees("--format", "json", "--fee-rate", "0");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals).toEqual([{ currency: "CNY", outstanding: "900.00", fee: "0.00", claim: "900.00" }]);
  });
});

describe("tables say how many rows were left out", () => {
  // The same last line under ar fees, ar limitation and ar calls (ar age: test/cli/age.test.ts).
  const ledger = ["doc_no,doc_type,customer_id,doc_date,due_date,amount", "I1,invoice,C1,2025-01-02,2025-02-01,100.00", "I2,invoice,C1,2025-02-30,2025-03-30,10.00", ""].join("\n");
  const NOTE = "1 row(s) rejected and left out of this report (each is listed on stderr: FILE:LINE: reason)";
  for (const command of ["fees", "limitation", "calls"]) {
    it(`ar ${command}`, async () => {
      const r = await runAr([command, "-", ...AS_OF, "--format", "table", "--lang", "en"], { stdin: ledger });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("-:3: ");
      expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(NOTE);
      const csv = await runAr([command, "-", ...AS_OF, "--format", "csv"], { stdin: ledger });
      expect(csv.stdout).not.toContain("rejected");
    });
  }
});
