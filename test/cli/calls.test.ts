/**
 * `ar calls` golden tests. test/golden/calls/ holds a small story (ledger.csv, customers.csv,
 * events.csv) whose list can be checked by hand; the shipped fixtures/ get goldens too.
 *
 * The story as of Tuesday 2025-07-01 (score = tier + ⌊10·log10(amount)⌋ + ⌊days/10⌋ + flags):
 *   K2 tier B, 48,760.00, 66 days, promise of 06-03 (48,760.00 by 06-20) unpaid:
 *      200 + 46 + 6 + 2000 = 2252, stage escalate (3 contact days: 05-27, 06-03, 06-24).
 *   K6 tier C, 56,000.00, 143 days, over its 50,000.00 limit: 300 + 47 + 14 + 50 = 411, second
 *      (one call, 06-27; tier C's cadence lets it be called again the next day).
 *   K3 tier C, 6,000.00, 122 days: 300 + 37 + 12 = 349; legal (visit, call, then a letter on
 *      its third contact day, 06-12).
 *   K1 tier B, 80,000.00, 46 days, never contacted: 200 + 49 + 4 = 253, first — SPEC's sentence.
 *   K4 tier A, USD 12,450.00, 21 days, emailed 06-16 (15 days ago ≥ 7): 100 + 40 + 2 = 142, second, in English.
 *   K7 nothing overdue, 30,000.00 due 07-05: reminder, ⌊10·log10(30000)⌋ = 44.
 *   K5 do_not_contact and K8 (promised on 06-20 to pay by 07-08) are skipped; K9 tier A, called
 *   06-28, is not due before 07-05.
 * Slots: Tuesday 10:00, 10:07, 10:15, 10:22, 10:30, 10:37 (8 an hour).
 * On Monday 06-30 only K2 is called (a broken promise may use any business day): K6 is a large
 * enterprise in the last 7 days of the quarter, K3 an individual in the last 3 days of the month,
 * the others wait for Tuesday's window.
 * Regenerate after a deliberate change with UPDATE_GOLDEN=1 and read the diff.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAr } from "../helpers/cli.js";
import { expectGolden, expectGoldenFile } from "../helpers/golden.js";

const DIR = path.join(ROOT, "test/golden/calls");
const STORY = ["calls", "ledger.csv", "--customers", "customers.csv", "--events", "events.csv"];
// Relative to the repository (runAr's default working directory), so that the stderr stored in the
// goldens names fixtures/events.csv wherever the repository is checked out.
const SHIPPED = ["calls", "fixtures/ledger.csv", "--customers", "fixtures/customers.csv", "--events", "fixtures/events.csv", "--config", "fixtures/ar.config.json"];

const story = (...args: string[]) => runAr([...STORY, ...args], { cwd: DIR });

describe("ar calls: golden outputs on the story", () => {
  const cases: [string, string[]][] = [
    ["story-0701-zh.txt", ["--as-of", "2025-07-01", "--format", "table", "--lang", "zh"]],
    ["story-0630-en.txt", ["--as-of", "2025-06-30", "--format", "table", "--lang", "en"]],
    ["story-0630-days3-zh.txt", ["--as-of", "2025-06-30", "--days", "3", "--format", "table", "--lang", "zh"]],
    ["story-0701.json", ["--as-of", "2025-07-01", "--format", "json", "--lang", "en"]],
    ["story-0701.csv", ["--as-of", "2025-07-01", "--format", "csv", "--lang", "en"]],
    // 2025-07-01 made a day off, so the list is Wednesday's; a Saturday made a working day changes nothing here.
    ["story-0701-holidays.json", ["--as-of", "2025-07-01", "--format", "json", "--lang", "en", "--holidays", "holidays.csv"]],
    // The user's wording: zh/first.hbs for K1, one-language files for the other stages.
    ["story-0701-template.csv", ["--as-of", "2025-07-01", "--format", "csv", "--lang", "en", "--template", "my-scripts"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar ${STORY.join(" ")} ${args.join(" ")}`, async () => {
      const r = await story(...args);
      expect(r.code).toBe(0);
      if (name.endsWith(".csv")) {
        // A dialler's CSV holds calls only; the skipped customers go to stderr.
        expect(r.stderr).toBe(
          "ar: note: Due but not scheduled: K5: do not contact (customer master)\nar: note: Due but not scheduled: K8: promised on 2025-06-20 to pay 10,000.00 by 2025-07-08; calls resume the day after if unpaid\n",
        );
      } else {
        expect(r.stderr).toBe("");
      }
      expectGolden(`calls/${name}`, r);
    });
  }

  it("the JSON has exactly SPEC's shape", async () => {
    const json = JSON.parse((await story("--as-of", "2025-07-01", "--format", "json")).stdout);
    expect(Object.keys(json)).toEqual(["asOf", "calls", "skipped", "rejected"]);
    expect(Object.keys(json.calls[0])).toEqual(["rank", "date", "start", "end", "customerId", "name", "contactName", "contactTitle", "phone", "tier", "overdue", "currency", "oldestDaysOverdue", "stage", "flags", "reasons", "script"]);
    expect(Object.keys(json.skipped[0])).toEqual(["customerId", "reason"]);
    expect(json.calls.map((c: { customerId: string }) => c.customerId)).toEqual(["K2", "K6", "K3", "K1", "K4", "K7"]);
    expect(json.calls.map((c: { stage: string }) => c.stage)).toEqual(["escalate", "second", "legal", "first", "second", "reminder"]);
    expect(json.calls[3].script).toBe("王经理您好，系统显示贵公司有一笔5月16日到期的8万元货款，请问目前审批流程进行到哪个环节了？");
    expect(json.calls[0].flags).toEqual(["broken_promise"]);
  });

  it("writes the slots as an iCalendar file, deterministically", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-calls-"));
    const ics = path.join(tmp, "calls.ics");
    const r = await story("--as-of", "2025-07-01", "--format", "json", "--ics", ics);
    expect(r.code).toBe(0);
    const text = readFileSync(ics, "utf8");
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expectGoldenFile("calls/story-0701.ics", text);
  });

  it("stops with exit 2 naming a template field the data lacks", async () => {
    const r = await story("--as-of", "2025-07-01", "--format", "json", "--template", "bad-scripts");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^ar: .*bad-scripts\/first\.hbs:1: missing field "amout" for customer K1/);
  });

  it("lists bad events rows like ledger rows; --strict writes nothing and exits 1", async () => {
    const args = ["calls", "ledger.csv", "--customers", "customers.csv", "--events", "bad-events.csv", "--as-of", "2025-07-01", "--format", "json"];
    const loose = await runAr(args, { cwd: DIR });
    expect(loose.code).toBe(0);
    expect(loose.stderr).toBe(
      'bad-events.csv:3: date "2025-06-31" does not exist\nbad-events.csv:4: type "fax" is not one of call, visit, email, wechat, letter_sent, statement_confirmed, promise, agreement, dispute, legal\n' +
        "bad-events.csv:2: warning: the events log is not sealed: its 3 row(s) are used, but nothing proves they were not changed (run `ar log seal --events bad-events.csv`)\n",
    );
    expect(JSON.parse(loose.stdout).rejected).toEqual([
      { file: "bad-events.csv", line: 3, reason: 'date "2025-06-31" does not exist' },
      { file: "bad-events.csv", line: 4, reason: 'type "fax" is not one of call, visit, email, wechat, letter_sent, statement_confirmed, promise, agreement, dispute, legal' },
    ]);
    const strict = await runAr([...args, "--strict"], { cwd: DIR });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toMatch(/--strict: 2 row\(s\) rejected; no report written\n$/);
  });

  it("reads a sealed log (events.csv is sealed by ar log seal) and one with rows added by hand alike", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-calls-"));
    const log = path.join(tmp, "events.csv");
    writeFileSync(log, readFileSync(path.join(DIR, "events.csv"), "utf8") + "2025-06-30,K1,call,,,,added by hand,,,\n");
    const r = await runAr(["calls", "ledger.csv", "--customers", "customers.csv", "--events", log, "--as-of", "2025-07-01", "--format", "json"], { cwd: DIR });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`ar: warning: ${log}: 1 unsealed row(s) without a hash (accepted; \`ar log seal\` chains them, \`ar log verify\` checks the chain)\n`);
    // The hand-added call is used: K1 was contacted yesterday (tier B: again from 07-03).
    expect(JSON.parse(r.stdout).calls.map((c: { customerId: string }) => c.customerId)).toEqual(["K2", "K6", "K3", "K4", "K7"]);
  });

  it("raises a customer whose claim is about to become time-barred (ar limitation's expiring_claim)", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "ar-calls-"));
    writeFileSync(path.join(tmp, "ledger.csv"), "doc_no,customer_id,customer_name,doc_date,due_date,amount\nOLD-1,Z1,Old Debts Ltd,2022-07-01,2022-08-01,500.00\nNEW-1,Z2,New Debts Ltd,2025-01-01,2025-03-01,90000.00\n");
    const r = await runAr(["calls", "ledger.csv", "--as-of", "2025-07-01", "--format", "json", "--lang", "en"], { cwd: tmp });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    // Z1: tier C, 500.00, 1065 days: 300 + 26 + 36 + 1000; the period ends 2025-08-01, 31 days on.
    expect(json.calls.map((c: { customerId: string }) => c.customerId)).toEqual(["Z1", "Z2"]);
    expect(json.calls[0].flags).toEqual(["expiring_claim"]);
    expect(json.calls[0].reasons[2]).toMatch(/^claim becomes time-barred on 2025-08-01 \(31 days left\): OLD-1/);
  });

  it("warns when the list reaches a year the calendar library has no arrangement for, and pushes before Spring Festival", async () => {
    // Spring Festival 2027 is 2027-02-06: the push runs 01-23 … 02-05; 2027-01-26 is a Tuesday.
    const r = await story("--as-of", "2027-01-26", "--format", "json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "ar: warning: the calendar library has no official holiday arrangement for 2027: only weekends count as days off there; add the year's holidays and make-up working days with --holidays FILE\n",
    );
    const json = JSON.parse(r.stdout);
    expect(json.calls.length).toBeGreaterThan(0);
    for (const c of json.calls) expect(c.flags).toContain("pre_spring_festival");
    expect(json.calls[0].reasons).toContain("pre-Spring-Festival (2027-02-06)");
  });

  it("rejects bad flags with exit 2", async () => {
    for (const args of [["--days", "0"], ["--days", "x"], ["--template", "nowhere"], ["--holidays", "nowhere.csv"], ["-o", "events.csv"]]) {
      const r = await story("--as-of", "2025-07-01", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
    }
  });
});

describe("ar calls: the shipped fixtures", () => {
  const cases: [string, string[]][] = [
    // Monday, last day of the month and of the quarter: tier C and the broken promise only.
    ["fixtures-0630-zh.txt", ["--as-of", "2025-06-30", "--format", "table"]],
    ["fixtures-0630.json", ["--as-of", "2025-06-30", "--format", "json", "--lang", "en"]],
    ["fixtures-0701-zh.txt", ["--as-of", "2025-07-01", "--format", "table"]],
    ["fixtures-0702-days3-en.txt", ["--as-of", "2025-07-02", "--days", "3", "--format", "table", "--lang", "en"]],
    ["fixtures-0925-zh.txt", ["--as-of", "2025-09-25", "--format", "table"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: ar calls fixtures ${args.join(" ")}`, async () => {
      const r = await runAr([...SHIPPED, ...args]);
      expect(r.code).toBe(0);
      // The shipped log is kept by hand: every reader says it is not sealed.
      expect(r.stderr).toMatch(/events\.csv:2: (warning|警告): the events log is not sealed/);
      expectGolden(`calls/${name}`, r);
    });
  }
});
