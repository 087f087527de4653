/**
 * The credit review (engine/credit.ts, SPEC.md "Credit review"), computed by hand: the paydex
 * mapping at every curve point and between them, SPEC's 72.5 → 73, risk classes at their
 * thresholds, suggested limits, review dates, and each alert with its threshold just met and just
 * missed. As-of 2025-06-30 throughout: the alerts' 90 days are (2025-04-01, 2025-06-30], the 270
 * days before them (2024-07-05, 2025-04-01].
 */
import { describe, expect, it } from "vitest";
import { makeBook } from "../../src/engine/book.js";
import type { CustomerProfile } from "../../src/engine/customers.js";
import { creditReview, largestRun, paydexOfInvoices, paydexScore, reviewDueOf, riskClassOf, suggestedLimitOf, type CreditRow } from "../../src/engine/credit.js";
import { parseIsoDate, type Day } from "../../src/engine/dates.js";
import type { ContactEvent } from "../../src/engine/events.js";
import { Decimal } from "../../src/engine/money.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { settle } from "../../src/engine/settle.js";
import { ledgerFrom } from "../helpers/ledger.js";

const d = (s: string): Day => parseIsoDate(s)!;
const AS_OF = d("2025-06-30");

function profile(id: string, extra: Partial<CustomerProfile> = {}): CustomerProfile {
  return { id, name: "", contactName: "", contactTitle: "", phone: "", email: "", address: "", postcode: "", segment: undefined, creditLimit: undefined, terms: undefined, lateFeeRate: undefined, lang: undefined, doNotContact: false, ...extra };
}

function review(table: string, opts: { master?: CustomerProfile[]; events?: ContactEvent[]; window?: number } = {}): CreditRow[] {
  const ledger = ledgerFrom(table);
  const settings = defaultSettings();
  const book = makeBook(
    { ledger, master: opts.master && new Map(opts.master.map((p) => [p.id, p])), events: opts.events ?? [], calendar: undefined, settings, asOf: AS_OF, apply: "fifo" },
    settle(ledger, AS_OF, { apply: "fifo", record: true }),
  );
  return creditReview(book, { window: opts.window ?? 24, credit: settings.credit }).rows;
}

const codes = (row: CreditRow | undefined) => row?.alerts.map((a) => a.code) ?? [];

describe("paydex mapping", () => {
  it("scores the curve's points exactly", () => {
    const at = (b: number, disc = false) => paydexScore(b, disc).toString();
    expect(at(-30)).toBe("100");
    expect(at(-45)).toBe("100");
    expect(at(-29)).toBe("80");
    expect(at(-29, true)).toBe("90");
    expect(at(-30, true)).toBe("100"); // anticipation beats the discount
    expect(at(0)).toBe("80");
    expect(at(15)).toBe("70");
    expect(at(22)).toBe("60");
    expect(at(30)).toBe("50");
    expect(at(60)).toBe("40");
    expect(at(90)).toBe("30");
    expect(at(120)).toBe("20");
    expect(at(365)).toBe("0");
    expect(at(500)).toBe("0");
  });

  it("interpolates linearly between them", () => {
    // b = 10: 80 − 10 × 10/15 = 73⅓; b = 18: 70 − 10 × 3/7 = 65 5/7; b = 26: 60 − 10 × 4/8 = 55;
    // b = 45: 50 − 15/30 × 10 = 45; b = 169: 20 − 20 × 49/245 = 16; b = 1: 80 − 2/3.
    expect(paydexScore(10).times(3).toString()).toBe("220");
    expect(paydexScore(18).times(7).toString()).toBe("460");
    expect(paydexScore(26).toString()).toBe("55");
    expect(paydexScore(45).toString()).toBe("45");
    expect(paydexScore(169).toString()).toBe("16");
    expect(paydexScore(1).times(3).toString()).toBe("238");
  });

  it("SPEC: three equal invoices at 80 and one at 50 → 72.5 → 73", () => {
    const inv = (b: number) => ({ amount: 100000n, b });
    expect(paydexOfInvoices([inv(0), inv(-5), inv(-29), inv(30)])).toBe(73);
  });

  it("is amount-weighted and null below 3 paid invoices", () => {
    // 3,000.00 at 80 and twice 500.00 at 40: (3,000 × 80 + 1,000 × 40) ÷ 4,000 = 70.
    expect(paydexOfInvoices([{ amount: 300000n, b: 0 }, { amount: 50000n, b: 60 }, { amount: 50000n, b: 60 }])).toBe(70);
    expect(paydexOfInvoices([{ amount: 1n, b: 0 }, { amount: 1n, b: 0 }])).toBeNull();
    // 80, 80 and b = 25 (60 − 3 × 10/8 = 56.25): 216.25 / 3 = 72.083 → 72.
    expect(paydexOfInvoices([{ amount: 1n, b: 0 }, { amount: 1n, b: 0 }, { amount: 1n, b: 25 }])).toBe(72);
  });
});

describe("risk class, limit, review", () => {
  it("classes at their thresholds; one worse for tier C or over the limit; N without a paydex", () => {
    expect([80, 79, 70, 69, 50, 49, 30, 29, 0].map((p) => riskClassOf(p, false, false)).join("")).toBe("ABBCCDDEE");
    expect(riskClassOf(80, true, false)).toBe("B");
    expect(riskClassOf(70, false, true)).toBe("C");
    expect(riskClassOf(29, true, true)).toBe("E");
    expect(riskClassOf(null, true, true)).toBe("N");
  });

  it("suggested limit: best 3 consecutive months × factor, rounded down to roundTo", () => {
    // Months 10,000 / 40,000 / 55,000 / 61,000 / 5,000: best run 40,000 + 55,000 + 61,000 = 156,000.
    expect(largestRun([1000000n, 4000000n, 5500000n, 6100000n, 500000n])).toBe(15600000n);
    // × 1.2 = 187,200 → 187,000; × 0.5 = 78,000; E: 0.
    expect(suggestedLimitOf(15600000n, 2, new Decimal("1.2"), new Decimal(1000)).toString()).toBe("187000");
    expect(suggestedLimitOf(15600000n, 2, new Decimal("0.5"), new Decimal(1000)).toString()).toBe("78000");
    expect(suggestedLimitOf(15600000n, 2, new Decimal("1.5"), new Decimal(500)).toString()).toBe("234000");
    expect(suggestedLimitOf(-500n, 2, new Decimal("1.5"), new Decimal(1000)).toString()).toBe("0");
  });

  it("review due: A yearly, B/C/N quarterly, D/E monthly from last_review; as-of without one", () => {
    const last = d("2025-01-31");
    expect(reviewDueOf("A", last, AS_OF)).toBe(d("2026-01-31"));
    expect(reviewDueOf("B", last, AS_OF)).toBe(d("2025-04-30"));
    expect(reviewDueOf("E", last, AS_OF)).toBe(d("2025-02-28"));
    expect(reviewDueOf("D", undefined, AS_OF)).toBe(AS_OF);
  });

  it("a customer's row: figures, class and limit by hand", () => {
    // Three invoices of 1,000.00, paid 0, 10 and 30 days late: days to pay 30, 40, 60 (terms 30).
    // avgDaysToPay 130/3 = 43.33, avgPaymentDelay 40/3 = 13.33, lateShare 2/3 = 0.6667;
    // paydex (80 + 73⅓ + 50)/3 = 67.78 → 68 → C; sales: 3,000 in 2025-01 (the three invoices)
    // plus 2,000 in 2025-03 → best run 5,000 × 1.0 = 5,000. Open I4 2,000.00 not yet due.
    const [row] = review(`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount   | applies_to
      I1     | invoice  | K           | 2025-01-02 | 2025-02-01 | 1,000.00 |
      I2     | invoice  | K           | 2025-01-02 | 2025-02-01 | 1,000.00 |
      I3     | invoice  | K           | 2025-01-02 | 2025-02-01 | 1,000.00 |
      I4     | invoice  | K           | 2025-03-02 | 2025-07-31 | 2,000.00 |
      P1     | payment  | K           | 2025-02-01 |            | 1,000.00 | I1
      P2     | payment  | K           | 2025-02-11 |            | 1,000.00 | I2
      P3     | payment  | K           | 2025-03-03 |            | 1,000.00 | I3
    `, { master: [profile("K", { creditLimit: new Decimal(4000), lastReview: d("2025-03-31") })] });
    expect(row!.paidInvoices).toBe(3);
    expect(row!.avgDaysToPay!.toFixed(2)).toBe("43.33");
    expect(row!.avgPaymentDelay!.toFixed(2)).toBe("13.33");
    expect(row!.lateShare!.toFixed(4)).toBe("0.6667");
    expect(row!.paydex).toBe(68);
    expect(row!.riskClass).toBe("C");
    expect(row!.balance).toBe(200000n);
    expect(row!.utilisation!.toFixed(4)).toBe("0.5000");
    expect(row!.sales3).toBe(500000n);
    expect(row!.suggestedLimit.toString()).toBe("5000");
    expect(row!.reviewDue).toBe(d("2025-06-30"));
  });
});

describe("alerts, each at its threshold", () => {
  // Receipts of the 270 days before: 3,000.00 → a 90-day average of 1,000.00.
  const activity = (recent: string) => `
    doc_no | doc_type | customer_id | doc_date   | due_date   | amount     | applies_to
    I1     | invoice  | K           | 2024-10-01 | 2024-10-31 | 100,000.00 |
    P1     | payment  | K           | 2024-12-15 |            | 3,000.00   |
    P2     | payment  | K           | 2025-06-01 |            | ${recent}  |
  `;
  it("activity_drop below 50%, watch below 70%, nothing at 70%", () => {
    expect(codes(review(activity("499.99"))[0])).toContain("activity_drop");
    expect(codes(review(activity("500.00"))[0])).toContain("watch");
    expect(codes(review(activity("699.99"))[0])).toContain("watch");
    expect(codes(review(activity("700.00"))[0])).not.toContain("watch");
    const a = review(activity("499.99"))[0]!.alerts.find((x) => x.code === "activity_drop")!;
    expect(a).toMatchObject({ recent: 49999n, baseline: 300000n });
    expect(a.code === "activity_drop" && a.ratio.toFixed(4)).toBe("0.5000"); // 0.49999 → 0.5000
  });

  // Three invoices paid on their due date in 2024, one paid x days late in June 2025: the window's
  // mean delay is x/4, the last 90 days' x; x − x/4 ≥ 15 ⇔ x ≥ 20.
  const delay = (paidOn: string) => `
    doc_no | doc_type | customer_id | doc_date   | due_date   | amount   | applies_to
    I1     | invoice  | K           | 2024-03-01 | 2024-03-31 | 1,000.00 |
    I2     | invoice  | K           | 2024-04-01 | 2024-05-01 | 1,000.00 |
    I3     | invoice  | K           | 2024-05-01 | 2024-05-31 | 1,000.00 |
    I4     | invoice  | K           | 2025-05-01 | 2025-05-31 | 1,000.00 |
    P1     | payment  | K           | 2024-03-31 |            | 1,000.00 | I1
    P2     | payment  | K           | 2024-05-01 |            | 1,000.00 | I2
    P3     | payment  | K           | 2024-05-31 |            | 1,000.00 | I3
    P4     | payment  | K           | ${paidOn} |            | 1,000.00 | I4
  `;
  it("delay_rising at 15 days above the window's mean, not at 14.25", () => {
    const met = review(delay("2025-06-20"))[0]!;
    expect(codes(met)).toContain("delay_rising");
    expect(met.alerts.find((a) => a.code === "delay_rising")).toMatchObject({ recent: new Decimal("20"), window: new Decimal("5") });
    expect(codes(review(delay("2025-06-19"))[0])).not.toContain("delay_rising");
  });

  it("paydex_drop at 10 points below the score 90 days earlier, not at 9", () => {
    // Earlier (2025-04-01): I1–I3 at 80 → 80. Now, with I4 at b: b = 60 → 40 → (240 + 40)/4 = 70:
    // a drop of 10. b = 54 → 42 → 70.5 → 71: a drop of 9.
    const met = review(delay("2025-06-30").replace("2025-05-01 | 2025-05-31", "2025-04-01 | 2025-05-01"))[0]!;
    expect(met.paydex).toBe(70);
    expect(codes(met)).toContain("paydex_drop");
    const missed = review(delay("2025-06-24").replace("2025-05-01 | 2025-05-31", "2025-04-01 | 2025-05-01"))[0]!;
    expect(missed.paydex).toBe(71);
    expect(codes(missed)).not.toContain("paydex_drop");
  });

  const overdue = (due: string) => `
    doc_no | doc_type | customer_id | doc_date   | due_date | amount   | applies_to
    I1     | invoice  | K           | 2025-01-01 | ${due}   | 1,000.00 |
  `;
  it("new_tier_c when tier C now and not 90 days earlier", () => {
    // Due 2025-03-31: 91 days overdue now (C), 1 day on 2025-04-01 (A).
    expect(codes(review(overdue("2025-03-31"))[0])).toContain("new_tier_c");
    // Due 2025-04-01: 90 days overdue (B).
    expect(codes(review(overdue("2025-04-01"))[0])).not.toContain("new_tier_c");
    // Due 2025-01-01: 180 days now; 90 days on 2025-04-01 … still B then: new; due 2024-12-31: C then too.
    expect(codes(review(overdue("2025-01-01"))[0])).toContain("new_tier_c");
    expect(codes(review(overdue("2024-12-31"))[0])).not.toContain("new_tier_c");
  });

  it("over_limit above the credit limit, not at it", () => {
    const table = overdue("2025-07-31");
    expect(codes(review(table, { master: [profile("K", { creditLimit: new Decimal("999.99") })] })[0])).toContain("over_limit");
    expect(codes(review(table, { master: [profile("K", { creditLimit: new Decimal("1000.00") })] })[0])).not.toContain("over_limit");
  });

  it("broken_promise: a promise due in the last 90 days and not kept", () => {
    const promise = (date: string, due: string, amount: string): ContactEvent => ({ date: d(date), customerId: "K", type: "promise", docNo: "I1", amount: new Decimal(amount), dueDate: d(due), note: "", evidence: [], file: "events.csv", line: 2 });
    const table = `
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount   | applies_to
      I1     | invoice  | K           | 2025-01-01 | 2025-01-31 | 1,000.00 |
      P1     | payment  | K           | 2025-04-10 |            |   400.00 | I1
    `;
    // Promised 500.00 by 2025-04-15, paid 400.00: broken, due in the last 90 days.
    const row = review(table, { events: [promise("2025-04-05", "2025-04-15", "500.00")] })[0]!;
    expect(codes(row)).toContain("broken_promise");
    expect([row.promisesKept, row.promisesBroken]).toEqual([0, 1]);
    // Promised 400.00: kept.
    const kept = review(table, { events: [promise("2025-04-05", "2025-04-15", "400.00")] })[0]!;
    expect(codes(kept)).not.toContain("broken_promise");
    expect([kept.promisesKept, kept.promisesBroken]).toEqual([1, 0]);
    // Due on 2025-04-01, the day before the 90 days: broken, but no alert.
    const old = review(table, { events: [promise("2025-03-20", "2025-04-01", "500.00")] })[0]!;
    expect(codes(old)).not.toContain("broken_promise");
    expect(old.promisesBroken).toBe(1);
  });
});

describe("ratioOf", () => {
  it("rounds half-up away from zero, in integers", async () => {
    const { ratioOf } = await import("../../src/engine/credit.js");
    expect(ratioOf(1n, 8n, 2)!.toFixed(2)).toBe("0.13");
    expect(ratioOf(-1n, 8n, 2)!.toFixed(2)).toBe("-0.13");
    expect(ratioOf(-1n, 1000n, 2)!.toFixed(2)).toBe("0.00");
    expect(ratioOf(2n, 3n, 4)!.toFixed(4)).toBe("0.6667");
    expect(ratioOf(1n, 0n, 2)).toBeNull();
  });
});
