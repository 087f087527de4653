/**
 * `ar limitation` golden tests on the README's worked example (test/golden/limitation: ledger.csv,
 * a sealed events.csv and its evidence files), as of 2025-06-30, 3 years, warn 180 days.
 * Every date by hand, with a calendar:
 *   A2 (C1) due 2021-02-28: ends Wed 2024-02-28; the call of 2024-02-29 comes a day late and
 *      revives nothing (a demand): expired, 366 + 122 = 488 days ago.
 *   B2 (C2) due 2022-05-10, P1 paid 20,000.00 of it on 2022-08-15: restarts, ends Fri 2025-08-15,
 *      31 + 15 = 46 days left: expiring. The call of 2025-04-01 has no evidence: no effect.
 *   E1 (C4) due 2005-08-31: ended Mon 2008-09-01; the statement confirmed on 2024-09-02 revives it
 *      to 2027-09-02, but never past 20 years from the due date: Sun 2025-08-31 (the bound is not
 *      moved), 31 + 31 = 62 days left: expiring, revived.
 *   B1 (C2) due 2022-10-01: 2025-10-01 falls in the National Day / Mid-Autumn holiday (1-8 Oct),
 *      so Thu 2025-10-09: 31 + 31 + 30 + 9 = 101 days left: expiring.
 *   D1, D2 (C3) due 2022-03-15, 2022-04-20: the letter of 2023-06-01 (no doc_no) restarts both:
 *      Mon 2026-06-01, 336 days. D3, issued 2023-07-01 after the letter: Fri 2026-07-31, 396 days.
 *   A1 (C1) due 2022-02-28: the call of 2024-02-29 (with a recording) restarts it; 2027 has no
 *      29 February, so 2027-02-28, a Sunday: Mon 2027-03-01, 365 + 243 + 1 = 609 days left.
 *   Totals: ok 8,000 + 6,000 + 4,000 + 10,000 = 28,000.00; expiring 30,000 + 9,000 + 30,000 =
 *      69,000.00; expired 20,000.00.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BusinessCalendar } from "../../src/engine/calendar.js";
import { parseIsoDate } from "../../src/engine/dates.js";
import { computeLimitation, type OpenClaim } from "../../src/engine/limitation.js";
import { Decimal } from "../../src/engine/money.js";
import { extraFlagsFrom } from "../../src/engine/calls.js";
import { extraText } from "../../src/io/render/calls.js";
import { ROOT, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const DIR = path.join(ROOT, "test/golden/limitation");
const BASE = ["limitation", "ledger.csv", "--events", "events.csv", "--as-of", "2025-06-30"];

const NO_EVIDENCE = "events.csv:5: warning: call without evidence: it is listed, but it does not interrupt the limitation period (a demand must be provable)\n";
const YEAR_2027 =
  "ar: warning: expiry dates in 2027 move past weekends only: the calendar library has no official holiday arrangement for that year yet; add its holidays and make-up working days with --holidays FILE\n";

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-limitation-"));
  cpSync(DIR, dir, { recursive: true });
  return dir;
}

describe("ar limitation: golden outputs of the worked example", () => {
  const cases: [string, string[]][] = [
    ["table-en.txt", ["--format", "table", "--lang", "en", "--detail"]],
    ["table-zh.txt", ["--format", "table", "--lang", "zh"]],
    ["limitation.csv", ["--format", "csv"]],
    ["limitation.json", ["--format", "json"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar ${BASE.join(" ")} ${args.join(" ")}`, async () => {
      const r = await runAr([...BASE, ...args], { cwd: DIR });
      expect(r.code).toBe(0);
      // Diagnostics are wholly English whatever --lang says (README "Rules decided").
      expect(r.stderr).toBe(NO_EVIDENCE + YEAR_2027);
      expectGolden(`limitation/${name}`, r);
    });
  }

  it("the JSON carries the SPEC fields first, and the hand-computed dates", async () => {
    const r = await runAr([...BASE, "--format", "json"], { cwd: DIR });
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["asOf", "years", "warnDays", "items", "totals", "rejected"]);
    expect(Object.keys(json.items[0]).slice(0, 9)).toEqual(["customerId", "docNo", "currency", "outstanding", "dueDate", "lastInterruption", "expiry", "daysLeft", "status"]);
    expect(json.items.map((i: { docNo: string; expiry: string; daysLeft: number; status: string }) => [i.docNo, i.expiry, i.daysLeft, i.status])).toEqual([
      ["A2", "2024-02-28", -488, "expired"],
      ["B2", "2025-08-15", 46, "expiring"],
      ["E1", "2025-08-31", 62, "expiring"],
      ["B1", "2025-10-09", 101, "expiring"],
      ["D1", "2026-06-01", 336, "ok"],
      ["D2", "2026-06-01", 336, "ok"],
      ["D3", "2026-07-31", 396, "ok"],
      ["A1", "2027-03-01", 609, "ok"],
    ]);
    expect(json.items[1].lastInterruption).toEqual({ date: "2022-08-15", type: "payment", evidence: "P1 (ledger.csv:6)" });
    expect(json.items[7].lastInterruption).toEqual({ date: "2024-02-29", type: "call", evidence: "recordings/C1-20240229.m4a#a00ec21e3a9c49e39acb4727d130860412499340fbfef5a9b9858ffa61270c01" });
    expect(json.items[2]).toMatchObject({ revived: true, nominalExpiry: "2027-09-02", bound: "2025-08-31" });
    expect(json.totals).toEqual([
      { status: "ok", currency: "CNY", outstanding: "28000.00" },
      { status: "expiring", currency: "CNY", outstanding: "69000.00" },
      { status: "expired", currency: "CNY", outstanding: "20000.00" },
    ]);
    expect(json.rejected).toEqual([]);
  });

  it("the example's events log is sealed and its evidence intact", async () => {
    const r = await runAr(["log", "verify", "--events", "events.csv", "--check-evidence", "--format", "table"], { cwd: DIR });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("events.csv: 4 sealed row(s), chain intact.");
    expect(r.stdout).toContain("3 unchanged, 0 changed, 0 missing");
  });
});

describe("ar limitation reads sealed and unsealed logs alike", () => {
  it("an unsealed log: the same report, with a warning", async () => {
    const sealed = await runAr([...BASE, "--format", "csv"], { cwd: DIR });
    const r = await runAr([...BASE.slice(0, 3), "events-unsealed.csv", ...BASE.slice(4), "--format", "csv"], { cwd: DIR });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("events-unsealed.csv:2: warning: the events log is not sealed: its 4 row(s) are used, but nothing proves they were not changed (run `ar log seal --events events-unsealed.csv`)\n");
    // The sealed log's evidence cells carry hashes; otherwise the reports agree.
    expect(r.stdout.replace(/#[0-9a-f]{64}/g, "")).toBe(sealed.stdout.replace(/#[0-9a-f]{64}/g, ""));
  });

  it("a row added by hand to a sealed log is used, with the reader's warning", async () => {
    const dir = scratch();
    try {
      writeFileSync(path.join(dir, "events.csv"), readFileSync(path.join(dir, "events.csv"), "utf8") + "2025-06-20,C2,promise,B1,30000.00,2025-07-31,typed by hand,\n");
      const r = await runAr([...BASE, "--format", "json"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("events.csv: 1 unsealed row(s) without a hash");
      const b1 = JSON.parse(r.stdout).items.find((i: { docNo: string }) => i.docNo === "B1");
      expect(b1).toMatchObject({ expiry: "2028-06-20", status: "ok", lastInterruption: { date: "2025-06-20", type: "promise", evidence: "" } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a tampered log is used as it stands, with a warning naming the line", async () => {
    const dir = scratch();
    try {
      const file = path.join(dir, "events.csv");
      writeFileSync(file, readFileSync(file, "utf8").replace("2024-02-29,C1,call", "2024-02-27,C1,call"));
      const r = await runAr([...BASE, "--format", "json"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("events.csv:3: warning: the events log's hash chain is broken here (edited); the rows are used as they are (run `ar log verify --events events.csv`)");
      // Back-dated by two days, the call now falls inside A2's period and restarts it.
      const a2 = JSON.parse(r.stdout).items.find((i: { docNo: string }) => i.docNo === "A2");
      expect(a2).toMatchObject({ expiry: "2027-03-01", status: "ok" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ar limitation options", () => {
  it("--holidays decides a year the calendar library has not published", async () => {
    const dir = scratch();
    try {
      writeFileSync(path.join(dir, "holidays.csv"), "date,kind\n2027-03-01,off\n");
      const r = await runAr([...BASE, "--holidays", "holidays.csv", "--format", "json"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(NO_EVIDENCE); // 2027 is now known
      const a1 = JSON.parse(r.stdout).items.find((i: { docNo: string }) => i.docNo === "A1");
      expect(a1).toMatchObject({ nominalExpiry: "2027-02-28", expiry: "2027-03-02", daysLeft: 610 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--years and --warn-days", async () => {
    const r = await runAr([...BASE, "--years", "2", "--warn-days", "400", "--format", "json"], { cwd: DIR });
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout).items.map((i: { docNo: string; expiry: string; status: string }) => `${i.docNo} ${i.expiry} ${i.status}`);
    // Two years change everything: A1 ends Wed 2024-02-28, so the call of 2024-02-29 is a day late
    // for it too; B2 restarts on 2022-08-15 and ends 2024-08-15; B1 2024-10-01 falls in National
    // Day 2024 (1-7 Oct): 2024-10-08; D1, D2 2025-06-01 falls in the Dragon Boat Festival (31 May -
    // 2 June 2025): 2025-06-03; D3 2025-07-31 is 31 days away; E1 still ends at its bound.
    expect(items).toEqual([
      "A2 2023-02-28 expired",
      "A1 2024-02-28 expired",
      "B2 2024-08-15 expired",
      "B1 2024-10-08 expired",
      "D1 2025-06-03 expired",
      "D2 2025-06-03 expired",
      "D3 2025-07-31 expiring",
      "E1 2025-08-31 expiring",
    ]);
  });

  it("without --events only the ledger interrupts, and it says so", async () => {
    const r = await runAr(["limitation", "ledger.csv", "--as-of", "2025-06-30", "--format", "json"], { cwd: DIR });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("ar: warning: no --events log: only the ledger's payments and credits interrupt the periods\n");
    const status = Object.fromEntries(JSON.parse(r.stdout).items.map((i: { docNo: string; status: string }) => [i.docNo, i.status]));
    expect(status).toEqual({ A2: "expired", D1: "expired", D2: "expired", E1: "expired", B2: "expiring", B1: "expiring", A1: "expired", D3: "ok" });
  });

  it("bad flags are usage errors (exit 2)", async () => {
    for (const [flag, value] of [
      ["--years", "0"],
      ["--years", "three"],
      ["--warn-days", "-1"],
    ]) {
      const r = await runAr([...BASE, flag!, value!], { cwd: DIR });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag}: "${value}" is not a whole number`);
    }
    const r = await runAr([...BASE, "-o", "events.csv"], { cwd: DIR });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-o events.csv: that is one of the inputs");
  });

  it("names customers as the other reports do: the ledger's name, else the customer master's, else the id", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-limitation-"));
    try {
      writeFileSync(
        path.join(dir, "ledger.csv"),
        ["doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount", "I1,invoice,K1,Ledger Name,2025-01-01,2025-01-31,10.00", "I2,invoice,K2,,2025-01-01,2025-01-31,20.00", "I3,invoice,K3,,2025-01-01,2025-01-31,30.00", ""].join("\n"),
      );
      writeFileSync(path.join(dir, "customers.csv"), ["customer_id,customer_name", "K1,Master Name 1", "K2,Master Name 2", ""].join("\n"));
      const r = await runAr(["limitation", "ledger.csv", "--customers", "customers.csv", "--as-of", "2025-06-30", "--format", "json"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).items.map((it: { customerId: string; name: string }) => [it.customerId, it.name])).toEqual([
        ["K1", "Ledger Name"],
        ["K2", "Master Name 2"],
        ["K3", "K3"],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no open invoices", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-limitation-"));
    try {
      copyFileSync(path.join(DIR, "ledger.csv"), path.join(dir, "ledger.csv"));
      const r = await runAr(["limitation", "ledger.csv", "--as-of", "2005-07-01", "--format", "table", "--lang", "en"], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("Limitation periods as of 2005-07-01 (3 years, warn within 180 days)\nNo open invoices.\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ar limitation on the fixtures", () => {
  it("covers every open invoice: its totals add up to the aging buckets, per currency", async () => {
    const args = ["fixtures/ledger.csv", "--as-of", "2025-06-30", "--format", "json"];
    const lim = await runAr(["limitation", ...args, "--events", "fixtures/events.csv"], { cwd: ROOT });
    expect(lim.code).toBe(0);
    const age = await runAr(["age", ...args], { cwd: ROOT });
    const open = new Map<string, string>();
    for (const t of JSON.parse(age.stdout).totals) open.set(t.currency, Object.values(t.buckets as Record<string, string>).reduce((s, v) => s.plus(v), new Decimal(0)).toFixed(2));
    const sums = new Map<string, Decimal>();
    for (const t of JSON.parse(lim.stdout).totals) sums.set(t.currency, (sums.get(t.currency) ?? new Decimal(0)).plus(t.outstanding));
    const limited = new Map([...sums].map(([c, v]) => [c, v.toFixed(2)]));
    expect(limited).toEqual(open);
    expect(lim.stderr).toContain("fixtures/events.csv:2: warning: the events log is not sealed");
  });
});

describe("the expiring_claim flag for ar calls", () => {
  it("names the customers with a claim in the warn window, the invoices and the day, in words", () => {
    const d = (s: string) => parseIsoDate(s)!;
    const claim = (customerId: string, docNo: string, due: string): OpenClaim => ({ customerId, name: "", docNo, currency: "CNY", outstanding: 100n, docDate: d(due) - 30, dueDate: d(due), disputed: false, settlements: [], file: "l.csv", line: 2 });
    const report = computeLimitation([claim("C2", "B1", "2022-10-01"), claim("C2", "B3", "2022-11-20"), claim("C1", "A2", "2021-02-28"), claim("C3", "D3", "2023-07-31")], [], {
      asOf: d("2025-06-30"),
      years: 3,
      warnDays: 180,
      calendar: new BusinessCalendar(),
    });
    const flags = extraFlagsFrom(report, []);
    expect([...flags.keys()]).toEqual(["C2"]);
    // The engine gives the facts; only the renderer makes words of them.
    expect(flags.get("C2")).toEqual([{ flag: "expiring_claim", expiry: d("2025-10-09"), daysLeft: 101, docNos: ["B1", "B3"] }]);
    const x = flags.get("C2")![0]!;
    expect(extraText(x, "en", 2)).toBe(
      "claim becomes time-barred on 2025-10-09 (101 days left): B1, B3; get a promise, a confirmed statement or a payment, or send a demand with proof of delivery, to restart the period",
    );
    expect(extraText(x, "zh", 2)).toBe("诉讼时效将于 2025-10-09 届满(剩 101 天):B1, B3;请取得对方付款承诺、对账确认或付款,或寄送有凭证的催款函,以中断时效");
  });
});
