/**
 * `ar kpi`'s figures (engine/kpi.ts, SPEC "KPIs"): SPEC's worked examples verbatim, and a small
 * ledger over three months with every figure worked by hand below.
 */
import { describe, expect, it } from "vitest";
import { parseIsoDate, type Day } from "../../src/engine/dates.js";
import type { ContactEvent } from "../../src/engine/events.js";
import { settleOver } from "../../src/engine/history.js";
import { collectionEffectiveness, countbackDso, kpiDates, kpiReport, type KpiFigures } from "../../src/engine/kpi.js";
import { Decimal } from "../../src/engine/money.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { ledgerOf } from "../../src/engine/store/builder.js";
import { documents } from "../helpers/ledger.js";

const day = (s: string): Day => parseIsoDate(s)!;
const units = (n: number) => BigInt(Math.round(n * 100));

describe("SPEC's worked examples", () => {
  it("countback DSO: closing 212,000 against sales of 100,000, 80,000 and 70,000 in 30-day months = 30 + 30 + 32/70 × 30 = 73.71", () => {
    const months = [100000, 80000, 70000].map((s) => ({ sales: units(s), days: 30 }));
    expect(countbackDso(units(212000), months)!.toFixed(2)).toBe("73.71");
  });
  it("countback DSO: 0 when closing ≤ 0; null when the months run out first", () => {
    expect(countbackDso(0n, [])!.toFixed(2)).toBe("0.00");
    expect(countbackDso(units(500), [{ sales: units(100), days: 30 }])).toBeNull();
  });
  it("CEI: opening 6,200, sales 10,890, closing 6,340, current 3,590 → 10,750 / 13,500 = 79.63", () => {
    expect(collectionEffectiveness(units(6200), units(10890), units(6340), units(3590))!.toFixed(2)).toBe("79.63");
    // Denominator ≤ 0: undefined.
    expect(collectionEffectiveness(0n, 0n, 0n, 0n)).toBeNull();
  });
});

/*
 * The hand-worked ledger, as-of 2025-03-20, three periods: Jan (31 days), Feb (28), Mar 1–20 (20).
 *   I1 A 01-05 due 02-04 1,000   P1 A 01-25 1,000 → I1      I1 paid in full 01-25: 20 days, 10 early
 *   I2 B 01-20 due 02-19 2,000   C1 B 02-15 credit 200 → I2, P2 B 02-25 1,800 → I2: paid in full 02-25, 36 days, 6 late
 *   I5 C 02-01 due 03-03 1,000 on 2/10 terms; P5 C 02-05 980 → I5: discount 20, paid in full 02-05, 4 days, 26 early
 *   I3 A 02-10 due 03-12 3,000   W1 A 03-15 write-off 500 → I3, P3 A 03-18 1,000 → I3: 1,500 open, overdue at 03-20
 *   I4 B 03-01 due 03-31 1,500   open, current at 03-20
 * Movements and balances:
 *   Jan: opening 0 + invoiced 3,000 − collected 1,000 = closing 2,000 (I2, current); sales 3,000
 *   Feb: 2,000 + 4,000 − credited 200 − collected 2,780 − discounts 20 = 3,000 (I3, current); sales 3,800
 *   Mar: 3,000 + 1,500 − collected 1,000 − written off 500 = 3,000 (I3 1,500 overdue, I4 1,500 current); sales 1,500
 * DSO over 3 months (months before the ledger: no sales):
 *   Jan: S 3,000, D 30+31+31 = 92: 2,000 × 92 / 3,000 = 61.33 (best the same, ADD 0) — above 45: missed
 *   Feb: S 6,800, D 31+31+28 = 90: 3,000 × 90 / 6,800 = 39.71 (best the same, ADD 0)
 *   Mar: S 8,300, D 31+28+20 = 79: 3,000 × 79 / 8,300 = 28.55; best 1,500 × 79 / 8,300 = 14.28;
 *        ADD = 1,500 × 79 / 8,300 = 14.28 (exact, rounded once; 28.55 − 14.28 would say 14.27)
 * Countback: Jan 2,000/3,000 × 31 = 20.67; Feb 3,000/3,800 × 28 = 22.11;
 *   Mar 3,000 > 1,500: 20 days, 1,500 left; 1,500/3,800 × 28 = 11.05; 31.05
 * CEI: Jan (0 + 3,000 − 2,000)/(0 + 3,000 − 2,000) = 100.00; Feb (2,000 + 3,800 − 3,000)/(… − 3,000) = 100.00;
 *   Mar (3,000 + 1,500 − 3,000)/(3,000 + 1,500 − 1,500) = 1,500/3,000 = 50.00
 * 12-period window (all the ledger; balance before it 0): Jan S12 3,000, turnover 3,000/((0 + 2,000)/2) = 3.0000,
 *   days 360/3 = 120.00; Feb 6,800/1,500 = 4.5333, 360 × 3,000/13,600 = 79.41; Mar 8,300/1,500 = 5.5333,
 *   360 × 3,000/16,600 = 65.06; overdue ÷ revenue Mar 1,500/8,300 = 0.1807 (> 0.03: missed); bad debt Mar 500/8,300 = 0.0602
 * Paid in full: Jan I1: 20.00 days, −10.00, on time 1.0000; Feb I2 (2,000) and I5 (1,000):
 *   (2,000 × 36 + 1,000 × 4)/3,000 = 25.33 days, (2,000 × 6 − 1,000 × 26)/3,000 = −4.67, on time 1,000/3,000 = 0.3333;
 *   Mar: none (I3 is open; a write-off never counts).
 */
const ledger = (() => {
  const docs = documents`
    doc_no | doc_type    | customer_id | doc_date   | due_date   | amount   | applies_to
    I1     | invoice     | A           | 2025-01-05 | 2025-02-04 | 1,000.00 |
    I2     | invoice     | B           | 2025-01-20 | 2025-02-19 | 2,000.00 |
    P1     | payment     | A           | 2025-01-25 |            | 1,000.00 | I1
    I5     | invoice     | C           | 2025-02-01 | 2025-03-03 | 1,000.00 |
    P5     | payment     | C           | 2025-02-05 |            |   980.00 | I5
    I3     | invoice     | A           | 2025-02-10 | 2025-03-12 | 3,000.00 |
    C1     | credit_note | B           | 2025-02-15 |            |   200.00 | I2
    P2     | payment     | B           | 2025-02-25 |            | 1,800.00 | I2
    I4     | invoice     | B           | 2025-03-01 | 2025-03-31 | 1,500.00 |
    W1     | write_off   | A           | 2025-03-15 |            |   500.00 | I3
    P3     | payment     | A           | 2025-03-18 |            | 1,000.00 | I3
  `;
  docs.find((d) => d.docNo === "I5")!.discount = { rate: "0.02", days: 10 };
  return ledgerOf(docs);
})();

const AS_OF = day("2025-03-20");

function report(events: ContactEvent[] = [], byCustomer = false, dsoMonths = 3) {
  const history = settleOver(ledger, [...kpiDates(AS_OF, 3), AS_OF], { apply: "fifo" });
  const s = defaultSettings();
  return kpiReport(history, events, { asOf: AS_OF, months: 3, dsoMonths, settings: s.kpi, festivalPushDays: 14, byCustomer, defaultCurrency: "CNY" });
}

/** The figures as JSON would print them. */
function shown(f: KpiFigures) {
  const m = (u: bigint) => new Decimal(u.toString()).div(100).toFixed(2);
  const d = (x: Decimal | null, p: number) => (x === null ? null : x.toFixed(p));
  return {
    days: f.days,
    opening: m(f.opening),
    invoiced: m(f.invoiced),
    credited: m(f.credited),
    collected: m(f.collected),
    writtenOff: m(f.writtenOff),
    discounts: m(f.discounts),
    closing: m(f.closing),
    sales: m(f.sales),
    current: m(f.current),
    overdue: m(f.overdue),
    dso: d(f.dso, 2),
    bestPossibleDso: d(f.bestPossibleDso, 2),
    add: d(f.add, 2),
    countbackDso: d(f.countbackDso, 2),
    cei: d(f.cei, 2),
    overdueRatio: d(f.overdueRatio, 4),
    overdueToRevenue: d(f.overdueToRevenue, 4),
    turnover: d(f.turnover, 4),
    turnoverDays: d(f.turnoverDays, 2),
    badDebtRate: d(f.badDebtRate, 4),
    avgDaysToPay: d(f.avgDaysToPay, 2),
    avgPaymentDelay: d(f.avgPaymentDelay, 2),
    onTimeRate: d(f.onTimeRate, 4),
    targetsMissed: f.targetsMissed,
  };
}

describe("kpiReport on a hand-worked ledger", () => {
  const r = report();
  it("three periods, the last month to date", () => {
    expect(r.periods.map((p) => [p.start, p.end, p.days])).toEqual([
      [day("2025-01-01"), day("2025-01-31"), 31],
      [day("2025-02-01"), day("2025-02-28"), 28],
      [day("2025-03-01"), day("2025-03-20"), 20],
    ]);
  });
  it("January", () => {
    expect(shown(r.periods[0]!)).toEqual({
      days: 31, opening: "0.00", invoiced: "3000.00", credited: "0.00", collected: "1000.00", writtenOff: "0.00", discounts: "0.00", closing: "2000.00",
      sales: "3000.00", current: "2000.00", overdue: "0.00", dso: "61.33", bestPossibleDso: "61.33", add: "0.00", countbackDso: "20.67", cei: "100.00",
      overdueRatio: "0.0000", overdueToRevenue: "0.0000", turnover: "3.0000", turnoverDays: "120.00", badDebtRate: "0.0000",
      avgDaysToPay: "20.00", avgPaymentDelay: "-10.00", onTimeRate: "1.0000", targetsMissed: ["dso"],
    });
  });
  it("February (a credit note and a discount allowed)", () => {
    expect(shown(r.periods[1]!)).toEqual({
      days: 28, opening: "2000.00", invoiced: "4000.00", credited: "200.00", collected: "2780.00", writtenOff: "0.00", discounts: "20.00", closing: "3000.00",
      sales: "3800.00", current: "3000.00", overdue: "0.00", dso: "39.71", bestPossibleDso: "39.71", add: "0.00", countbackDso: "22.11", cei: "100.00",
      overdueRatio: "0.0000", overdueToRevenue: "0.0000", turnover: "4.5333", turnoverDays: "79.41", badDebtRate: "0.0000",
      avgDaysToPay: "25.33", avgPaymentDelay: "-4.67", onTimeRate: "0.3333", targetsMissed: [],
    });
  });
  it("March to date (a write-off, an overdue item)", () => {
    expect(shown(r.periods[2]!)).toEqual({
      days: 20, opening: "3000.00", invoiced: "1500.00", credited: "0.00", collected: "1000.00", writtenOff: "500.00", discounts: "0.00", closing: "3000.00",
      sales: "1500.00", current: "1500.00", overdue: "1500.00", dso: "28.55", bestPossibleDso: "14.28", add: "14.28", countbackDso: "31.05", cei: "50.00",
      overdueRatio: "0.5000", overdueToRevenue: "0.1807", turnover: "5.5333", turnoverDays: "65.06", badDebtRate: "0.0602",
      avgDaysToPay: null, avgPaymentDelay: null, onTimeRate: null, targetsMissed: ["overdueToRevenue"],
    });
  });
  it("--dso-months 1: March 3,000 / 1,500 × 20 = 40.00, best 20.00", () => {
    const m = report([], false, 1).periods[2]!;
    expect([m.dso!.toFixed(2), m.bestPossibleDso!.toFixed(2), m.add!.toFixed(2)]).toEqual(["40.00", "20.00", "20.00"]);
  });
  it("--by customer: the last period per account; A: opening 3,000 (I3), closing 1,500 overdue", () => {
    const c = report([], true).customers!;
    expect(c.map((x) => ledger.customers[x.customer]!.key)).toEqual(["A", "B"]);
    const a = shown(c[0]!);
    expect([a.opening, a.collected, a.writtenOff, a.closing, a.overdue, a.cei]).toEqual(["3000.00", "1000.00", "500.00", "1500.00", "1500.00", "50.00"]);
    // B: I4 invoiced 1,500 in March, current; CEI (0 + 1,500 − 1,500)/(0 + 1,500 − 1,500): undefined.
    const b = shown(c[1]!);
    expect([b.opening, b.invoiced, b.closing, b.current, b.cei]).toEqual(["0.00", "1500.00", "1500.00", "1500.00", null]);
  });
  it("events: a promise kept, a call followed by a payment within 14 days, a visit not", () => {
    const ev = (date: string, customerId: string, type: ContactEvent["type"], extra: Partial<ContactEvent> = {}): ContactEvent => ({
      date: day(date), customerId, type, docNo: "", amount: undefined, dueDate: undefined, note: "", evidence: [], file: "events.csv", line: 2, ...extra,
    });
    const r2 = report([
      ev("2025-03-10", "A", "promise", { amount: new Decimal(1000), dueDate: day("2025-03-18") }),
      ev("2025-03-10", "A", "call"),
      ev("2025-03-02", "B", "visit"),
    ]);
    expect(r2.promises.map((p) => [p.due, p.kept])).toEqual([[0, 0], [0, 0], [1, 1]]);
    expect(r2.promises[2]!.keptRate!.toFixed(4)).toBe("1.0000");
    expect(r2.channels.map((c) => [c.type, c.contacts, c.followed, c.rate!.toFixed(4), c.collected.map((x) => x.units)])).toEqual([
      ["call", 1, 1, "1.0000", [100000n]],
      ["visit", 1, 0, "0.0000", []],
    ]);
    expect(r2.plans).toBeNull();
  });
});
