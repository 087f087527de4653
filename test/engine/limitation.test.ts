import { describe, expect, it } from "vitest";
import { BusinessCalendar } from "../../src/engine/calendar.js";
import { isoDate, parseIsoDate, weekdayOf, type Day } from "../../src/engine/dates.js";
import {
  addYearsClamped,
  computeLimitation,
  expiringClaims,
  openClaimsFromLedger,
  periodEnd,
  type AppliedSettlement,
  type LimitationEvent,
  type OpenClaim,
} from "../../src/engine/limitation.js";
import { settle } from "../../src/engine/settle.js";
import { ledgerFrom } from "../helpers/ledger.js";

const d = (s: string): Day => parseIsoDate(s)!;
const calendar = new BusinessCalendar();
const AS_OF = d("2025-06-30");
const OPTIONS = { asOf: AS_OF, years: 3, warnDays: 180, calendar };

function claim(docNo: string, due: string, extra: Partial<OpenClaim> = {}): OpenClaim {
  return { customerId: "C1", name: "甲", docNo, currency: "CNY", outstanding: 100000n, docDate: d(due) - 30, dueDate: d(due), disputed: false, settlements: [], file: "ledger.csv", line: 2, ...extra };
}

function event(date: string, type: string, extra: Partial<LimitationEvent> = {}): LimitationEvent {
  return { date: d(date), customerId: "C1", type, docNo: "", evidence: ["rec/x.m4a#" + "a".repeat(64)], file: "events.csv", line: 2, ...extra };
}

function payment(date: string, docNo = "P1"): AppliedSettlement {
  return { date: d(date), type: "payment", docNo, file: "ledger.csv", line: 9 };
}

function one(c: OpenClaim, events: LimitationEvent[] = []) {
  const report = computeLimitation([c], events, OPTIONS);
  expect(report.items).toHaveLength(1);
  return { item: report.items[0]!, report };
}

describe("the period's last day (art. 202, 203, 188)", () => {
  it("is the same month and day three years later, or the month's last day", () => {
    expect(isoDate(addYearsClamped(d("2022-02-28"), 3))).toBe("2025-02-28");
    expect(isoDate(addYearsClamped(d("2024-02-29"), 3))).toBe("2027-02-28"); // 2027 has no 29 February
    expect(isoDate(addYearsClamped(d("2024-02-29"), 4))).toBe("2028-02-29");
    expect(isoDate(addYearsClamped(d("2005-08-31"), 20))).toBe("2025-08-31");
  });

  it("moves to the next working day, never past the 20-year bound", () => {
    // 2027-02-28 is a Sunday: the period ends on Monday 2027-03-01.
    expect(weekdayOf(d("2027-02-28"))).toBe(0);
    const p = periodEnd(d("2024-02-29"), d("2021-02-28"), 3, calendar);
    expect({ nominal: isoDate(p.nominal), monthEnd: p.monthEnd, rolled: isoDate(p.rolled), bound: isoDate(p.bound), expiry: isoDate(p.expiry) }).toEqual({
      nominal: "2027-02-28",
      monthEnd: true,
      rolled: "2027-03-01",
      bound: "2041-02-28",
      expiry: "2027-03-01",
    });
    // National Day and Mid-Autumn 2025 joined: 1-8 October off, Thursday 9 October the next working day.
    const holiday = periodEnd(d("2022-10-01"), d("2022-10-01"), 3, calendar);
    expect([isoDate(holiday.nominal), isoDate(holiday.expiry)]).toEqual(["2025-10-01", "2025-10-09"]);
  });
});

describe("limitation per open invoice, as of 2025-06-30, 3 years, warn 180 days", () => {
  it("due 2022-02-28, nothing since: ended Friday 2025-02-28, 122 days ago", () => {
    const { item } = one(claim("I1", "2022-02-28"));
    expect(isoDate(item.expiry.expiry)).toBe("2025-02-28");
    expect(item.daysLeft).toBe(-122); // March 31 + April 30 + May 31 + June 30
    expect(item.status).toBe("expired");
    expect(item.lastInterruption).toBeNull();
    expect(isoDate(item.start)).toBe("2022-02-28");
  });

  it("due 2022-02-28, a call with evidence on 2024-02-29: restarted, ends Monday 2027-03-01", () => {
    const { item } = one(claim("I1", "2022-02-28"), [event("2024-02-29", "call")]);
    expect(item.interruptions.map((i) => i.effect)).toEqual(["interrupted"]);
    expect(isoDate(item.start)).toBe("2024-02-29");
    expect(isoDate(item.expiry.expiry)).toBe("2027-03-01");
    expect(item.daysLeft).toBe(609); // 365 to 2026-06-30, 243 to 2027-02-28, 1 more
    expect(item.status).toBe("ok");
    expect(item.revived).toBe(false);
  });

  it("due 2021-02-28: the period ended Wednesday 2024-02-28, so a call on 2024-02-29 comes a day late", () => {
    const { item } = one(claim("I2", "2021-02-28"), [event("2024-02-29", "call")]);
    expect(item.interruptions.map((i) => i.effect)).toEqual(["after_expiry"]);
    expect(isoDate(item.expiry.expiry)).toBe("2024-02-28");
    expect(item.daysLeft).toBe(-488); // 366 days to 2025-02-28 (2024 is a leap year), then 122
    expect(item.status).toBe("expired");
    expect(item.lastInterruption).toBeNull();
  });

  it("due 2021-02-28, the debtor's promise on 2024-02-29 revives it until Monday 2027-03-01", () => {
    const { item } = one(claim("I2", "2021-02-28"), [event("2024-02-29", "promise")]);
    expect(item.interruptions.map((i) => i.effect)).toEqual(["revived"]);
    expect(item.revived).toBe(true);
    expect(isoDate(item.expiry.expiry)).toBe("2027-03-01");
    expect(item.lastInterruption).toMatchObject({ type: "promise", source: "log" });
    expect(isoDate(item.lastInterruption!.date)).toBe("2024-02-29");
  });

  it("an expiry on a national holiday rolls to the next working day: due 2022-10-01 ends 2025-10-09", () => {
    const { item } = one(claim("I3", "2022-10-01"));
    expect(calendar.isBusinessDay(d("2025-10-08"))).toBe(false);
    expect(isoDate(item.expiry.nominal)).toBe("2025-10-01");
    expect(isoDate(item.expiry.expiry)).toBe("2025-10-09");
    expect(item.daysLeft).toBe(101); // 31 + 31 + 30 to 2025-09-30, then 9
    expect(item.status).toBe("expiring");
  });

  it("a partial payment restarts the period: due 2022-05-10, paid in part 2022-08-15, ends 2025-08-15", () => {
    const unpaid = one(claim("I4", "2022-05-10")).item;
    // Without the payment: 2025-05-10 is a Saturday, so Monday 2025-05-12, 49 days ago.
    expect([isoDate(unpaid.expiry.expiry), unpaid.daysLeft, unpaid.status]).toEqual(["2025-05-12", -49, "expired"]);
    const { item } = one(claim("I4", "2022-05-10", { settlements: [payment("2022-08-15", "P-0815")] }));
    expect(isoDate(item.expiry.expiry)).toBe("2025-08-15");
    expect(item.daysLeft).toBe(46); // 31 days of July, then 15
    expect(item.status).toBe("expiring");
    expect(item.lastInterruption).toMatchObject({ type: "payment", source: "ledger", evidence: "P-0815 (ledger.csv:9)" });
  });

  it("an event without doc_no interrupts every invoice of the customer open at its date, and only those", () => {
    const a = claim("I-A", "2022-03-15");
    const b = claim("I-B", "2022-04-20");
    const c = claim("I-C", "2023-07-31", { docDate: d("2023-07-01") }); // issued after the letter
    const other = claim("I-X", "2022-03-15", { customerId: "C2" });
    const report = computeLimitation([a, b, c, other], [event("2023-06-01", "letter_sent")], OPTIONS);
    const by = new Map(report.items.map((it) => [it.claim.docNo, it]));
    expect(isoDate(by.get("I-A")!.expiry.expiry)).toBe("2026-06-01");
    expect(isoDate(by.get("I-B")!.expiry.expiry)).toBe("2026-06-01");
    expect(by.get("I-A")!.daysLeft).toBe(336);
    expect(by.get("I-C")!.interruptions).toEqual([]);
    expect(isoDate(by.get("I-C")!.expiry.expiry)).toBe("2026-07-31");
    expect(by.get("I-X")!.interruptions).toEqual([]); // another customer
    expect(isoDate(by.get("I-X")!.expiry.expiry)).toBe("2025-03-17"); // 2025-03-15 is a Saturday
  });

  it("an event with doc_no interrupts that invoice only", () => {
    const report = computeLimitation([claim("I-A", "2022-03-15"), claim("I-B", "2022-04-20")], [event("2023-06-01", "email", { docNo: "I-B" })], OPTIONS);
    expect(report.items.map((it) => [it.claim.docNo, isoDate(it.expiry.expiry)])).toEqual([
      ["I-A", "2025-03-17"],
      ["I-B", "2026-06-01"],
    ]);
  });

  it("the 20-year bound: due 2005-08-31, statement confirmed 2024-09-02, ends Sunday 2025-08-31 all the same", () => {
    const { item } = one(claim("I5", "2005-08-31"), [event("2024-09-02", "statement_confirmed")]);
    expect(item.interruptions.map((i) => i.effect)).toEqual(["revived"]); // the first period ended 2008-09-01
    expect(isoDate(item.expiry.nominal)).toBe("2027-09-02");
    expect(isoDate(item.expiry.bound)).toBe("2025-08-31");
    expect(isoDate(item.expiry.expiry)).toBe("2025-08-31"); // the bound is not moved to a working day
    expect(item.daysLeft).toBe(62);
    expect(item.status).toBe("expiring");
    // A promise after the bound changes nothing.
    const later = computeLimitation([claim("I5", "2005-08-31")], [event("2024-09-02", "statement_confirmed"), event("2025-09-01", "promise")], { ...OPTIONS, asOf: d("2025-09-30") }).items[0]!;
    expect(later.interruptions.map((i) => i.effect)).toEqual(["revived", "beyond_bound"]);
    expect(later.status).toBe("expired");
  });

  it("a demand without evidence is listed and warned about but interrupts nothing; a dispute is not an interruption", () => {
    const report = computeLimitation([claim("I1", "2022-02-28")], [event("2024-06-03", "call", { evidence: [], line: 7 }), event("2024-06-05", "dispute", { line: 8 })], OPTIONS);
    const item = report.items[0]!;
    expect(item.interruptions.map((i) => [i.type, i.effect])).toEqual([["call", "no_evidence"]]);
    expect(isoDate(item.expiry.expiry)).toBe("2025-02-28");
    expect(report.warnings).toEqual([{ file: "events.csv", line: 7, message: "call without evidence: it is listed, but it does not interrupt the limitation period (a demand must be provable)" }]);
  });

  it("proceedings interrupt; an interruption on or before the due date, or after as-of, does not", () => {
    const { item } = one(claim("I1", "2022-02-28"), [event("2022-02-28", "promise"), event("2023-03-01", "legal"), event("2025-07-01", "promise")]);
    expect(item.interruptions.map((i) => [isoDate(i.date), i.effect])).toEqual([
      ["2022-02-28", "before_due"],
      ["2023-03-01", "interrupted"],
    ]);
    expect(isoDate(item.expiry.expiry)).toBe("2026-03-02"); // 2026-03-01 is a Sunday
  });

  it("an interruption on the period's last day still counts", () => {
    const { item } = one(claim("I1", "2022-02-28"), [event("2025-02-28", "wechat")]);
    expect(item.interruptions[0]!.effect).toBe("interrupted");
    expect(isoDate(item.expiry.expiry)).toBe("2028-02-28");
  });

  it("sorts by expiry, totals outstanding per status and currency", () => {
    const report = computeLimitation(
      [claim("I3", "2022-10-01", { outstanding: 30000n }), claim("I1", "2022-02-28", { outstanding: 10000n }), claim("I9", "2024-01-10", { currency: "USD", outstanding: 5000n }), claim("I2", "2021-02-28", { outstanding: 20000n })],
      [],
      OPTIONS,
    );
    expect(report.items.map((it) => it.claim.docNo)).toEqual(["I2", "I1", "I3", "I9"]);
    expect(report.totals).toEqual([
      { status: "ok", currency: "USD", outstanding: 5000n },
      { status: "expiring", currency: "CNY", outstanding: 30000n },
      { status: "expired", currency: "CNY", outstanding: 30000n },
    ]);
  });

  it("flags for ar calls: customers with an expiring claim, earliest first", () => {
    const report = computeLimitation([claim("I3", "2022-10-01"), claim("I4", "2022-05-10", { settlements: [payment("2022-08-15")] }), claim("I1", "2022-02-28", { customerId: "C2" })], [], OPTIONS);
    const flags = expiringClaims(report);
    expect([...flags.keys()]).toEqual(["C1"]);
    const c1 = flags.get("C1")!;
    expect(c1.flag).toBe("expiring_claim");
    expect(c1.items.map((it) => it.claim.docNo)).toEqual(["I4", "I3"]);
    expect([isoDate(c1.expiry), c1.daysLeft]).toEqual(["2025-08-15", 46]);
  });
});

describe("claims from a settled ledger", () => {
  it("lists open invoices with the payments applied to them, partial ones included", () => {
    // Rows on ledger.csv lines 2-5: I4 1,000.00 − P-0815 400.00 = 600.00 open; I5 paid in full.
    const ledger = ledgerFrom`
      doc_no | doc_type | customer_id | customer_name | doc_date   | due_date   | amount   | applies_to
      I4     | invoice  | C1          | 甲            | 2022-04-10 | 2022-05-10 | 1,000.00 |
      P-0815 | payment  | C1          | 甲            | 2022-08-15 |            |   400.00 | I4
      I5     | invoice  | C1          | 甲            | 2022-04-10 | 2022-05-10 |   500.00 |
      P-0901 | payment  | C1          | 甲            | 2022-09-01 |            |   500.00 | I5
    `;
    const claims = openClaimsFromLedger(settle(ledger, AS_OF, { apply: "fifo", record: true }));
    expect(claims).toHaveLength(1); // I5 is paid
    expect(claims[0]).toMatchObject({ docNo: "I4", outstanding: 60000n, settlements: [{ type: "payment", docNo: "P-0815", file: "ledger.csv", line: 3 }] });
    const item = computeLimitation(claims, [], OPTIONS).items[0]!;
    expect(isoDate(item.expiry.expiry)).toBe("2025-08-15");
  });
});
