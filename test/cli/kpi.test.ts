/**
 * `ar kpi` end to end: goldens on the shipped fixtures (table, CSV, JSON), the JSON shape of
 * SPEC "KPIs", the config's kpi targets, --by customer, xlsx and the usage errors.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const FIXTURES = ["kpi", "fixtures/ledger.csv", "--as-of", "2025-06-30", "--events", "fixtures/events.csv", "--customers", "fixtures/customers.csv"];

describe("ar kpi: goldens on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["table-en.txt", ["--format", "table", "--lang", "en"]],
    ["table-zh.txt", ["--format", "table", "--lang", "zh"]],
    ["kpi.csv", ["--format", "csv"]],
    ["kpi.json", ["--format", "json"]],
    ["by-customer.csv", ["--format", "csv", "--by", "customer", "--months", "3"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar ${FIXTURES.slice(0, 3).join(" ")} … ${args.join(" ")}`, async () => {
      const r = await runAr([...FIXTURES, ...args]);
      expect(r.code).toBe(0);
      expectGolden(`kpi/${name}`, r);
    });
  }
});

describe("ar kpi: contract", () => {
  it("JSON carries exactly SPEC's keys, money and figures as strings", async () => {
    const r = await runAr([...FIXTURES, "--format", "json", "--months", "2"]);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "months", "dsoMonths", "yearDays", "targets", "periods", "promises", "channels", "plans", "festivals", "rejected"]);
    expect(json.targets).toEqual({ dsoTarget: "45", overdueToRevenueMax: "0.03", ceiMin: null });
    expect(Object.keys(json.periods[0])).toEqual([
      "currency", "start", "end", "days", "opening", "invoiced", "credited", "collected", "writtenOff", "discounts", "closing", "sales", "current",
      "overdue", "dso", "bestPossibleDso", "add", "countbackDso", "cei", "overdueRatio", "overdueToRevenue", "turnover", "turnoverDays", "badDebtRate",
      "avgDaysToPay", "avgPaymentDelay", "onTimeRate", "targetsMissed",
    ]);
    for (const p of json.periods) {
      expect(p.dso).toMatch(/^-?\d+\.\d{2}$/);
      expect(p.overdueRatio).toMatch(/^\d+\.\d{4}$/);
      // closing = opening + movements, in the printed cents.
      const c = (k: string) => Math.round(Number(p[k]) * 100);
      expect(c("closing")).toBe(c("opening") + c("invoiced") - c("credited") - c("collected") - c("writtenOff") - c("discounts"));
    }
    expect(json.periods.map((p: { start: string; end: string }) => `${p.start}..${p.end}`)).toEqual(["2025-05-01..2025-05-31", "2025-06-01..2025-06-30", "2025-05-01..2025-05-31", "2025-06-01..2025-06-30"]);
  });

  it("config kpi targets: ceiMin 50 and dsoTarget null change what is missed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-kpi-"));
    writeFileSync(path.join(dir, "c.json"), JSON.stringify({ kpi: { dsoTarget: null, ceiMin: "50", overdueToRevenueMax: "0.5", yearDays: 365 } }));
    const r = await runAr(["kpi", "fixtures/ledger.csv", "--as-of", "2025-06-30", "--months", "1", "--format", "json", "--config", path.join(dir, "c.json")]);
    const json = JSON.parse(r.stdout);
    expect(json.yearDays).toBe(365);
    expect(json.periods.map((p: { targetsMissed: string[] }) => p.targetsMissed)).toEqual([["cei"], ["cei"]]);
  });

  it("a bad kpi config value is exit 2 naming the key", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-kpi-"));
    writeFileSync(path.join(dir, "c.json"), JSON.stringify({ kpi: { yearDays: 0 } }));
    const r = await runAr(["kpi", "fixtures/ledger.csv", "--config", path.join(dir, "c.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kpi\.yearDays: must be between 1 and 366/);
  });

  it("--months and --dso-months must be whole numbers of months: exit 2", async () => {
    for (const args of [["--months", "0"], ["--months", "x"], ["--dso-months", "13"]]) {
      const r = await runAr(["kpi", "fixtures/ledger.csv", "--as-of", "2025-06-30", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a whole number of months/);
    }
  });

  it("xlsx: a workbook with a sheet per table", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-kpi-"));
    const r = await runAr([...FIXTURES, "-o", path.join(dir, "kpi.xlsx")]);
    expect(r.code).toBe(0);
  });
});
