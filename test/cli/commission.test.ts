/**
 * `ar commission` on the fixtures (2025-04-01 … 2025-06-30) with the customer master copy that
 * names collectors (test/golden/credit/customers.csv: C025, C029 and C030 have none).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const BASE = ["commission", "fixtures/ledger.csv", "--customers", "test/golden/credit/customers.csv", "--from", "2025-04-01", "--as-of", "2025-06-30"];

describe("ar commission: golden outputs on the fixtures", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-commission-"));
  const tiered = path.join(dir, "tiered.json");
  writeFileSync(tiered, '{"commission": {"rate": "0.015", "base": "overdue", "tiers": [{"minDays": 91, "rate": "0.03"}]}}');
  const cases: [string, string[]][] = [
    ["fixtures.json", ["--format", "json", "--lang", "en"]],
    ["fixtures.csv", ["--format", "csv", "--lang", "en"]],
    ["fixtures-table-zh.txt", ["--format", "table", "--lang", "zh"]],
    ["fixtures-overdue-tiered.json", ["--format", "json", "--lang", "en", "--config", tiered]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar ${BASE.join(" ")} ${args.join(" ")}`, async () => {
      const r = await runAr([...BASE, ...args], { cwd: ROOT });
      expect(r.code).toBe(0);
      expectGolden(`commission/${name}`, r);
    });
  }

  it("the JSON carries exactly the SPEC fields, and the collectors add up to the period's payments settled", async () => {
    const r = await runAr([...BASE, "--format", "json"], { cwd: ROOT });
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["from", "asOf", "rate", "base", "collectors", "rejected"]);
    expect(Object.keys(json.collectors[0])).toEqual(["collector", "currency", "collected", "overdueCollected", "commissionBase", "commission", "customers"]);
    expect(json.collectors.at(-1).collector).toBe("unassigned");
    for (const g of json.collectors) {
      const sum = g.customers.reduce((s: number, c: { collected: string }) => s + Math.round(Number(c.collected) * 100), 0);
      expect(sum).toBe(Math.round(Number(g.collected) * 100));
    }
  });

  it("needs --from and --customers (exit 2)", async () => {
    const noFrom = await runAr(["commission", "fixtures/ledger.csv", "--customers", "fixtures/customers.csv", "--as-of", "2025-06-30"], { cwd: ROOT });
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toContain("--from");
    const noMaster = await runAr(["commission", "fixtures/ledger.csv", "--from", "2025-06-01", "--as-of", "2025-06-30"], { cwd: ROOT });
    expect(noMaster.code).toBe(2);
    expect(noMaster.stderr).toContain("--customers");
  });
});
