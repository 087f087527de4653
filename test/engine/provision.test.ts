/**
 * Bad-debt provisions and factoring (engine/provision.ts, engine/factoring.ts) on hand-computed
 * examples: SPEC's aging example verbatim, individual assessment, a roll-rate matrix over three
 * month ends with every base, moved amount and rate worked out below, --previous, factoring's
 * proceeds and its concentration flag.
 */
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/engine/dates.js";
import { factoringReport } from "../../src/engine/factoring.js";
import { Decimal, unitsString } from "../../src/engine/money.js";
import { bandOf, centsAt, monthEndsBefore, provisionBands, provisionByCustomer, provisionReport, ratioOf, ratioText, type ProvisionOptions } from "../../src/engine/provision.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { settle } from "../../src/engine/settle.js";
import type { Ledger } from "../../src/engine/ledger.js";
import { ledgerFrom } from "../helpers/ledger.js";

const day = (s: string) => parseIsoDate(s)!;
const D = (s: string) => new Decimal(s);
const cents = (u: bigint) => unitsString(u, 2);
const defaults = defaultSettings().provision;

function options(over: Partial<ProvisionOptions> = {}): ProvisionOptions {
  return {
    method: "aging",
    aging: { basis: defaults.basis, bands: defaults.bands, rates: defaults.rates },
    matrix: { bands: defaults.matrixBands, historyMonths: defaults.historyMonths, lastBandLoss: defaults.lastBandLoss, forwardLooking: defaults.forwardLooking, apply: "fifo" },
    individual: new Map(),
    previous: new Map(),
    items: false,
    ...over,
  };
}

function customerIndex(l: Ledger, key: string): number {
  return l.customers.findIndex((c) => c.key === key);
}

describe("bands", () => {
  it("doc basis: 0-365 … 1826+; due basis: the first band has no lower end, a limit 0 is `current`", () => {
    expect(provisionBands([365, 730, 1095, 1460, 1825], "doc").map((b) => b.key)).toEqual(["0-365", "366-730", "731-1095", "1096-1460", "1461-1825", "1826+"]);
    expect(provisionBands([0, 30, 60, 90, 120, 150, 180], "due").map((b) => b.key)).toEqual(["current", "1-30", "31-60", "61-90", "91-120", "121-150", "151-180", "181+"]);
    expect(provisionBands([365, 730], "due")[0]).toEqual({ key: "current-365", from: null, to: 365 });
    expect([bandOf(-5, [0, 30]), bandOf(0, [0, 30]), bandOf(1, [0, 30]), bandOf(30, [0, 30]), bandOf(31, [0, 30])]).toEqual([0, 0, 1, 1, 2]);
  });

  it("the 13 month ends of a 12-month history end at the month end before the as-of month", () => {
    const ends = monthEndsBefore(day("2025-06-30"), 12);
    expect(ends.length).toBe(13);
    expect([ends[0], ends[1], ends[12]]).toEqual([day("2024-05-31"), day("2024-06-30"), day("2025-05-31")]);
  });
});

describe("aging method", () => {
  it("SPEC's example: 6,922,127.24 / 2,471,940.56 / 5,099,000.00 / 0 / 0 / 205,000.00 → 1,818,100.42", () => {
    // Ages at 2025-06-30: 180, 546, 911 and 2372 days (bands 0-365, 366-730, 731-1095, 1826+).
    const l = ledgerFrom`
      doc_no | customer_id | doc_date   | due_date   | amount
      A1     | C1          | 2025-01-01 | 2025-01-31 | 6,922,127.24
      A2     | C1          | 2024-01-01 | 2024-01-31 | 2,471,940.56
      A3     | C2          | 2023-01-01 | 2023-01-31 | 5,099,000.00
      A4     | C3          | 2019-01-01 | 2019-01-31 | 205,000.00
    `;
    const r = provisionReport(settle(l, day("2025-06-30"), { apply: "fifo" }), options());
    // 346,106.362 → 346,106.36; 247,194.056 → 247,194.06; 1,019,800.00; 0; 0; 205,000.00.
    expect(r.rows.map((b) => [r.bands[b.band]!.key, unitsString(b.balance, 2), ratioText(b.rate), cents(b.provision)])).toEqual([
      ["0-365", "6922127.24", "0.0500", "346106.36"],
      ["366-730", "2471940.56", "0.1000", "247194.06"],
      ["731-1095", "5099000.00", "0.2000", "1019800.00"],
      ["1096-1460", "0.00", "0.5000", "0.00"],
      ["1461-1825", "0.00", "0.8000", "0.00"],
      ["1826+", "205000.00", "1.0000", "205000.00"],
    ]);
    expect(cents(r.totals[0]!.provision)).toBe("1818100.42");
    expect(unitsString(r.totals[0]!.balance, 2)).toBe("14698067.80");
  });

  it("rounds once per band, not per item: 3 × 0.10 at 5% is 0.02, not 3 × 0.01", () => {
    const l = ledgerFrom`
      doc_no | customer_id | doc_date   | due_date   | amount
      B1     | C1          | 2025-06-01 | 2025-07-01 | 0.10
      B2     | C2          | 2025-06-01 | 2025-07-01 | 0.10
      B3     | C3          | 2025-06-01 | 2025-07-01 | 0.10
    `;
    const r = provisionReport(settle(l, day("2025-06-30"), { apply: "fifo" }), options());
    expect(cents(r.rows[0]!.provision)).toBe("0.02"); // 0.30 × 0.05 = 0.015 → 0.02
  });

  it("due basis with a limit 0: the items not yet due make their own band", () => {
    const l = ledgerFrom`
      doc_no | customer_id | doc_date   | due_date   | amount
      N1     | C1          | 2025-06-01 | 2025-07-01 | 100.00
      O1     | C1          | 2025-01-01 | 2025-01-31 | 200.00
    `;
    const r = provisionReport(settle(l, day("2025-06-30"), { apply: "fifo" }), options({ aging: { basis: "due", bands: [0, 90], rates: [D("0.01"), D("0.1"), D("0.5")] } }));
    // N1 −1 days: current at 1% = 1.00; O1 150 days: 91+ at 50% = 100.00.
    expect(r.rows.map((b) => [r.bands[b.band]!.key, cents(b.provision)])).toEqual([
      ["current", "1.00"],
      ["1-90", "0.00"],
      ["91+", "100.00"],
    ]);
  });

  it("an individually assessed customer is provisioned at its rate, with its reason, apart from the bands", () => {
    const l = ledgerFrom`
      doc_no | customer_id | doc_date   | due_date   | amount
      I1     | C1          | 2025-06-01 | 2025-07-01 | 1,000.00
      I2     | BAD         | 2025-06-01 | 2025-07-01 | 3,000.00
      I3     | BAD         | 2023-01-01 | 2023-01-31 | 333.33
    `;
    const individual = new Map([[customerIndex(l, "BAD"), { rate: D("0.5"), reason: "in bankruptcy" }]]);
    const r = provisionReport(settle(l, day("2025-06-30"), { apply: "fifo" }), options({ individual, items: true }));
    // Bands: only C1's 1,000.00 at 5% = 50.00. BAD: 3,333.33 × 0.5 = 1,666.665 → 1,666.67 (once per customer).
    expect(unitsString(r.rows[0]!.balance, 2)).toBe("1000.00");
    expect(r.individual.map((a) => [unitsString(a.balance, 2), ratioText(a.rate), cents(a.provision), a.reason])).toEqual([["3333.33", "0.5000", "1666.67", "in bankruptcy"]]);
    expect(cents(r.totals[0]!.provision)).toBe("1716.67");
    expect(unitsString(r.totals[0]!.balance, 2)).toBe("4333.33");
    // Per customer: rounded once per customer (BAD 1,666.665 → 1,666.67).
    expect(provisionByCustomer(r).map((c) => [c.individual, cents(c.provision)])).toEqual([
      [true, "1666.67"],
      [false, "50.00"],
    ]);
  });

  it("--previous: charge = total − previous, 计提 when positive, 转回 when negative; unapplied credit is a memo, not netted", () => {
    const l = ledgerFrom`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount
      I1     | invoice  | C1          | 2025-06-01 | 2025-07-01 | 10,000.00
      P1     | payment  | C2          | 2025-06-10 |            | 300.00
    `;
    const at = settle(l, day("2025-06-30"), { apply: "fifo" });
    const up = provisionReport(at, options({ previous: new Map([[0, 40000n]]) })); // previous 400.00
    expect([cents(up.totals[0]!.provision), cents(up.totals[0]!.charge!), unitsString(up.totals[0]!.unapplied, 2)]).toEqual(["500.00", "100.00", "300.00"]);
    expect(unitsString(up.totals[0]!.balance, 2)).toBe("10000.00");
    const down = provisionReport(at, options({ previous: new Map([[0, 62000n]]) })); // 620.00
    expect(cents(down.totals[0]!.charge!)).toBe("-120.00");
    expect(provisionReport(at, options()).totals[0]!.charge).toBeNull();
  });
});

describe("matrix method: three month ends, by hand", () => {
  // As-of 2025-04-15, historyMonths 2: month ends 01-31, 02-28, 03-31; bands current, 1-30, 31-60, 61+.
  //
  // Transition 1 (01-31 → 02-28). Open at 01-31 (days overdue, band):
  //   I1 1,000 (11, 1-30)  I2 2,000 (−14, current)  I3 400 (6, 1-30)  I5 600 (31, 31-60)
  //   I6 800 disputed (1, 1-30); I4 not yet issued; X's I7 individually assessed: left out.
  //   base: current 2,000; 1-30 1,000 + 400 + 800 = 2,200; 31-60 600.
  //   At 02-28: I1 39 days → 31-60, moved 1,000 from 1-30; I2 14 → 1-30, moved 2,000 from current;
  //   I3 paid 02-10: not moved; I5 59 → still 31-60, but 200 written off 02-20: moved 200;
  //   I6 29 → still 1-30 (February is short): not moved.
  //   moved: current 2,000; 1-30 1,000; 31-60 200.
  // Transition 2 (02-28 → 03-31). Open at 02-28:
  //   I1 1,000 (31-60)  I2 2,000 (1-30)  I4 3,000 (0, current)  I5 400 (31-60)  I6 800 (1-30)
  //   base: current 3,000; 1-30 2,800; 31-60 1,400.
  //   At 03-31: I1 70 → 61+ (1,000); I2 1,500 after P1's 500, 45 → 31-60 (1,500); I4 2,000 after
  //   P2's 1,000, 31 → 31-60 (2,000); I5 90 → 61+ (400); I6 60 → 31-60 (800).
  //   moved: current 2,000; 1-30 1,500 + 800 = 2,300; 31-60 1,000 + 400 = 1,400.
  // Roll rates: current 4,000 / 5,000 = 0.8; 1-30 3,300 / 5,000 = 0.66; 31-60 1,600 / 2,000 = 0.8.
  // Loss rates: L_61+ = 1; L_31-60 = 0.8; L_1-30 = 0.66 × 0.8 = 0.528; L_current = 0.8 × 0.528 = 0.4224.
  // At 04-15: I8 1,234.56 current; I9 333.33 (10) 1-30; I2 1,500 (60) + I4 2,000 (46) in 31-60;
  //   I1 1,000 (85) + I5 400 (105) + I6 800 (75) in 61+; X 5,000 at its own 100%.
  const l = ledgerFrom`
    doc_no | doc_type  | customer_id | doc_date   | due_date   | amount   | applies_to | disputed
    I1     | invoice   | A           | 2024-12-20 | 2025-01-20 | 1,000.00 |            |
    I2     | invoice   | A           | 2025-01-15 | 2025-02-14 | 2,000.00 |            |
    I3     | invoice   | A           | 2025-01-10 | 2025-01-25 | 400.00   |            |
    P3     | payment   | A           | 2025-02-10 |            | 400.00   | I3         |
    P1     | payment   | A           | 2025-03-10 |            | 500.00   | I2         |
    I4     | invoice   | B           | 2025-02-01 | 2025-02-28 | 3,000.00 |            |
    P2     | payment   | B           | 2025-03-20 |            | 1,000.00 | I4         |
    I5     | invoice   | B           | 2024-12-01 | 2024-12-31 | 600.00   |            |
    W1     | write_off | B           | 2025-02-20 |            | 200.00   | I5         |
    I6     | invoice   | C           | 2025-01-20 | 2025-01-30 | 800.00   |            | yes
    I7     | invoice   | X           | 2024-12-01 | 2024-12-31 | 5,000.00 |            |
    I8     | invoice   | D           | 2025-04-01 | 2025-05-01 | 1,234.56 |            |
    I9     | invoice   | D           | 2025-03-20 | 2025-04-05 | 333.33   |            |
  `;
  const individual = new Map([[customerIndex(l, "X"), { rate: D("1"), reason: "absconded" }]]);
  const matrix = (forwardLooking: string) =>
    provisionReport(settle(l, day("2025-04-15"), { apply: "fifo" }), options({ method: "matrix", individual, matrix: { bands: [0, 30, 60], historyMonths: 2, lastBandLoss: D("1"), forwardLooking: D(forwardLooking), apply: "fifo" } }));

  it("bases, moved amounts, roll rates and loss rates", () => {
    const r = matrix("0");
    expect(r.monthEnds).toEqual([day("2025-01-31"), day("2025-02-28"), day("2025-03-31")]);
    expect(r.rollRates!.map((x) => [r.bands[x.band]!.key, unitsString(x.base, 2), unitsString(x.moved, 2), x.roll && ratioText(x.roll), ratioText(x.rate)])).toEqual([
      ["current", "5000.00", "4000.00", "0.8000", "0.4224"],
      ["1-30", "5000.00", "3300.00", "0.6600", "0.5280"],
      ["31-60", "2000.00", "1600.00", "0.8000", "0.8000"],
      ["61+", "0.00", "0.00", null, "1.0000"],
    ]);
  });

  it("provisions the as-of items per band at the exact loss rates, rounded once per band", () => {
    const r = matrix("0");
    // 1,234.56 × 0.4224 = 521.478144 → 521.48; 333.33 × 0.528 = 175.99824 → 176.00;
    // 3,500 × 0.8 = 2,800.00; 2,200 × 1 = 2,200.00; X 5,000.00. Total 10,697.48.
    expect(r.rows.map((b) => [unitsString(b.balance, 2), cents(b.provision)])).toEqual([
      ["1234.56", "521.48"],
      ["333.33", "176.00"],
      ["3500.00", "2800.00"],
      ["2200.00", "2200.00"],
    ]);
    expect(r.individual.map((a) => cents(a.provision))).toEqual(["5000.00"]);
    expect(cents(r.totals[0]!.provision)).toBe("10697.48");
  });

  it("forward-looking 0.1 raises every loss rate by 10%, capped at 1", () => {
    const r = matrix("0.1");
    // 0.46464, 0.5808, 0.88, min(1, 1.1) = 1: 573.6259584 → 573.63; 193.598064 → 193.60; 3,080.00; 2,200.00.
    expect(r.rows.map((b) => [ratioText(b.rate), cents(b.provision)])).toEqual([
      ["0.4646", "573.63"],
      ["0.5808", "193.60"],
      ["0.8800", "3080.00"],
      ["1.0000", "2200.00"],
    ]);
  });

  it("a band with no base takes the next band's loss rate", () => {
    // Bands current, 1-30, 31-60, 61-90, 91+: nothing was ever 61-90 at a first month end before 03-31
    // except I1 (70 at 03-31, a second month end only): 61-90 has no base, so it takes 91+'s rate 1.
    const r = provisionReport(settle(l, day("2025-04-15"), { apply: "fifo" }), options({ method: "matrix", individual, matrix: { bands: [0, 30, 60, 90], historyMonths: 2, lastBandLoss: D("1"), forwardLooking: D("0"), apply: "fifo" } }));
    const b6190 = r.rollRates!.find((x) => r.bands[x.band]!.key === "61-90")!;
    expect([b6190.base, b6190.roll, ratioText(b6190.rate)]).toEqual([0n, null, "1.0000"]);
  });
});

describe("exact money", () => {
  it("centsAt rounds half-up once, at any scale", () => {
    expect(centsAt(1234567n, 3, ratioOf(D("0.05")))).toBe(6173n); // 1,234.567 × 0.05 = 61.72835 → 61.73
    expect(centsAt(1n, 2, { n: 1n, d: 2n })).toBe(1n); // 0.005 → 0.01
  });
});

describe("factoring", () => {
  // As-of 2025-06-30, aging method by doc date at the default rates.
  //   F1 C1 10,000.00 due 2024-12-12 (200 days overdue; doc 2024-11-12, age 230 → 5%)
  //   F2 C1  2,000.00 disputed, 200 days overdue: not a candidate (but over 90 days for concentration)
  //   F3 C2 50,000.00 due 2025-06-20 (10 days): not a candidate
  //   F4 C3  1,000.00 due 2024-09-01 (302 days), doc 2023-06-01 (age 760 → 20%)
  // Open book 63,000.00; 10% = 6,300.00. C1's items over 90 days 12,000.00 > 6,300.00: flagged;
  // C3's 1,000.00 not.
  const l = ledgerFrom`
    doc_no | customer_id | doc_date   | due_date   | amount    | disputed
    F1     | C1          | 2024-11-12 | 2024-12-12 | 10,000.00 |
    F2     | C1          | 2024-11-12 | 2024-12-12 | 2,000.00  | yes
    F3     | C2          | 2025-05-20 | 2025-06-20 | 50,000.00 |
    F4     | C3          | 2023-06-01 | 2024-09-01 | 1,000.00  |
  `;
  it("outstanding, provision carried, net, advance, proceeds over the range and the loss", () => {
    const r = factoringReport(settle(l, day("2025-06-30"), { apply: "fifo" }), {
      minDays: 91,
      advance: D("0.8"),
      recovery: [D("0.6"), D("0.8")],
      concentration: D("0.10"),
      aging: { basis: "doc", bands: defaults.bands, rates: defaults.rates },
      individual: new Map(),
    });
    // C1: 10,000.00; provision 500.00; net 9,500.00; advance 8,000.00; proceeds 6,000 / 7,000 / 8,000;
    //     loss 3,500 / 2,500 / 1,500. C3: 1,000.00; provision 200.00; net 800.00; advance 800.00;
    //     proceeds 600 / 700 / 800; loss 200 / 100 / 0.
    expect(
      r.customers.map((c) => [l.customers[c.customer]!.key, c.items, unitsString(c.outstanding, 2), cents(c.provision), cents(c.net), cents(c.advance), cents(c.proceeds.low), cents(c.proceeds.mid), cents(c.proceeds.high), cents(c.loss.low), cents(c.loss.mid), cents(c.loss.high), c.concentrated]),
    ).toEqual([
      ["C1", 1, "10000.00", "500.00", "9500.00", "8000.00", "6000.00", "7000.00", "8000.00", "3500.00", "2500.00", "1500.00", true],
      ["C3", 1, "1000.00", "200.00", "800.00", "800.00", "600.00", "700.00", "800.00", "200.00", "100.00", "0.00", false],
    ]);
    const t = r.totals[0]!;
    expect([unitsString(t.outstanding, 2), cents(t.provision), cents(t.net), cents(t.proceeds.mid), cents(t.loss.mid), unitsString(t.book, 2)]).toEqual(["11000.00", "700.00", "10300.00", "7700.00", "2600.00", "63000.00"]);
  });
});
