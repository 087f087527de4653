/**
 * `ar rollforward` from the command line: goldens on the fixtures (`ar rollforward
 * fixtures/ledger.csv --from 2025-06-01 --as-of 2025-06-30`), the JSON's exact keys, ties to
 * `ar age` at both ends, xlsx (one sheet per part) and usage errors. The hand-worked ledger is in
 * test/engine/rollforward.test.ts and test/cases/rollforward-worked.case.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";
import { readWorkbook, sheetCells } from "../helpers/xlsx.js";

const LEDGER = "fixtures/ledger.csv";
const PERIOD = ["--from", "2025-06-01", "--as-of", "2025-06-30"];

describe("ar rollforward: golden outputs on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["table-en.txt", ["--format", "table", "--lang", "en"]],
    ["table-zh-by-customer.txt", ["--format", "table", "--lang", "zh", "--by", "customer", "--customers", "fixtures/customers.csv"]],
    ["rollforward.csv", ["--format", "csv"]],
    ["rollforward.json", ["--format", "json"]],
    ["by-customer.json", ["--format", "json", "--by", "customer"]],
    ["buckets-apply-none.csv", ["--format", "csv", "--buckets", "15,45", "--apply", "none"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar rollforward ${LEDGER} ${PERIOD.join(" ")} ${args.join(" ")}`, async () => {
      const r = await runAr(["rollforward", LEDGER, ...PERIOD, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expectGolden(`rollforward/${name}`, r);
    });
  }
});

describe("ar rollforward: what the figures tie to", () => {
  it("JSON has SPEC's keys; opening and closing are `ar age` at from − 1 and as-of; open columns its buckets", async () => {
    const r = JSON.parse((await runAr(["rollforward", LEDGER, ...PERIOD, "--format", "json"])).stdout);
    expect(Object.keys(r)).toEqual(["from", "asOf", "buckets", "movements", "migration", "rejected"]);
    expect(Object.keys(r.movements[0])).toEqual(["currency", "opening", "invoices", "debitNotes", "creditNotes", "payments", "writeOffs", "discounts", "closing"]);
    expect(Object.keys(r.migration[0])).toEqual(["currency", "rows", "unapplied"]);
    expect(Object.keys(r.migration[0].rows[0])).toEqual(["from", "amount", "collected", "credited", "writtenOff", "discounted", "open", "rollRate", "collectionRate"]);
    expect(Object.keys(r.migration[0].unapplied)).toEqual(["opening", "received", "reallocated", "applied", "closing"]);
    const opening = JSON.parse((await runAr(["age", LEDGER, "--as-of", "2025-05-31", "--format", "json"])).stdout);
    const closing = JSON.parse((await runAr(["age", LEDGER, "--as-of", "2025-06-30", "--format", "json"])).stdout);
    const cents = (s: string) => BigInt(s.replace(".", ""));
    for (const [k, m] of r.movements.entries()) {
      expect(m.opening).toBe(opening.totals[k].balance);
      expect(m.closing).toBe(closing.totals[k].balance);
      const mig = r.migration[k];
      for (const b of r.buckets) {
        expect(mig.rows.find((x: { from: string }) => x.from === b.key).amount).toBe(opening.totals[k].buckets[b.key]);
        expect(mig.rows.reduce((s: bigint, x: { open: Record<string, string> }) => s + cents(x.open[b.key]!), 0n)).toBe(cents(closing.totals[k].buckets[b.key]));
      }
      expect(mig.unapplied.opening).toBe(opening.totals[k].unapplied);
      expect(mig.unapplied.closing).toBe(closing.totals[k].unapplied);
    }
  });

  it("--by customer adds the customers' lines after the movements", async () => {
    const r = JSON.parse((await runAr(["rollforward", LEDGER, ...PERIOD, "--format", "json", "--by", "customer"])).stdout);
    expect(Object.keys(r)).toEqual(["from", "asOf", "buckets", "movements", "customers", "migration", "rejected"]);
    expect(Object.keys(r.customers[0])).toEqual(["customerId", "name", "currency", "opening", "invoices", "debitNotes", "creditNotes", "payments", "writeOffs", "discounts", "closing"]);
  });

  it("xlsx: one sheet per part, amounts as numbers", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ar-rf-")), "rf.xlsx");
    const r = await runAr(["rollforward", LEDGER, ...PERIOD, "--lang", "en", "-o", file]);
    expect(r.code, r.stderr).toBe(0);
    const wb = readWorkbook(readFileSync(file));
    expect(wb.SheetNames).toEqual(["Movements", "Migration", "Unapplied credit", "About"]);
    const moves = sheetCells(wb, "Movements");
    expect(moves[0]!.map((c) => c?.v)).toEqual(["Cur", "Opening", "Invoices", "Debit notes", "Credit notes", "Payments", "Write-offs", "Discounts", "Closing"]);
    expect(moves[1]!.map((c) => c?.v)).toEqual(["CNY", 2474555.15, 666822.5, 1250, 3400, 547440.4, 0, 0, 2591787.25]);
    const migration = sheetCells(wb, "Migration");
    expect(migration[1]!.slice(0, 3).map((c) => c?.v)).toEqual(["CNY", "Current", 1360474.85]);
  });
});

describe("ar rollforward: usage errors (exit 2)", () => {
  it.each([
    [[LEDGER, "--as-of", "2025-06-30"], /--from: give the first day/],
    [[LEDGER, "--from", "2025-6-x", "--as-of", "2025-06-30"], /--from: "2025-6-x" is not a date/],
    [[LEDGER, "--from", "2025-07-01", "--as-of", "2025-06-30"], /--from 2025-07-01 is after --as-of/],
    [[LEDGER, ...PERIOD, "--buckets", "60,30"], /ascending/],
  ])("ar rollforward %j", async (args, message) => {
    const r = await runAr(["rollforward", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
