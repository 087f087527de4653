import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { BusinessCalendar, springFestival, midAutumn, type DayOverride } from "../../src/engine/calendar.js";
import {
  amountPoints,
  avoidOn,
  DEFAULT_CALL_SETTINGS,
  festivalPushOn,
  festivalPushWindow,
  horizonDays,
  inMonthEnd,
  inQuarterEnd,
  planCalls,
  scoreOf,
  slotTimes,
  stageOf,
  windowCapacity,
  type CallList,
  type CallSettings,
  type ExtraFlag,
} from "../../src/engine/calls.js";
import type { CustomerProfile, Segment } from "../../src/engine/customers.js";
import { isoDate, parseIsoDate, weekdayOf, type Day } from "../../src/engine/dates.js";
import type { ContactEvent, EventType } from "../../src/engine/events.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { Decimal } from "../../src/engine/money.js";
import { settle } from "../../src/engine/settle.js";
import { doc, type DocRow } from "../helpers/ledger.js";

const d = (s: string): Day => {
  const day = parseIsoDate(s);
  if (day === undefined) throw new Error(`bad test date ${s}`);
  return day;
};
const china = new BusinessCalendar();

/** An invoice of customer `customer` ("<customer> Ltd"); amounts as written: "80,000.00". */
function inv(docNo: string, customer: string, docDate: string, dueDate: string, amount: string, extra: Pick<DocRow, "disputed"> = {}): DocumentInput {
  return doc({ docNo, type: "invoice", customer, customerName: `${customer} Ltd`, docDate, dueDate, amount, ...extra });
}

function pay(docNo: string, customer: string, date: string, amount: string, appliesTo = ""): DocumentInput {
  return doc({ docNo, type: "payment", customer, customerName: `${customer} Ltd`, docDate: date, amount, appliesTo });
}

function ev(date: string, customerId: string, type: EventType, extra: Partial<ContactEvent> = {}): ContactEvent {
  return { date: d(date), customerId, type, docNo: "", amount: undefined, dueDate: undefined, note: "", evidence: [], file: "events.csv", line: 0, ...extra };
}

function promise(date: string, customerId: string, amount: string, dueDate: string, docNo = ""): ContactEvent {
  return ev(date, customerId, "promise", { amount: new Decimal(amount), dueDate: d(dueDate), docNo });
}

function profile(id: string, extra: Partial<CustomerProfile> = {}): CustomerProfile {
  return {
    id,
    name: `${id} Ltd`,
    contactName: "",
    contactTitle: "",
    phone: "",
    email: "",
    address: "",
    postcode: "",
    segment: "enterprise",
    creditLimit: undefined,
    terms: undefined,
    lateFeeRate: undefined,
    lang: undefined,
    doNotContact: false,
    ...extra,
  };
}

interface PlanArgs {
  docs: DocumentInput[];
  asOf: string;
  events?: ContactEvent[];
  profiles?: CustomerProfile[];
  days?: number;
  settings?: Partial<CallSettings>;
  calendar?: BusinessCalendar;
  extraFlags?: Map<string, ExtraFlag[]>;
}

function plan(a: PlanArgs): CallList {
  const asOf = d(a.asOf);
  const settled = settle(ledgerOf(a.docs.filter((x) => x.docDate <= asOf)), asOf, { apply: "fifo" });
  const aging = age(settled, { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });
  return planCalls({
    asOf,
    days: a.days ?? 1,
    calendar: a.calendar ?? china,
    settled,
    aging,
    events: a.events ?? [],
    profiles: a.profiles && new Map(a.profiles.map((p) => [p.id, p])),
    settings: { ...DEFAULT_CALL_SETTINGS, ...a.settings },
    extraFlags: a.extraFlags,
  });
}

const ids = (list: CallList) => list.calls.map((c) => c.customerId);
const slots = (list: CallList) => list.calls.map((c) => `${c.customerId} ${isoDate(c.date)} ${c.start}-${c.end}`);

describe("festival push", () => {
  it("runs the 14 days before Spring Festival, lunar 1-1 from lunar-javascript (2027-02-06, 2030-02-03)", () => {
    expect(isoDate(springFestival(2027))).toBe("2027-02-06");
    const w2027 = festivalPushWindow(springFestival(2027), 14)!;
    expect([isoDate(w2027.from), isoDate(w2027.to)]).toEqual(["2027-01-23", "2027-02-05"]);
    expect(festivalPushOn(d("2027-01-22"), 14)).toBeUndefined();
    expect(festivalPushOn(d("2027-01-23"), 14)).toEqual({ festival: "spring", date: d("2027-02-06") });
    expect(festivalPushOn(d("2027-02-05"), 14)).toEqual({ festival: "spring", date: d("2027-02-06") });
    expect(festivalPushOn(d("2027-02-06"), 14)).toBeUndefined(); // the festival itself: everyone is away

    expect(isoDate(springFestival(2030))).toBe("2030-02-03");
    const w2030 = festivalPushWindow(springFestival(2030), 14)!;
    expect([isoDate(w2030.from), isoDate(w2030.to)]).toEqual(["2030-01-20", "2030-02-02"]);
    expect(festivalPushOn(d("2030-01-19"), 14)).toBeUndefined();
    expect(festivalPushOn(d("2030-02-02"), 14)?.festival).toBe("spring");
  });

  it("runs the 14 days before Mid-Autumn (lunar 8-15: 2025-10-06) and can be switched off", () => {
    expect(isoDate(midAutumn(2025))).toBe("2025-10-06");
    expect(festivalPushOn(d("2025-09-21"), 14)).toBeUndefined();
    expect(festivalPushOn(d("2025-09-22"), 14)).toEqual({ festival: "mid_autumn", date: d("2025-10-06") });
    expect(festivalPushOn(d("2025-10-05"), 14)?.festival).toBe("mid_autumn");
    expect(festivalPushOn(d("2025-10-05"), 0)).toBeUndefined();
    // Late December looks at next year's Spring Festival: 2028-01-26, push from 2028-01-12.
    expect(isoDate(springFestival(2028))).toBe("2028-01-26");
    expect(festivalPushOn(d("2028-01-12"), 14)?.date).toBe(d("2028-01-26"));
    expect(festivalPushOn(d("2027-12-31"), 30)?.date).toBe(d("2028-01-26"));
  });

  it("raises overdue customers by 100 points and says why", () => {
    // 2026: Spring Festival 2026-02-17, push 2026-02-03 … 02-16; 2026-02-10 is a Tuesday.
    const docs = [inv("I1", "C1", "2025-12-01", "2025-12-31", "5,000.00"), inv("I2", "C2", "2026-01-01", "2026-02-20", "800.00")];
    const list = plan({ docs, asOf: "2026-02-10" });
    expect(ids(list)).toEqual(["C1"]); // C2 is not due yet (and, due in 10 days, gets no reminder)
    const c1 = list.calls[0]!;
    expect(c1.flags).toEqual(["pre_spring_festival"]);
    expect(c1.reasons).toContainEqual({ kind: "festival", festival: "spring", date: d("2026-02-17") });
    // tier B (41 days): 200 + ⌊10·log10(5000)⌋ = 36 + ⌊41/10⌋ = 4 + 100 = 340
    expect(c1.score).toEqual({ tier: 200, amount: 36, age: 4, flags: 100, total: 340 });
  });
});

describe("avoid windows", () => {
  it("keeps individuals out of the last 3 days of a month", () => {
    expect(inMonthEnd(d("2025-06-27"), 3)).toBe(false);
    expect(inMonthEnd(d("2025-06-28"), 3)).toBe(true);
    expect(inMonthEnd(d("2025-06-30"), 3)).toBe(true);
    expect(inMonthEnd(d("2024-02-26"), 3)).toBe(false);
    expect(inMonthEnd(d("2024-02-27"), 3)).toBe(true); // leap February ends on the 29th
    expect(inMonthEnd(d("2025-02-26"), 3)).toBe(true);
    expect(inMonthEnd(d("2025-06-30"), 0)).toBe(false);
  });

  it("keeps large enterprises out of the last 7 days of a quarter", () => {
    expect(inQuarterEnd(d("2025-06-23"), 7)).toBe(false);
    expect(inQuarterEnd(d("2025-06-24"), 7)).toBe(true);
    expect(inQuarterEnd(d("2025-05-31"), 7)).toBe(false); // a month end, not a quarter end
    expect(inQuarterEnd(d("2025-03-25"), 7)).toBe(true);
    expect(inQuarterEnd(d("2025-12-25"), 7)).toBe(true);
    expect(inQuarterEnd(d("2025-09-23"), 7)).toBe(false);
    expect(inQuarterEnd(d("2025-09-24"), 7)).toBe(true);
    expect(inQuarterEnd(d("2025-09-24"), 0)).toBe(false);
  });

  it("applies each rule to its segment only", () => {
    const s = DEFAULT_CALL_SETTINGS;
    const seg = (x: Segment | undefined) => avoidOn(d("2025-06-30"), x, s);
    expect([seg("individual"), seg("large_enterprise"), seg("enterprise"), seg(undefined)]).toEqual(["month_end", "quarter_end", undefined, undefined]);
    expect(avoidOn(d("2025-05-30"), "large_enterprise", s)).toBeUndefined();
    expect(avoidOn(d("2025-05-30"), "individual", s)).toBe("month_end");
  });

  it("skips an avoided customer with the next day it may be called", () => {
    const docs = [inv("I1", "S1", "2025-05-01", "2025-06-20", "900.00"), inv("I2", "S2", "2025-01-01", "2025-03-01", "900.00"), inv("I3", "L1", "2025-08-01", "2025-09-01", "900.00")];
    const profiles = [profile("S1", { segment: "individual" }), profile("S2", { segment: "individual" }), profile("L1", { segment: "large_enterprise" })];
    // 2025-07-29 is a Tuesday, 3 days before the end of July.
    const july = plan({ docs, profiles, asOf: "2025-07-29" });
    expect(july.calls).toEqual([]);
    expect(july.skipped.map((s) => [s.subject.customerId, s.reason])).toEqual([
      ["S2", { kind: "month_end", days: 3, next: d("2025-08-01") }], // tier C: any business day, Friday 1 August
      ["S1", { kind: "month_end", days: 3, next: d("2025-08-05") }], // tier B: the next Tuesday
    ]);
    // 2025-09-24 (Wednesday) is in the last 7 days of Q3; then the National Day week: first window Thursday 9 October.
    const sept = plan({ docs: [docs[2]!], profiles, asOf: "2025-09-24" });
    expect(sept.skipped.map((s) => [s.subject.customerId, s.reason])).toEqual([["L1", { kind: "quarter_end", days: 7, next: d("2025-10-09") }]]);
  });
});

describe("slots", () => {
  it("gives each call 60/perHour minutes, starts rounded down to the minute", () => {
    const s = DEFAULT_CALL_SETTINGS; // 10:00-11:00, 8 an hour
    expect(windowCapacity(s)).toBe(8);
    const times = Array.from({ length: 8 }, (_, k) => slotTimes(k, s)).map(({ start, end }) => `${Math.floor(start / 60)}:${String(start % 60).padStart(2, "0")}-${Math.floor(end / 60)}:${String(end % 60).padStart(2, "0")}`);
    expect(times).toEqual(["10:00-10:07", "10:07-10:15", "10:15-10:22", "10:22-10:30", "10:30-10:37", "10:37-10:45", "10:45-10:52", "10:52-11:00"]);
    expect(windowCapacity({ ...s, windowEnd: 11 * 60 + 30, perHour: 6 })).toBe(9);
  });

  it("fills the window in priority order and overflows to the next allowed window", () => {
    // Five tier A customers, 11 days overdue on 2025-07-01; amounts order them X1 … X5.
    const docs = ["5000", "4000", "3000", "2000", "1000"].map((a, k) => inv(`I${k}`, `X${k + 1}`, "2025-05-21", "2025-06-20", `${a}.00`));
    const list = plan({ docs, asOf: "2025-07-01", days: 2, settings: { perHour: 2 } });
    expect(slots(list)).toEqual(["X1 2025-07-01 600-630", "X2 2025-07-01 630-660", "X3 2025-07-02 600-630", "X4 2025-07-02 630-660"]);
    expect(list.calls.map((c) => c.rank)).toEqual([1, 2, 3, 4]);
    expect(list.skipped.map((s) => [s.subject.customerId, s.reason])).toEqual([["X5", { kind: "capacity", next: d("2025-07-03") }]]);
  });

  it("passes over days without a routine window; tier C takes any business day's window", () => {
    // 2025-07-03 is a Thursday; the next two business days, Friday and Monday, have no routine window.
    const docs = [inv("A1", "A1", "2025-05-21", "2025-06-20", "3,000.00"), inv("A2", "A2", "2025-05-21", "2025-06-20", "2,000.00"), inv("C1", "C1", "2025-01-01", "2025-03-01", "100.00")];
    const list = plan({ docs, asOf: "2025-07-03", days: 3, settings: { perHour: 1 } });
    // Score: C1 300 + 20 + 12 = 332 first; A1 100 + 34 + 1 = 135; A2 100 + 33 + 1 = 134.
    expect(slots(list)).toEqual(["C1 2025-07-03 600-660"]);
    expect(list.skipped.map((s) => [s.subject.customerId, s.reason.kind, isoDate((s.reason as { next: Day }).next)])).toEqual([
      ["A1", "capacity", "2025-07-08"],
      ["A2", "capacity", "2025-07-08"],
    ]);
    // With room for two an hour, A1 takes Thursday's second slot and A2 finds no routine window on Friday or Monday.
    const two = plan({ docs, asOf: "2025-07-03", days: 3, settings: { perHour: 2 } });
    expect(slots(two)).toEqual(["C1 2025-07-03 600-630", "A1 2025-07-03 630-660"]);
    expect(two.skipped.map((s) => [s.subject.customerId, s.reason.kind])).toEqual([["A2", "capacity"]]);
    // A tier C customer overflowing Thursday goes to Friday.
    const cs = ["300", "200", "100"].map((a, k) => inv(`I${k}`, `C${k + 1}`, "2025-01-01", "2025-03-01", `${a}.00`));
    expect(slots(plan({ docs: cs, asOf: "2025-07-03", days: 3, settings: { perHour: 1 } }))).toEqual(["C1 2025-07-03 600-660", "C2 2025-07-04 600-660", "C3 2025-07-07 600-660"]);
  });

  it("covers the first N business days on or after as-of, make-up working days included", () => {
    expect(horizonDays(d("2025-09-27"), 2, china).map(isoDate)).toEqual(["2025-09-28", "2025-09-29"]); // Saturday as-of; Sunday 9-28 is a working day
    expect(horizonDays(d("2025-09-30"), 2, china).map(isoDate)).toEqual(["2025-09-30", "2025-10-09"]);
    expect(() => horizonDays(d("2025-09-30"), 0, china)).toThrow(RangeError);
  });
});

describe("cadence", () => {
  // 2025-07-01 (Tuesday). A: 21 days overdue; B: 41; C: 122.
  const docs = [inv("IA", "A", "2025-05-11", "2025-06-10", "1,000.00"), inv("IB", "B", "2025-04-21", "2025-05-21", "1,000.00"), inv("IC", "C", "2025-01-01", "2025-03-01", "1,000.00")];
  const due = (events: ContactEvent[], days = 1) => ids(plan({ docs, events, asOf: "2025-07-01", days })).sort();

  it("calls whoever has not been contacted in this episode at once", () => {
    expect(due([])).toEqual(["A", "B", "C"]);
  });

  it("waits the tier's cadence after a contact: A 7 days, B 3 days, C the next day", () => {
    expect(due([ev("2025-06-30", "A", "call"), ev("2025-06-30", "B", "call"), ev("2025-06-30", "C", "call")])).toEqual(["C"]); // contacted yesterday
    expect(due([ev("2025-06-25", "A", "call"), ev("2025-06-29", "B", "email"), ev("2025-07-01", "C", "visit")])).toEqual([]); // 6, 2, 0 days ago
    expect(due([ev("2025-06-24", "A", "call"), ev("2025-06-28", "B", "wechat"), ev("2025-06-30", "C", "letter_sent")])).toEqual(["A", "B", "C"]); // 7, 3, 1 days ago
  });

  it("plans the call on the day the cadence allows within the horizon", () => {
    const list = plan({ docs, events: [ev("2025-06-26", "A", "call")], asOf: "2025-07-01", days: 3 });
    const a = list.calls.find((c) => c.customerId === "A")!;
    expect(isoDate(a.date)).toBe("2025-07-03"); // 2025-06-26 + 7
  });

  it("does not count statements, disputes or contacts before the episode", () => {
    // A's episode began 2025-06-11; a call on 06-05 was about the invoice before it fell due.
    expect(due([ev("2025-06-05", "A", "call"), ev("2025-06-30", "A", "statement_confirmed"), ev("2025-06-30", "A", "dispute")])).toEqual(["A", "B", "C"]);
  });
});

describe("stages", () => {
  const e = (date: string, type: EventType) => ev(date, "C", type);

  it("goes first → second → escalate → legal as contacts build up (tier C)", () => {
    const log: ContactEvent[] = [];
    expect(stageOf("C", log)).toBe("first");
    log.push(e("2025-04-01", "call"));
    expect(stageOf("C", log)).toBe("second");
    log.push(e("2025-04-08", "email"), e("2025-04-08", "call")); // one day, one contact
    expect(stageOf("C", log)).toBe("escalate");
    log.push(e("2025-04-15", "call"));
    expect(stageOf("C", log)).toBe("escalate");
    log.push(e("2025-04-20", "letter_sent")); // the escalation's formal demand, unanswered
    expect(stageOf("C", log)).toBe("legal");
  });

  it("needs the letter at escalation, not before", () => {
    expect(stageOf("C", [e("2025-04-01", "letter_sent"), e("2025-04-08", "call"), e("2025-04-15", "call")])).toBe("escalate");
    expect(stageOf("C", [e("2025-04-01", "call"), e("2025-04-08", "call"), e("2025-04-15", "letter_sent")])).toBe("legal");
  });

  it("is legal whenever the log records legal action, and capped by tier otherwise", () => {
    expect(stageOf("A", [e("2025-04-01", "legal")])).toBe("legal");
    const three = [e("2025-04-01", "call"), e("2025-04-08", "call"), e("2025-04-15", "letter_sent")];
    expect(stageOf("A", three)).toBe("second");
    expect(stageOf("B", three)).toBe("escalate");
    expect(stageOf("C", three)).toBe("legal");
  });

  it("counts only the current overdue episode and says so", () => {
    const docs = [inv("I1", "C", "2025-01-01", "2025-03-01", "1,000.00")];
    const at = (events: ContactEvent[]) => plan({ docs, events, asOf: "2025-07-01" }).calls[0]!;
    expect(at([ev("2025-02-20", "C", "call")]).stage).toBe("first"); // a reminder before it fell due
    const c = at([ev("2025-03-10", "C", "call"), ev("2025-04-10", "C", "promise", { dueDate: d("2025-04-30"), amount: new Decimal("10") }), ev("2025-06-10", "C", "letter_sent")]);
    expect(c.stage).toBe("legal");
    expect(c.reasons).toContainEqual({ kind: "demand_unanswered", date: d("2025-06-10") });
    expect(c.reasons).toContainEqual({ kind: "contacts", count: 3, since: d("2025-03-02"), last: { date: d("2025-06-10"), type: "letter_sent" } });
  });

  it("gives a reminder, once, for an invoice due within 7 days", () => {
    const docs = [inv("I1", "R", "2025-06-05", "2025-07-05", "2,000.00")];
    const list = plan({ docs, asOf: "2025-07-01" });
    expect(list.calls.map((c) => [c.customerId, c.stage, c.tier, c.overdue, c.flags])).toEqual([["R", "reminder", null, 0n, ["due_soon"]]]);
    expect(list.calls[0]!.reasons).toEqual([{ kind: "due_soon", amount: 200000n, dueDate: d("2025-07-05") }]);
    expect(list.calls[0]!.score.total).toBe(33); // ⌊10·log10(2000)⌋
    expect(plan({ docs, asOf: "2025-07-01", events: [ev("2025-06-28", "R", "email")] }).calls).toEqual([]);
    expect(plan({ docs, asOf: "2025-06-27" }).calls).toEqual([]); // 8 days ahead
  });
});

describe("promises", () => {
  // As of 2025-07-01: P1 tier A (21 days) with promises; T1 tier C, 122 days, 50,000.00.
  const base = [inv("I1", "P1", "2025-05-11", "2025-06-10", "1,000.00"), inv("T1", "T1", "2025-01-01", "2025-03-01", "50,000.00")];

  it("a promise not paid by its date ranks first, flagged broken_promise", () => {
    const docs = [...base, pay("R1", "P1", "2025-06-20", "300.00")];
    const list = plan({ docs, asOf: "2025-07-01", events: [promise("2025-06-15", "P1", "1000.00", "2025-06-25", "I1")] });
    expect(ids(list)).toEqual(["P1", "T1"]);
    const p = list.calls[0]!;
    expect(p.flags).toEqual(["broken_promise"]);
    // tier A 100 + ⌊10·log10(700)⌋ = 28 + ⌊21/10⌋ = 2 + 2000
    expect(p.score).toEqual({ tier: 100, amount: 28, age: 2, flags: 2000, total: 2130 });
    expect(p.reasons[2]).toMatchObject({ kind: "broken_promise", promise: { madeOn: d("2025-06-15"), dueDate: d("2025-06-25"), docNo: "I1" } });
    expect(p.brokenPromise!.paid.toFixed(2)).toBe("300.00");
    // 300 + ⌊10·log10(50000)⌋ = 46 + 12 = 358 for the tier C customer: second.
    expect(list.calls[1]!.score.total).toBe(358);
  });

  it("a promise paid in full between its date and its due date is kept", () => {
    const docs = [...base, pay("R1", "P1", "2025-06-24", "600.00"), inv("I2", "P1", "2025-05-20", "2025-06-12", "600.00")];
    const list = plan({ docs, asOf: "2025-07-01", events: [promise("2025-06-15", "P1", "600", "2025-06-25")] });
    expect(list.calls.find((c) => c.customerId === "P1")!.flags).toEqual([]);
  });

  it("a promised invoice paid since (late) is no longer a broken promise", () => {
    const docs = [...base, inv("I2", "P1", "2025-05-20", "2025-06-12", "600.00"), pay("R1", "P1", "2025-06-28", "1,000.00", "I1")];
    const list = plan({ docs, asOf: "2025-07-01", events: [promise("2025-06-15", "P1", "1000", "2025-06-25", "I1")] });
    expect(list.calls.find((c) => c.customerId === "P1")!.flags).toEqual([]);
  });

  it("an open promise holds the calls until the day after its date", () => {
    // Promised on 2025-06-20 (the cadence would call again from 06-27) to pay by 07-03.
    const events = [promise("2025-06-20", "P1", "1000", "2025-07-03", "I1")];
    const list = plan({ docs: base, asOf: "2025-07-01", events, days: 3 });
    expect(ids(list)).toEqual(["T1"]);
    expect(list.skipped.map((s) => [s.subject.customerId, s.reason.kind])).toEqual([["P1", "open_promise"]]);
    // Through Tuesday 8 July: Friday 4 July is the first day allowed, but P1 is tier A: Tuesday.
    const week = plan({ docs: base, asOf: "2025-07-01", events, days: 6 });
    expect(isoDate(week.calls.find((c) => c.customerId === "P1")!.date)).toBe("2025-07-08");
  });

  it("takes flags from other commands (plan status, limitation) through the hook", () => {
    const missed: ExtraFlag = { flag: "broken_promise", agreedOn: parseIsoDate("2025-05-13")!, number: 2, currency: "CNY", amount: 50000n, paid: 0n, dueDate: parseIsoDate("2025-06-13")!, status: "missed" };
    const extraFlags = new Map<string, ExtraFlag[]>([
      ["P1", [{ flag: "expiring_claim", expiry: parseIsoDate("2025-08-01")!, daysLeft: 31, docNos: ["I1"] }]],
      ["T1", [missed]],
    ]);
    const list = plan({ docs: base, asOf: "2025-07-01", extraFlags });
    expect(ids(list)).toEqual(["T1", "P1"]);
    expect(list.calls[0]!.flags).toEqual(["broken_promise"]);
    expect(list.calls[0]!.reasons).toContainEqual({ kind: "extra", extra: missed });
    expect(list.calls[1]!.flags).toEqual(["expiring_claim"]);
    expect(list.calls[1]!.score.total).toBe(100 + 30 + 2 + 1000);
  });
});

describe("priority score", () => {
  it("amount points are ⌊10·log10(amount)⌋, exactly", () => {
    expect(amountPoints(8000000n, 2)).toBe(49); // 80,000.00: log10 = 4.903
    expect(amountPoints(100n, 2)).toBe(0); // 1.00
    expect(amountPoints(99n, 2)).toBe(0);
    expect(amountPoints(1000n, 2)).toBe(10); // 10.00
    expect(amountPoints(99999n, 2)).toBe(29); // 999.99
    expect(amountPoints(100000n, 2)).toBe(30); // 1,000.00
    expect(amountPoints(8496000n, 2)).toBe(49); // 84,960.00
    expect(amountPoints(316228n, 2)).toBe(35); // 3,162.28 ≥ 10^3.5
    expect(amountPoints(316227n, 2)).toBe(34);
  });

  it("adds tier, amount, age and flags", () => {
    expect(scoreOf("B", 8496000n, 2, 65, ["broken_promise"])).toEqual({ tier: 200, amount: 49, age: 6, flags: 2000, total: 2255 });
    expect(scoreOf("C", 24987600n, 2, 400, ["over_limit", "due_soon"])).toEqual({ tier: 300, amount: 53, age: 36, flags: 50, total: 439 });
  });

  it("skips a customer who must not be contacted and says so", () => {
    const list = plan({ docs: [inv("I1", "N1", "2025-01-01", "2025-03-01", "100.00")], asOf: "2025-07-01", profiles: [profile("N1", { doNotContact: true })] });
    expect(list.calls).toEqual([]);
    expect(list.skipped.map((s) => [s.subject.customerId, s.reason])).toEqual([["N1", { kind: "do_not_contact" }]]);
  });

  it("leaves disputed items out of amounts, ages and tiers", () => {
    const docs = [inv("I1", "D1", "2025-01-01", "2025-03-01", "9,000.00", { disputed: true }), inv("I2", "D1", "2025-05-20", "2025-06-20", "100.00")];
    const c = plan({ docs, asOf: "2025-07-01" }).calls[0]!;
    expect([c.tier, c.overdue, c.oldestDaysOverdue]).toEqual(["A", 10000n, 11]);
  });
});

describe("the calendar never schedules a call on a non-working day", () => {
  const settingsArb = fc.record({
    weekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    perHour: fc.integer({ min: 1, max: 4 }),
  });
  it("holds for random ledgers, dates, weekdays and holiday overrides", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: d("2024-01-01"), max: d("2026-12-31") }),
        fc.integer({ min: 1, max: 8 }),
        settingsArb,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { maxLength: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 99999 }), fc.constantFrom<Segment>("individual", "enterprise", "large_enterprise")), { minLength: 1, maxLength: 12 }),
        (asOf, days, st, offsets, customers) => {
          const overrides = new Map<Day, DayOverride>(offsets.map(([o, work]) => [asOf + o, work ? "work" : "off"]));
          const calendar = new BusinessCalendar({ overrides });
          const docs = customers.map(([overdue, amount], k) => inv(`I${k}`, `K${k}`, isoDate(asOf - overdue - 30), isoDate(asOf - overdue), `${amount}.00`));
          const profiles = customers.map(([, , segment], k) => profile(`K${k}`, { segment }));
          const settings = { ...DEFAULT_CALL_SETTINGS, ...st };
          const list = plan({ docs, profiles, asOf: isoDate(asOf), days, calendar, settings: st });
          const horizon = new Set(horizonDays(asOf, days, calendar));
          const used = new Map<Day, number>();
          for (const c of list.calls) {
            expect(calendar.isBusinessDay(c.date)).toBe(true);
            expect(horizon.has(c.date)).toBe(true);
            if (!c.anyBusinessDay) expect(settings.weekdays).toContain(weekdayOf(c.date));
            expect(avoidOn(c.date, c.segment, settings)).toBeUndefined();
            used.set(c.date, (used.get(c.date) ?? 0) + 1);
          }
          for (const n of used.values()) expect(n).toBeLessThanOrEqual(windowCapacity(settings));
          expect(list.calls.length + list.skipped.length).toBe(customers.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
