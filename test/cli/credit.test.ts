/**
 * `ar credit` on the fixtures (as-of 2025-06-30) with a copy of the customer master that adds the
 * `collector` and `last_review` columns (test/golden/credit/customers.csv; fixtures/customers.csv
 * stays as it is, so every other golden keeps its bytes), and the config keys it reads.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/io/config.js";
import { ROOT, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const BASE = ["credit", "fixtures/ledger.csv", "--customers", "test/golden/credit/customers.csv", "--events", "fixtures/events.csv", "--as-of", "2025-06-30"];

describe("ar credit: golden outputs on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["fixtures.json", ["--format", "json", "--lang", "en"]],
    ["fixtures.csv", ["--format", "csv", "--lang", "en"]],
    ["fixtures-table-zh.txt", ["--format", "table", "--lang", "zh"]],
    ["fixtures-window-12.json", ["--format", "json", "--lang", "en", "--window", "12"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar ${BASE.join(" ")} ${args.join(" ")}`, async () => {
      const r = await runAr([...BASE, ...args], { cwd: ROOT });
      expect(r.code).toBe(0);
      expectGolden(`credit/${name}`, r);
    });
  }

  it("the JSON carries exactly the SPEC fields", async () => {
    const r = await runAr([...BASE, "--format", "json"], { cwd: ROOT });
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "window", "customers", "rejected"]);
    expect(Object.keys(json.customers[0])).toEqual(["customerId", "name", "currency", "paidInvoices", "avgDaysToPay", "avgPaymentDelay", "lateShare", "paydex", "balance", "creditLimit", "utilisation", "tier", "riskClass", "suggestedLimit", "alerts", "reviewDue"]);
    // C012: 15 paid invoices, paydex 72 (B), over its 150,000.00 limit → C; last review
    // 2025-06-15 + 3 months; suggested limit 114,444.00 × 1.0 → 114,000.
    const c012 = json.customers.find((c: { customerId: string }) => c.customerId === "C012");
    expect(c012).toMatchObject({ paydex: 72, riskClass: "C", creditLimit: "150000.00", suggestedLimit: "114000.00", reviewDue: "2025-09-15" });
    expect(c012.alerts.map((a: { code: string }) => a.code)).toContain("over_limit");
  });

  it("rejects a bad --window with exit 2", async () => {
    const r = await runAr([...BASE, "--window", "0"], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--window");
  });

  it("reports a bad last_review in the customer master like any bad row", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-credit-"));
    writeFileSync(path.join(dir, "customers.csv"), "customer_id,credit_limit,last_review\nC001,1000,2025-13-01\n");
    const r = await runAr(["credit", path.join(ROOT, "fixtures/ledger.csv"), "--customers", "customers.csv", "--as-of", "2025-06-30", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('last_review: "2025-13-01" is not a date');
  });
});

describe("config: credit and commission", () => {
  const cfg = (text: string) => parseConfig(text, "ar.config.json");
  it("reads the keys", () => {
    const c = cfg('{"credit": {"window": 12, "factor": {"A": "2", "N": 0.25}, "roundTo": 500}, "commission": {"rate": "0.02", "base": "overdue", "tiers": [{"minDays": 31, "rate": "0.025"}, {"minDays": 91, "rate": "0.03"}]}}');
    expect(c.credit.window).toBe(12);
    expect(c.credit.factor.A.toString()).toBe("2");
    expect(c.credit.factor.N.toString()).toBe("0.25");
    expect(c.credit.factor.B.toString()).toBe("1.2");
    expect(c.credit.roundTo.toString()).toBe("500");
    expect(c.commission.base).toBe("overdue");
    expect(c.commission.tiers.map((t) => [t.minDays, t.rate.toString()])).toEqual([[31, "0.025"], [91, "0.03"]]);
  });
  it.each([
    ['{"credit": {"window": 0}}', "credit.window: must be between 1 and 600"],
    ['{"credit": {"factor": {"F": 1}}}', "credit.factor.F: unknown key"],
    ['{"credit": {"factor": {"A": "-1"}}}', "credit.factor.A: must not be below 0"],
    ['{"credit": {"roundTo": 0}}', "credit.roundTo: must be above 0"],
    ['{"commission": {"rate": "x"}}', "commission.rate: must be a decimal number"],
    ['{"commission": {"base": "some"}}', 'commission.base: must be "all" or "overdue"'],
    ['{"commission": {"tiers": {}}}', "commission.tiers: must be a list"],
    ['{"commission": {"tiers": [{"minDays": 91}]}}', "commission.tiers[0].rate: is required"],
    ['{"commission": {"tiers": [{"minDays": 91, "rate": "0.03"}, {"minDays": 31, "rate": "0.02"}]}}', "commission.tiers[1].minDays: tiers must be ascending"],
  ])("%s → %s", (text, message) => {
    expect(() => cfg(text)).toThrow(message);
  });
  it("a bad key is a usage error (exit 2) naming the key path", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-credit-"));
    writeFileSync(path.join(dir, "ar.config.json"), '{"commission": {"base": "some"}}');
    const r = await runAr(["commission", path.join(ROOT, "fixtures/ledger.csv"), "--customers", path.join(ROOT, "fixtures/customers.csv"), "--from", "2025-06-01", "--as-of", "2025-06-30"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("commission.base");
  });
});
