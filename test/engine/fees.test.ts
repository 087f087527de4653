import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoDate, type Day } from "../../src/engine/dates.js";
import { feeRateFor, feeReport, lateFee, type FeeInvoice, type FeeOptions, type FeeTerms } from "../../src/engine/fees.js";
import { Decimal, unitsString } from "../../src/engine/money.js";
import { settle } from "../../src/engine/settle.js";
import { docNoOf } from "../../src/engine/ledger.js";
import { readLedgerText } from "../helpers/ledger.js";

const d = (iso: string): Day => parseIsoDate(iso)!;
const dec = (s: string) => new Decimal(s);
const terms = (rate = "0.003", graceDays = 0, cap: string | null = null): FeeTerms => ({ rate: dec(rate), graceDays, cap: cap === null ? null : dec(cap) });
const invoice = (amount: string, due: string, settlements: [string, string][] = []): FeeInvoice => ({
  amount: dec(amount),
  dueDate: d(due),
  settlements: settlements.map(([date, a]) => ({ date: d(date), amount: dec(a) })),
});

/** The money fields as strings, for whole-result comparisons that read like the hand computation. */
function shown(f: ReturnType<typeof lateFee>) {
  return { outstanding: f.outstanding.toFixed(2), feeDays: f.feeDays, fee: f.fee.toFixed(2), feePerDay: f.feePerDay.toFixed(2), claim: f.claim.toFixed(2) };
}

describe("lateFee: one invoice", () => {
  it("paid on the due date: nothing accrues", () => {
    // Due 03-31, paid in full 03-31: the payment counts from 04-01, the first fee day, so
    // outstanding(d) = 0 for every d in [04-01, 06-30].
    const f = lateFee(invoice("1000.00", "2025-03-31", [["2025-03-31", "1000.00"]]), d("2025-06-30"), terms());
    expect(shown(f)).toEqual({ outstanding: "0.00", feeDays: 0, fee: "0.00", feePerDay: "0.00", claim: "0.00" });
    expect(f.paidInFullOn).toBe(d("2025-03-31"));
  });

  it("paid 4 days late: 4 days at the full amount", () => {
    // Due 03-31, paid 04-04: owed 1,000.00 on 04-01, 04-02, 04-03, 04-04 (the payment day itself).
    // fee = 0.003 × 4 × 1,000.00 = 12.00; nothing is owed at as-of, so no fee per day.
    const f = lateFee(invoice("1000.00", "2025-03-31", [["2025-04-04", "1000.00"]]), d("2025-06-30"), terms());
    expect(shown(f)).toEqual({ outstanding: "0.00", feeDays: 4, fee: "12.00", feePerDay: "0.00", claim: "12.00" });
    expect(f.paidInFullOn).toBe(d("2025-04-04"));
  });

  it("a partial payment midway: two segments", () => {
    // 2,000.00 due 01-31, 500.00 paid 02-10, as-of 02-28.
    //   02-01 … 02-10: 10 days × 2,000.00 = 20,000.00
    //   02-11 … 02-28: 18 days × 1,500.00 = 27,000.00
    // fee = 0.003 × 47,000.00 = 141.00; 28 fee days; per day 0.003 × 1,500.00 = 4.50;
    // claim = 1,500.00 + 141.00 = 1,641.00.
    const f = lateFee(invoice("2000.00", "2025-01-31", [["2025-02-10", "500.00"]]), d("2025-02-28"), terms());
    expect(shown(f)).toEqual({ outstanding: "1500.00", feeDays: 28, fee: "141.00", feePerDay: "4.50", claim: "1641.00" });
    expect(f.paidInFullOn).toBeNull();
  });

  it("a payment before the due date lowers the amount the fee runs on", () => {
    // 1,000.00 due 03-31, 600.00 paid 03-15; as-of 04-10: 10 days × 400.00 × 0.003 = 12.00.
    const f = lateFee(invoice("1000.00", "2025-03-31", [["2025-03-15", "600.00"]]), d("2025-04-10"), terms());
    expect(shown(f)).toEqual({ outstanding: "400.00", feeDays: 10, fee: "12.00", feePerDay: "1.20", claim: "412.00" });
  });

  it("settlements in any order and on the same day add up", () => {
    // 1,000.00 due 01-31: 300.00 on 02-05 and 200.00 on 02-05 (given out of order with 500.00 on 02-20).
    //   02-01 … 02-05: 5 × 1,000 = 5,000; 02-06 … 02-20: 15 × 500 = 7,500; paid in full 02-20.
    // fee = 0.003 × 12,500 = 37.50, 20 fee days.
    const f = lateFee(invoice("1000.00", "2025-01-31", [["2025-02-20", "500.00"], ["2025-02-05", "300.00"], ["2025-02-05", "200.00"]]), d("2025-03-31"), terms());
    expect(shown(f)).toEqual({ outstanding: "0.00", feeDays: 20, fee: "37.50", feePerDay: "0.00", claim: "37.50" });
    expect(f.paidInFullOn).toBe(d("2025-02-20"));
  });

  it("ignores settlements dated after as-of", () => {
    // As of 02-10 the 02-20 payment has not happened: 10 days × 1,000 × 0.003 = 30.00.
    const f = lateFee(invoice("1000.00", "2025-01-31", [["2025-02-20", "1000.00"]]), d("2025-02-10"), terms());
    expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 10, fee: "30.00", feePerDay: "3.00", claim: "1030.00" });
  });

  it("not yet due: nothing", () => {
    const f = lateFee(invoice("1000.00", "2025-07-31"), d("2025-06-30"), terms());
    expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 0, fee: "0.00", feePerDay: "3.00", claim: "1000.00" });
    expect(f.daysOverdue).toBe(-31);
  });

  describe("grace of 5 days: a threshold, not a deduction", () => {
    const inv = invoice("1000.00", "2025-06-27");
    it("3 days overdue: inside grace, fee 0 and fee days 0", () => {
      // as-of 06-30 = due + 3 ≤ 5. The fee per day is still the contract's: 0.003 × 1,000.00.
      const f = lateFee(inv, d("2025-06-30"), terms("0.003", 5));
      expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 0, fee: "0.00", feePerDay: "3.00", claim: "1000.00" });
      expect(f.inGrace).toBe(true);
    });
    it("6 days overdue: the whole fee from due+1", () => {
      // as-of 07-03 = due + 6 > 5: 06-28 … 07-03 = 6 days × 1,000.00 × 0.003 = 18.00.
      const f = lateFee(inv, d("2025-07-03"), terms("0.003", 5));
      expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 6, fee: "18.00", feePerDay: "3.00", claim: "1018.00" });
      expect(f.inGrace).toBe(false);
    });
    it("a settled invoice is judged at its full-payment date, not at as-of", () => {
      // Paid in full 3 days late, as-of months later: 3 ≤ 5, no fee.
      const early = lateFee(invoice("1000.00", "2025-06-27", [["2025-06-30", "1000.00"]]), d("2025-12-31"), terms("0.003", 5));
      expect(shown(early)).toEqual({ outstanding: "0.00", feeDays: 0, fee: "0.00", feePerDay: "0.00", claim: "0.00" });
      // Paid in full 6 days late: 6 × 1,000.00 × 0.003 = 18.00.
      const late = lateFee(invoice("1000.00", "2025-06-27", [["2025-07-03", "1000.00"]]), d("2025-12-31"), terms("0.003", 5));
      expect(shown(late)).toEqual({ outstanding: "0.00", feeDays: 6, fee: "18.00", feePerDay: "0.00", claim: "18.00" });
    });
  });

  describe("cap of 10% of the invoice amount", () => {
    // 1,000.00 at 0.003 accrues 3.00 a day; the cap is 0.1 × 1,000.00 = 100.00, passed on day 34.
    const inv = invoice("1000.00", "2025-01-31");
    it("before the cap: 33 days, 99.00", () => {
      const f = lateFee(inv, d("2025-03-05"), terms("0.003", 0, "0.1"));
      expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 33, fee: "99.00", feePerDay: "3.00", claim: "1099.00" });
      expect(f.capped).toBe(false);
    });
    it("the cap reached midway: 34 days would be 102.00, capped to 100.00, no more per day", () => {
      const f = lateFee(inv, d("2025-03-06"), terms("0.003", 0, "0.1"));
      expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 34, fee: "100.00", feePerDay: "0.00", claim: "1100.00" });
      expect(f.capped).toBe(true);
    });
    it("inside grace the fee is 0, not capped: the fee per day stays", () => {
      // 40 days × 3.00 = 120.00 would pass the cap, but with grace 45 the fee is 0 and per day 3.00.
      const f = lateFee(inv, d("2025-03-12"), terms("0.003", 45, "0.1"));
      expect(shown(f)).toEqual({ outstanding: "1000.00", feeDays: 0, fee: "0.00", feePerDay: "3.00", claim: "1000.00" });
      expect(f.capped).toBe(false);
    });
    it("applied before rounding", () => {
      // 333.33 × 0.003 × 40 = 39.9996 > 0.1 × 333.33 = 33.333 → 33.33 (not 33.333 rounded from 40.00).
      const f = lateFee(invoice("333.33", "2025-01-31"), d("2025-03-12"), terms("0.003", 0, "0.1"));
      expect(f.fee.toFixed(2)).toBe("33.33");
      expect(f.feePerDay.toFixed(2)).toBe("0.00");
    });
  });

  describe("rounding: half-up, once per invoice", () => {
    it("once, not per day", () => {
      // 1.00 × 0.003 = 0.003 a day: per-day rounding gives 0.00 × 3; once: 0.009 → 0.01.
      expect(lateFee(invoice("1.00", "2025-01-31"), d("2025-02-03"), terms()).fee.toFixed(2)).toBe("0.01");
    });
    it("half-up, not half-even", () => {
      // 5.00 × 0.001 × 1 day = 0.005 → 0.01 (banker's rounding would give 0.00).
      const f = lateFee(invoice("5.00", "2025-01-31"), d("2025-02-01"), terms("0.001"));
      expect(f.fee.toFixed(2)).toBe("0.01");
      expect(f.feePerDay.toFixed(2)).toBe("0.01");
    });
    it("exact decimals: no binary floating point", () => {
      // 0.10 and 0.20 paid on 02-01 leave exactly 99.80 (in binary floating point, 100.1 − 0.1 − 0.2 ≠ 99.8).
      const f = lateFee(invoice("100.10", "2025-01-31", [["2025-02-01", "0.10"], ["2025-02-01", "0.20"]]), d("2025-02-03"), terms("0.0003"));
      // 02-01 at 100.10, 02-02 … 02-03 at 99.80: 100.10 + 199.60 = 299.70 × 0.0003 = 0.08991 → 0.09.
      expect(f.fee.toFixed(5)).toBe("0.09000");
      expect(f.outstanding.toString()).toBe("99.8");
    });
  });

  describe("the SPEC worked examples (as-of 2025-06-30, rate 0.003, no grace)", () => {
    const asOf = d("2025-06-30");
    it("C1 I1: paid in full by FIFO on 04-10, 10 days at 1,000.00 = 30.00", () => {
      const f = lateFee(invoice("1000.00", "2025-03-31", [["2025-04-10", "1000.00"]]), asOf, terms());
      expect(shown(f)).toEqual({ outstanding: "0.00", feeDays: 10, fee: "30.00", feePerDay: "0.00", claim: "30.00" });
    });
    it("C1 I2: 500.00 paid before due, 41 days at 300.00 = 36.90", () => {
      // 05-21 … 06-30 = 11 + 30 = 41 days; 0.003 × 41 × 300.00 = 36.90; per day 0.90.
      const f = lateFee(invoice("800.00", "2025-05-20", [["2025-04-20", "500.00"]]), asOf, terms());
      expect(shown(f)).toEqual({ outstanding: "300.00", feeDays: 41, fee: "36.90", feePerDay: "0.90", claim: "336.90" });
    });
    it("C3 I4: 10 days at 1,000.00 and 20 at 600.00 = 66.00", () => {
      // 0.003 × (10 × 1,000 + 20 × 600) = 0.003 × 22,000 = 66.00; per day 0.003 × 600 = 1.80.
      const f = lateFee(invoice("1000.00", "2025-05-31", [["2025-06-10", "400.00"]]), asOf, terms());
      expect(shown(f)).toEqual({ outstanding: "600.00", feeDays: 30, fee: "66.00", feePerDay: "1.80", claim: "666.00" });
    });
  });

  it("years overdue is computed by segments, exactly", () => {
    // 100,000.00 due 2000-01-01, as-of 2025-01-01: 9,132 days (25 × 365 + 7 leap days: 2000, 2004, …, 2024).
    // 0.0005 × 9,132 × 100,000.00 = 456,600.00.
    const f = lateFee(invoice("100000.00", "2000-01-01"), d("2025-01-01"), terms("0.0005"));
    expect(f.feeDays).toBe(9132);
    expect(f.fee.toFixed(2)).toBe("456600.00");
  });
});

/** Day by day, as the formula reads: the reference the segment walk must agree with. */
function naiveFee(inv: FeeInvoice, asOf: Day, t: FeeTerms): { fee: string; feeDays: number } {
  let sum = new Decimal(0);
  let feeDays = 0;
  let paidInFullOn: Day | null = null;
  let owedAtAsOf = inv.amount;
  for (const s of [...inv.settlements].sort((a, b) => a.date - b.date)) {
    if (s.date > asOf) continue;
    owedAtAsOf = owedAtAsOf.minus(s.amount);
    if (paidInFullOn === null && owedAtAsOf.lessThanOrEqualTo(0)) paidInFullOn = s.date;
  }
  for (let day = inv.dueDate + 1; day <= asOf; day++) {
    let owed = inv.amount;
    for (const s of inv.settlements) if (s.date < day) owed = owed.minus(s.amount);
    if (owed.greaterThan(0)) {
      sum = sum.plus(owed);
      feeDays++;
    }
  }
  const overdue = owedAtAsOf.greaterThan(0) || paidInFullOn === null ? asOf - inv.dueDate : paidInFullOn - inv.dueDate;
  if (overdue <= t.graceDays) return { fee: "0.00", feeDays: 0 };
  let fee = t.rate.times(sum);
  if (t.cap !== null && fee.greaterThan(t.cap.times(inv.amount))) fee = t.cap.times(inv.amount);
  return { fee: fee.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2), feeDays };
}

const base = d("2025-01-01");
const arbInvoice = fc
  .record({
    cents: fc.integer({ min: 1, max: 10_000_000 }),
    due: fc.integer({ min: 0, max: 60 }),
    pays: fc.array(fc.record({ offset: fc.integer({ min: -30, max: 200 }), share: fc.integer({ min: 1, max: 60 }) }), { maxLength: 5 }),
  })
  .map(({ cents, due, pays }): FeeInvoice => {
    // Settlements never exceed what was owed (settlement pays up to the outstanding).
    let left = BigInt(cents);
    const settlements = pays.map((p) => {
      const part = (left * BigInt(p.share)) / 100n;
      left -= part;
      return { date: base + due + p.offset, amount: new Decimal(part.toString()).div(100) };
    });
    if (pays.length > 0 && pays[0]!.share > 50) settlements.push({ date: base + due + pays[0]!.offset + 3, amount: new Decimal(left.toString()).div(100) });
    return { amount: new Decimal(cents).div(100), dueDate: base + due, settlements: settlements.filter((s) => s.amount.greaterThan(0)) };
  });
const arbTerms = fc.record({
  rate: fc.integer({ min: 0, max: 100 }).map((n) => new Decimal(n).div(10000)),
  graceDays: fc.integer({ min: 0, max: 10 }),
  cap: fc.option(fc.integer({ min: 1, max: 100 }).map((n) => new Decimal(n).div(100)), { nil: null }),
});

describe("lateFee: properties", () => {
  it("agrees with the day-by-day formula", () => {
    fc.assert(
      fc.property(arbInvoice, arbTerms, fc.integer({ min: 0, max: 300 }), (inv, t, asOffset) => {
        const asOf = base + asOffset;
        const f = lateFee(inv, asOf, t);
        expect({ fee: f.fee.toFixed(2), feeDays: f.feeDays }).toEqual(naiveFee(inv, asOf, t));
        expect(f.claim.equals(f.outstanding.plus(f.fee))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("the fee never falls as as-of moves on, and never exceeds cap × amount", () => {
    fc.assert(
      fc.property(arbInvoice, arbTerms, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (inv, t, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const f1 = lateFee(inv, base + early, t);
        const f2 = lateFee(inv, base + late, t);
        expect(f2.fee.greaterThanOrEqualTo(f1.fee)).toBe(true);
        if (t.cap !== null) {
          // Rounding half-up of a value ≤ cap × amount can pass it by at most half a cent.
          expect(f2.fee.lessThanOrEqualTo(t.cap.times(inv.amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP))).toBe(true);
          if (f2.capped) expect(f2.feePerDay.isZero()).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

async function settledLedger(csv: string, asOf: string) {
  const read = await readLedgerText(csv, d(asOf), { encoding: "utf8" });
  expect(read.rejected).toEqual([]);
  return settle(read.ledger, d(asOf), { apply: "fifo", record: true });
}

const WORKED = `doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,applies_to
I1,invoice,C1,华东贸易,2025-03-01,2025-03-31,1000.00,
P1,payment,C1,华东贸易,2025-04-10,,1500.00,
I2,invoice,C1,华东贸易,2025-04-20,2025-05-20,800.00,
I3,invoice,C2,Acme,2025-04-05,2025-05-05,500.00,
P3,payment,C2,Acme,2025-04-01,,500.00,I3
I4,invoice,C3,Beta,2025-05-01,2025-05-31,1000.00,
P4,payment,C3,Beta,2025-06-10,,400.00,I4
`;

describe("feeReport", () => {
  const options = (over: Partial<FeeOptions> = {}): FeeOptions => ({ defaultRate: dec("0.003"), graceDays: 0, cap: null, includeSettled: false, ...over });
  const rows = (r: ReturnType<typeof feeReport>, s: Awaited<ReturnType<typeof settledLedger>>) => {
    const m = (u: bigint) => unitsString(u, r.scale);
    return r.items.map((it) => [s.ledger.customers[it.customer]!.key, docNoOf(s.ledger, it.index), m(it.outstanding), it.feeDays, m(it.fee), m(it.feePerDay), m(it.claim)]);
  };
  const totals = (r: ReturnType<typeof feeReport>, s: Awaited<ReturnType<typeof settledLedger>>) =>
    r.totals.map((t) => [s.ledger.currencies[t.currency], unitsString(t.outstanding, r.scale), unitsString(t.fee, r.scale), unitsString(t.claim, r.scale)]);

  it("lists the open overdue invoices of the worked examples", async () => {
    const s = await settledLedger(WORKED, "2025-06-30");
    const r = feeReport(s, options());
    // I3 was paid before it fell due; I1 is settled (listed only with includeSettled).
    expect(rows(r, s)).toEqual([
      ["C1", "I2", "300.00", 41, "36.90", "0.90", "336.90"],
      ["C3", "I4", "600.00", 30, "66.00", "1.80", "666.00"],
    ]);
    // Totals: 300 + 600 = 900.00; 36.90 + 66.00 = 102.90; claim 1,002.90.
    expect(totals(r, s)).toEqual([["CNY", "900.00", "102.90", "1002.90"]]);
  });

  it("includeSettled adds I1, paid late by FIFO (but not I3, paid before due)", async () => {
    const s = await settledLedger(WORKED, "2025-06-30");
    const r = feeReport(s, options({ includeSettled: true }));
    expect(rows(r, s)).toEqual([
      ["C1", "I1", "0.00", 10, "30.00", "0.00", "30.00"],
      ["C1", "I2", "300.00", 41, "36.90", "0.90", "336.90"],
      ["C3", "I4", "600.00", 30, "66.00", "1.80", "666.00"],
    ]);
    expect(totals(r, s)).toEqual([["CNY", "900.00", "132.90", "1032.90"]]);
  });

  it("rates: --fee-rate, else the contract's, else the config's", async () => {
    const s = await settledLedger(WORKED, "2025-06-30");
    const customerRates = new Map([["C3", dec("0.0005")]]);
    // C3 at 0.0005: 0.0005 × 22,000 = 11.00; C1 at the default 0.003.
    const r = feeReport(s, options({ customerRates }));
    expect(rows(r, s).map((x) => x[4])).toEqual(["36.90", "11.00"]);
    expect(r.items.map((it) => it.rate.toString())).toEqual(["0.003", "0.0005"]);
    // --fee-rate 0.001 overrides both: 0.001 × 12,300 = 12.30; 0.001 × 22,000 = 22.00.
    const flag = feeReport(s, options({ customerRates, rate: dec("0.001") }));
    expect(rows(flag, s).map((x) => x[4])).toEqual(["12.30", "22.00"]);
    expect(feeRateFor("C9", { defaultRate: dec("0.003"), customerRates }).toString()).toBe("0.003");
  });

  it("disputed invoices accrue nothing and are not listed; inside grace they are listed with fee 0", async () => {
    const csv = `doc_no,customer_id,doc_date,due_date,amount,disputed
A1,K1,2025-05-01,2025-06-01,1000.00,yes
A2,K1,2025-05-01,2025-06-27,500.00,
A3,K1,2025-06-01,2025-07-01,700.00,
`;
    const s = await settledLedger(csv, "2025-06-30");
    const r = feeReport(s, options({ graceDays: 5 }));
    // A1 disputed; A2 3 days overdue ≤ 5: listed, fee 0; A3 not yet due.
    expect(rows(r, s)).toEqual([["K1", "A2", "500.00", 0, "0.00", "1.50", "500.00"]]);
  });

  it("debit notes accrue like invoices; credit notes and payments are never items", async () => {
    const csv = `doc_no,doc_type,customer_id,doc_date,due_date,amount,applies_to
N1,debit_note,K1,2025-05-01,2025-06-10,200.00,
X1,invoice,K1,2025-05-01,2025-06-10,300.00,
R1,credit_note,K1,2025-06-15,,100.00,X1
`;
    const s = await settledLedger(csv, "2025-06-30");
    const r = feeReport(s, options());
    // N1: 20 days × 200.00 × 0.003 = 12.00. X1: 300.00 on 06-11 … 06-15 (5 days) and 200.00 on
    // 06-16 … 06-30 (15 days): 0.003 × (1,500 + 3,000) = 13.50.
    expect(rows(r, s)).toEqual([
      ["K1", "N1", "200.00", 20, "12.00", "0.60", "212.00"],
      ["K1", "X1", "200.00", 20, "13.50", "0.60", "213.50"],
    ]);
  });

  it("a ledger with more than 2 decimals: fees round once, outstanding and claims when shown", async () => {
    const csv = `doc_no,customer_id,doc_date,due_date,amount
M1,K1,2025-05-01,2025-06-20,100.125
M2,K1,2025-05-01,2025-06-20,100.125
`;
    const s = await settledLedger(csv, "2025-06-30");
    expect(s.ledger.scale).toBe(3);
    const r = feeReport(s, options());
    // 10 days × 100.125 × 0.003 = 3.00375 → 3.00; per day 0.300375 → 0.30;
    // claim 100.125 + 3.00 = 103.125, shown 103.13. Totals: 200.25, 6.00, 206.25 (exact, then shown).
    expect(r.scale).toBe(3);
    expect(rows(r, s)[0]).toEqual(["K1", "M1", "100.13", 10, "3.00", "0.30", "103.13"]);
    expect(r.items[0]!.claim).toBe(103125n);
    expect(totals(r, s)).toEqual([["CNY", "200.25", "6.00", "206.25"]]);
  });

  it("sorts by customer, currency, due date, doc date, doc_no and totals per currency", async () => {
    const csv = `doc_no,customer_id,doc_date,due_date,amount,currency
B2,K2,2025-05-01,2025-05-31,100.00,USD
B1,K2,2025-05-02,2025-05-31,100.00,USD
B0,K2,2025-04-01,2025-06-10,100.00,CNY
A9,K1,2025-04-01,2025-06-20,100.00,CNY
`;
    const s = await settledLedger(csv, "2025-06-30");
    const r = feeReport(s, options());
    expect(r.items.map((it) => docNoOf(s.ledger, it.index))).toEqual(["A9", "B0", "B2", "B1"]);
    // CNY: A9 10 days × 0.30 = 3.00, B0 20 days × 0.30 = 6.00; USD: 30 days × 0.30 = 9.00 each.
    expect(totals(r, s)).toEqual([
      ["CNY", "200.00", "9.00", "209.00"],
      ["USD", "200.00", "18.00", "218.00"],
    ]);
  });
});
