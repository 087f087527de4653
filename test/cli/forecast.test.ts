/**
 * `ar forecast` end to end: goldens on the fixtures (as-of 2025-06-30, back-test 6 Mondays), the
 * JSON's weeks + uncertain + disputed against `ar age`'s open items, xlsx, the config key and the
 * usage errors. Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";
import { readWorkbook } from "../helpers/xlsx.js";

const LEDGER = path.join(FIXTURES, "ledger.csv");
const EVENTS = path.join(FIXTURES, "events.csv");
const BASE = ["forecast", "fixtures/ledger.csv", "--events", "fixtures/events.csv", "--as-of", "2025-06-30", "--backtest", "6"];

describe("ar forecast: goldens on the fixtures", () => {
  const cases: [string, string[]][] = [
    ["table-en.txt", ["--format", "table", "--lang", "en"]],
    ["table-zh.txt", ["--format", "table", "--lang", "zh"]],
    ["forecast.csv", ["--format", "csv"]],
    ["forecast.json", ["--format", "json"]],
    ["median.json", ["--format", "json", "--statistic", "median"]],
    ["by-customer.csv", ["--format", "csv", "--by", "customer"]],
    ["by-invoice.csv", ["--format", "csv", "--by", "invoice"]],
    ["by-invoice.json", ["--format", "json", "--by", "invoice", "--weeks", "4"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar ${BASE.join(" ")} ${args.join(" ")}`, async () => {
      const r = await runAr([...BASE, ...args]);
      expect(r.code).toBe(0);
      expectGolden(`forecast/${name}`, r);
    });
  }
});

interface WeekJson {
  currency: string;
  from: string;
  to: string | null;
  expected: string;
  fromPromises: string;
  fromPlans: string;
  count: number;
}
interface AsideJson {
  currency: string;
  outstanding: string;
}

const cents = (s: string) => BigInt(s.replace(".", ""));

describe("ar forecast: what it adds up to", () => {
  it("weeks (with later) + uncertain + disputed = the open outstanding `ar age --by invoice` lists, per currency", async () => {
    const f = JSON.parse((await runAr([...BASE, "--format", "json", "--weeks", "4"])).stdout) as { weeks: WeekJson[]; uncertain: AsideJson[]; disputed: AsideJson[]; backtest: { currencies: { currency: string; wape: string }[] } };
    const a = JSON.parse((await runAr(["age", LEDGER, "--as-of", "2025-06-30", "--by", "invoice", "--format", "json"])).stdout) as { items: { currency: string; outstanding: string }[] };
    const sum = (rows: { currency: string }[], value: (r: never) => string) => {
      const m = new Map<string, bigint>();
      for (const r of rows) m.set(r.currency, (m.get(r.currency) ?? 0n) + cents(value(r as never)));
      return m;
    };
    const open = sum(a.items, (r: { outstanding: string }) => r.outstanding);
    const weeks = sum(f.weeks, (r: WeekJson) => r.expected);
    const aside = sum([...f.uncertain, ...f.disputed], (r: AsideJson) => r.outstanding);
    for (const [cur, total] of open) expect((weeks.get(cur) ?? 0n) + (aside.get(cur) ?? 0n), cur).toBe(total);
    // A later row (to: null) carries what is expected after week 4.
    expect(f.weeks.filter((w) => w.to === null).length).toBeGreaterThan(0);
    expect(f.backtest.currencies.map((c) => c.currency)).toEqual(["CNY", "USD"]);
  });

  it("--format xlsx: the weeks, the items outside them and the back-test, one sheet each", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-forecast-"));
    const out = path.join(dir, "forecast.xlsx");
    const r = await runAr([...BASE, "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const wb = readWorkbook(readFileSync(out));
    expect(wb.SheetNames).toHaveLength(4);
    expect(wb.SheetNames[2]).toBe("WAPE");
  });

  it("forecast.uncertainDays in the config moves old items out of the weeks", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-forecast-"));
    writeFileSync(path.join(dir, "ar.config.json"), JSON.stringify({ forecast: { uncertainDays: 90 } }));
    const r = await runAr(["forecast", LEDGER, "--events", EVENTS, "--as-of", "2025-06-30", "--format", "json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout) as { uncertainDays: number; uncertain: { daysOverdue: number }[] };
    expect(f.uncertainDays).toBe(90);
    expect(f.uncertain.length).toBeGreaterThan(0);
    expect(f.uncertain.every((u) => u.daysOverdue > 90)).toBe(true);
    writeFileSync(path.join(dir, "ar.config.json"), JSON.stringify({ forecast: { uncertainDays: 0 } }));
    const bad = await runAr(["forecast", LEDGER, "--as-of", "2025-06-30"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("forecast.uncertainDays");
  });

  it.each([
    [["--weeks", "0"], "--weeks"],
    [["--weeks", "x"], "--weeks"],
    [["--backtest", "-1"], "--backtest"],
    [["--statistic", "mode"], "--statistic"],
  ])("usage error %j: exit 2 naming the flag", async (args, flag) => {
    const r = await runAr(["forecast", LEDGER, "--as-of", "2025-06-30", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
