/**
 * Instalment plans: schedules computed by hand (the business days are China's official ones for
 * 2025 and 2026), and the status of agreements against the ledger's payments.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BusinessCalendar } from "../../src/engine/calendar.js";
import { isoDate, parseIsoDate, type Day } from "../../src/engine/dates.js";
import type { ContactEvent } from "../../src/engine/events.js";
import { Decimal, unitsString } from "../../src/engine/money.js";
import { agreementsFromEvents, brokenPlans, nominalInstalmentDate, planSchedule, planState, planStatuses, type Agreement, type PlanTerms } from "../../src/engine/plan.js";
import { settle, type Settled } from "../../src/engine/settle.js";
import { readLedgerText } from "../helpers/ledger.js";

const d = (iso: string): Day => parseIsoDate(iso)!;
const china = new BusinessCalendar();
const cents = (s: string): bigint => BigInt(s.replace(".", ""));

function terms(amount: string, over: Partial<PlanTerms> = {}): PlanTerms {
  return { asOf: d("2025-06-30"), amount: cents(amount), scale: 2, downShare: new Decimal("0.3"), instalments: 3, day: 15, downDays: 3, ...over };
}

const rows = (t: PlanTerms, calendar = china) => planSchedule(t, calendar).payments.map((p) => [p.n, p.kind, isoDate(p.dueDate), unitsString(p.amount, 2)]);

describe("planSchedule: worked examples", () => {
  it("100,000.00 at 30% in 3 instalments from 2025-06-30 on the 15th", () => {
    // down = 100,000.00 × 30% = 30,000.00, due 3 business days after Mon 06-30: Tue 07-01,
    // Wed 07-02, Thu 07-03. rest 70,000.00 / 3 = 23,333.333… → 23,333.33 twice, and the last
    // 70,000.00 − 2 × 23,333.33 = 23,333.34. Due: the 15th of August (Fri), September (Mon),
    // October (Wed, after the National Day holiday of 10-01 … 10-08): all business days.
    expect(rows(terms("100000.00"))).toEqual([
      [0, "down", "2025-07-03", "30000.00"],
      [1, "instalment", "2025-08-15", "23333.33"],
      [2, "instalment", "2025-09-15", "23333.33"],
      [3, "instalment", "2025-10-15", "23333.34"],
    ]);
  });

  it("a 15th on the Spring Festival holiday moves to the make-up working Saturday before it", () => {
    // as-of Wed 2025-12-31; 2026-01-01 … 01-03 are the New Year holiday and Sun 01-04 a make-up
    // working day: the 3 business days are 01-04, 01-05, 01-06. 12,345.67 × 30% = 3,703.701 →
    // 3,703.70; rest 8,641.97 / 2 = 4,320.985 → 4,320.98 and 8,641.97 − 4,320.98 = 4,320.99.
    // 2026-02-15 (Sun) is in the Spring Festival holiday (02-15 … 02-23), and Sat 02-14 is a
    // make-up working day: instalment 1 is due 02-14. 2026-03-15 is a Sunday: Fri 03-13.
    expect(rows(terms("12345.67", { asOf: d("2025-12-31"), instalments: 2 }))).toEqual([
      [0, "down", "2026-01-06", "3703.70"],
      [1, "instalment", "2026-02-14", "4320.98"],
      [2, "instalment", "2026-03-13", "4320.99"],
    ]);
  });

  it("the holidays file of a user moves a due date too", () => {
    // The same plan as the first example with 2025-08-15 declared a day off (and 08-14 as well):
    // the last business day before it is Wed 08-13.
    const calendar = new BusinessCalendar({ overrides: new Map([[d("2025-08-15"), "off"], [d("2025-08-14"), "off"]]) });
    expect(rows(terms("100000.00"), calendar)[1]).toEqual([1, "instalment", "2025-08-13", "23333.33"]);
  });

  it("day 31: the month's last day, or the last business day before it", () => {
    // Down due 07-03; 31 August is a Sunday → Fri 08-29; September has 30 days: Tue 09-30;
    // 31 October is a Friday. 1,000.00 at 0% has no down row: 333.33, 333.33, 333.34.
    const schedule = planSchedule(terms("1000.00", { day: 31, downShare: new Decimal(0) }), china);
    expect(schedule.payments.map((p) => [p.n, isoDate(p.nominalDate), isoDate(p.dueDate), unitsString(p.amount, 2)])).toEqual([
      [1, "2025-08-31", "2025-08-29", "333.33"],
      [2, "2025-09-30", "2025-09-30", "333.33"],
      [3, "2025-10-31", "2025-10-31", "333.34"],
    ]);
    expect(isoDate(schedule.downDue)).toBe("2025-07-03");
  });

  it("a down payment of half a cent rounds half-up; a ledger at 3 decimals keeps the exact leftover on the last", () => {
    // 0.05 × 30% = 0.015 → 0.02 down; rest 0.03 / 2 = 0.015 → 0.01 and 0.02.
    expect(rows(terms("0.05", { instalments: 2 })).map((r) => r[3])).toEqual(["0.02", "0.01", "0.02"]);
    // 1,000.005 (scale 3) × 30% = 300.0015 → 300.00 (cents); rest 700.005 / 3 = 233.335 → 233.33,
    // 233.33, and 700.005 − 466.66 = 233.345 exactly (the sum stays 1,000.005).
    const s = planSchedule({ ...terms("0"), amount: 1000005n, scale: 3 }, china);
    expect(s.payments.map((p) => p.amount)).toEqual([300000n, 233330n, 233330n, 233345n]);
  });

  it("nominal dates count months from the down payment's month, across a year end", () => {
    expect(isoDate(nominalInstalmentDate(d("2025-11-20"), 3, 29))).toBe("2026-02-28");
    expect(isoDate(nominalInstalmentDate(d("2025-11-20"), 1, 15))).toBe("2025-12-15");
  });

  it("bad terms are refused", () => {
    expect(() => planSchedule(terms("0.00"), china)).toThrow(RangeError);
    expect(() => planSchedule(terms("10.00", { downShare: new Decimal(1) }), china)).toThrow(RangeError);
    expect(() => planSchedule(terms("10.00", { instalments: 0 }), china)).toThrow(RangeError);
    expect(() => planSchedule(terms("10.00", { day: 32 }), china)).toThrow(RangeError);
  });

  it("property: the parts add up to the amount, each instalment but the last is equal, dates are business days in order", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 10 }),
        (amount, pct, n, day, downDays) => {
          const s = planSchedule({ asOf: d("2025-06-30"), amount, scale: 2, downShare: new Decimal(pct).div(100), instalments: n, day, downDays }, china);
          expect(s.payments.reduce((a, p) => a + p.amount, 0n)).toBe(amount);
          const inst = s.payments.filter((p) => p.kind === "instalment");
          expect(inst.length).toBe(n);
          for (const p of inst.slice(0, -1)) expect(p.amount).toBe(inst[0]!.amount);
          const last = inst[inst.length - 1]!.amount;
          expect(last >= inst[0]!.amount && last - inst[0]!.amount < BigInt(n)).toBe(true);
          for (const p of s.payments) expect(china.isBusinessDay(p.dueDate)).toBe(true);
          for (const p of inst) expect(p.dueDate <= p.nominalDate && p.nominalDate - p.dueDate < 12).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const agreement = (instalments: [string, string][], agreedOn = "2025-04-15"): Agreement => ({
  customerId: "K",
  agreedOn: d(agreedOn),
  currency: "CNY",
  docNos: [],
  instalments: instalments.map(([due, amount], k) => ({ dueDate: d(due), amount: cents(amount), file: "events.csv", line: k + 2 })),
});
const pay = (list: [string, string][]) => list.map(([date, amount]) => ({ date: d(date), amount: cents(amount) }));
const statusRows = (s: ReturnType<typeof planState>) => s.instalments.map((i) => [isoDate(i.dueDate), unitsString(i.paid, 2), i.paidOn === null ? null : isoDate(i.paidOn), i.status]);

describe("planState: each instalment against the payments", () => {
  const plan = agreement([
    ["2025-04-18", "3000.00"],
    ["2025-05-15", "2000.00"],
    ["2025-06-13", "2000.00"],
    ["2025-07-15", "2000.00"],
  ]);

  it("on time, late, partly paid, not due", () => {
    // 04-18 3,000.00 → down paid on its day. 05-20 1,500.00 and 05-26 600.00 → instalment 1
    // (2,000.00) covered on 05-26, after its 05-15: late; 100.00 spills to instalment 2.
    // Nothing more: instalment 2 (06-13) has 100.00 at 06-30: partly paid. 07-15 not due yet.
    // due = 3, on time 1: 1/3 = 0.3333.
    const s = planState(plan, pay([["2025-04-18", "3000.00"], ["2025-05-20", "1500.00"], ["2025-05-26", "600.00"]]), d("2025-06-30"));
    expect(statusRows(s)).toEqual([
      ["2025-04-18", "3000.00", "2025-04-18", "paid_on_time"],
      ["2025-05-15", "2000.00", "2025-05-26", "paid_late"],
      ["2025-06-13", "100.00", null, "partly_paid"],
      ["2025-07-15", "0.00", null, "not_due"],
    ]);
    expect([s.due, s.onTime, s.fulfilmentRate]).toEqual([3, 1, "0.3333"]);
  });

  it("missed: nothing paid after the due date; an instalment due on as-of is not yet missed", () => {
    // 04-18 3,000.00 and 05-15 2,000.00 on time; nothing for 06-13 at as-of 06-30 → missed.
    const s = planState(plan, pay([["2025-04-18", "3000.00"], ["2025-05-15", "2000.00"]]), d("2025-06-30"));
    expect(s.instalments.map((i) => i.status)).toEqual(["paid_on_time", "paid_on_time", "missed", "not_due"]);
    expect(s.fulfilmentRate).toBe("0.6667");
    // At as-of 06-13 the third instalment's day is not over: not due, and 2 of 2 were on time.
    const early = planState(plan, pay([["2025-04-18", "3000.00"], ["2025-05-15", "2000.00"]]), d("2025-06-13"));
    expect(early.instalments.map((i) => i.status)).toEqual(["paid_on_time", "paid_on_time", "not_due", "not_due"]);
    expect(early.fulfilmentRate).toBe("1.0000");
  });

  it("one large payment pays ahead; an early instalment counts as due and on time", () => {
    // 04-16 9,000.00 pays everything at once, before any due date: 4 of 4 on time at 05-01.
    const s = planState(plan, pay([["2025-04-16", "9000.00"]]), d("2025-05-01"));
    expect(s.instalments.map((i) => [i.status, i.paidOn === null ? null : isoDate(i.paidOn)])).toEqual([
      ["paid_on_time", "2025-04-16"],
      ["paid_on_time", "2025-04-16"],
      ["paid_on_time", "2025-04-16"],
      ["paid_on_time", "2025-04-16"],
    ]);
    expect([s.due, s.onTime, s.fulfilmentRate]).toEqual([4, 4, "1.0000"]);
  });

  it("nothing due yet: the rate is null", () => {
    const s = planState(plan, [], d("2025-04-16"));
    expect([s.due, s.onTime, s.fulfilmentRate]).toEqual([0, 0, null]);
  });
});

// ---------------------------------------------------------------------------------------------

async function settledFrom(csv: string, asOf: Day): Promise<Settled> {
  const read = await readLedgerText(csv, asOf);
  return settle(read.ledger, asOf, { apply: "fifo", record: true });
}

function event(date: string, customerId: string, type: ContactEvent["type"], amount: string | undefined, dueDate: string | undefined, docNo = "", note = "", line = 2): ContactEvent {
  return { date: d(date), customerId, type, docNo, amount: amount === undefined ? undefined : new Decimal(amount), dueDate: dueDate === undefined ? undefined : d(dueDate), note, evidence: [], file: "events.csv", line };
}

describe("planStatuses: agreements from the events log", () => {
  const LEDGER = `doc_no,doc_type,customer_id,doc_date,due_date,amount,currency,applies_to
I1,invoice,K,2025-01-10,2025-02-09,9000.00,CNY,
P0,payment,K,2025-04-10,,500.00,CNY,
P1,payment,K,2025-04-18,,3000.00,CNY,I1
P2,payment,K,2025-05-15,,2000.00,CNY,I1
U1,invoice,K,2025-01-10,2025-02-09,100.00,USD,
UP,payment,K,2025-06-01,,100.00,USD,
`;

  it("groups rows by customer and date, counts payments on or after the agreement in the plan's currency", async () => {
    // The plan of 04-15 names I1 (CNY): P0 (04-10) is before it, UP is in USD: only P1 and P2 count.
    const settled = await settledFrom(LEDGER, d("2025-06-30"));
    const events = [
      event("2025-04-15", "K", "agreement", "3000.00", "2025-04-18", "I1", "", 2),
      event("2025-04-15", "K", "agreement", "2000.00", "2025-07-15", "I1", "", 5),
      event("2025-04-15", "K", "agreement", "2000.00", "2025-05-15", "I1", "", 3),
      event("2025-04-15", "K", "agreement", "2000.00", "2025-06-13", "I1", "", 4),
      event("2025-05-01", "K", "call", undefined, undefined),
      event("2025-04-15", "K", "agreement", undefined, "2025-08-15", "", "", 6),
    ];
    const { plans, problems } = planStatuses(events, settled, "CNY");
    expect(problems.map((p) => [p.line, p.reason])).toEqual([[6, "agreement row without an amount: not an instalment, left out of the plan"]]);
    expect(plans.length).toBe(1);
    const [p] = plans;
    expect([p!.customerId, isoDate(p!.agreedOn), p!.currency, p!.docNos]).toEqual(["K", "2025-04-15", "CNY", ["I1"]]);
    expect(statusRows(p!)).toEqual([
      ["2025-04-18", "3000.00", "2025-04-18", "paid_on_time"],
      ["2025-05-15", "2000.00", "2025-05-15", "paid_on_time"],
      ["2025-06-13", "0.00", null, "missed"],
      ["2025-07-15", "0.00", null, "not_due"],
    ]);
    expect(p!.fulfilmentRate).toBe("0.6667");
    const broken = brokenPlans(plans);
    expect([...broken.keys()]).toEqual(["K"]);
    expect(broken.get("K")!.number).toBe(3);
  });

  it("a note naming the currency picks the payments; a newer agreement replaces the broken older one", async () => {
    const settled = await settledFrom(LEDGER, d("2025-06-30"));
    const events = [
      event("2025-05-20", "K", "agreement", "100.00", "2025-06-01", "", "instalment plan 1/1, currency USD"),
      event("2025-03-01", "K", "agreement", "50.00", "2025-03-10", "", "currency USD"),
    ];
    const { plans } = planStatuses(events, settled, "CNY");
    expect(plans.map((p) => [isoDate(p.agreedOn), p.currency, p.instalments.map((i) => i.status)])).toEqual([
      ["2025-03-01", "USD", ["missed"]],
      ["2025-05-20", "USD", ["paid_on_time"]],
    ]);
    expect(brokenPlans(plans).size).toBe(0);
  });

  it("an agreement dated after as-of does not exist yet", async () => {
    const settled = await settledFrom(LEDGER, d("2025-04-01"));
    const { agreements } = agreementsFromEvents([event("2025-04-15", "K", "agreement", "3000.00", "2025-04-18", "I1")], settled, "CNY");
    expect(agreements).toEqual([]);
  });
});
