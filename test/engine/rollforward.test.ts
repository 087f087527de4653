/**
 * The roll-forward (engine/rollforward.ts, SPEC.md "Roll-forward") on a ledger worked by hand:
 * a FIFO payment, a credit note, a write-off, a discount allowed, new invoices, and one
 * reallocation (a payment naming an invoice issued in the period). Period 2025-06-01 … 06-30,
 * opening at 2025-05-31 (D0), buckets 30,60,90 by due date.
 *
 * C1, as it stood at D0:
 *   I1 1,000.00 due 04-30; P1 300.00 (no applies_to) on 05-15 → FIFO pays I1 300  → I1 700.00, 31 days → 31-60
 *   I2   800.00 due 05-25                                                     → I2 800.00,  6 days → 1-30
 *   I3   600.00 due 06-19                                                     → I3 600.00, current
 *   balance 2,100.00, unapplied 0.
 * C1 in the period:
 *   06-05 I4 1,000.00, 2/10 net 30 (due 07-05); 06-12 P3 980.00 names I4, inside 10 days, leaves
 *         20.00 ≤ 2% × 1,000.00 → discount allowed 20.00: I4 closed (collected 980, discounted 20)
 *   06-10 P2 500.00 (no applies_to) → FIFO pays I1 (oldest) 500 → I1 200
 *   06-12 CN1 100.00 names I2 → I2 700
 *   06-15 I5 400.00 due 06-25 → open at 06-30, 5 days → 1-30
 *   06-20 WO1 200.00 names I1 → I1 0 (written off 200)
 *   at 06-30: I2 700 (36 days, 31-60), I3 600 (11 days, 1-30), I5 400 (1-30): balance 1,700.00.
 *   movements: 2,100 + 1,400 (I4, I5) − 100 − 1,480 (P2, P3) − 200 − 20 = 1,700 ✓
 * C2, the reallocation:
 *   J1 500.00 dated 04-15 due 05-15; Q1 500.00 dated 05-20 names J2, an invoice dated 06-08.
 *   As it stood at D0, J2 did not exist: Q1 was unapplied credit and FIFO paid J1 with it on
 *   05-20 → J1 0, balance 0 (not in any opening bucket).
 *   Seen from 06-30, Q1 pays J2 on 06-08 (its effective date) and J1 was never paid: open 500.00,
 *   46 days, 31-60. J1 reopened 500.00 → the `reallocated` row; its own bucket at D0 was 1-30
 *   (16 days), so all of it rolled.
 *   movements: 0 + 500 (J2) = 500 ✓ (Q1 is dated before the period)
 * CNY: opening 2,100.00; invoices 1,900.00; credit notes 100.00; payments 1,480.00; write-offs
 *   200.00; discounts 20.00; closing 2,200.00 (2,100 + 1,900 − 100 − 1,480 − 200 − 20 ✓).
 * Migration (amount = collected + credited + written off + discounted + open):
 *   current     600 = open 1-30 600                         roll 600/600 = 1.0000, coll 0
 *   1-30        800 = credited 100 + open 31-60 700         roll 700/800 = 0.8750, coll 0
 *   31-60       700 = collected 500 + written off 200       roll 0,             coll 500/700 = 0.7143
 *   61-90, 91+    0                                         rates null
 *   new       1,900 = collected 980 + 500 (Q1 on J2) + discounted 20 + open 1-30 400 (I5)
 *                                                           roll 400/1900 = 0.2105, coll 1480/1900 = 0.7789
 *   reallocated 500 = open 31-60 500                        roll 1.0000, coll 0
 *   open columns: 1-30 600 + 400 = 1,000; 31-60 700 + 500 = 1,200 — `ar age` at 06-30 ✓
 * Unapplied: opening 0 + received 1,780 (P2 500, P3 980, CN1 100, WO1 200) + reallocated 500
 *   − applied 2,280 (P2→I1 500, CN1→I2 100, P3→I4 980, WO1→I1 200, Q1→J2 500) = closing 0 ✓
 */
import { describe, expect, it } from "vitest";
import { parseIsoDate, type Day } from "../../src/engine/dates.js";
import { settleOver } from "../../src/engine/history.js";
import { rollforward, rollforwardDates, type Rollforward } from "../../src/engine/rollforward.js";
import { readLedgerText } from "../helpers/ledger.js";

const day = (s: string): Day => parseIsoDate(s)!;

const CSV = `doc_no,doc_type,customer_id,doc_date,due_date,terms,amount,applies_to
I1,invoice,C1,2025-04-01,2025-04-30,,1000.00,
I2,invoice,C1,2025-05-10,2025-05-25,,800.00,
P1,payment,C1,2025-05-15,,,300.00,
I3,invoice,C1,2025-05-20,2025-06-19,,600.00,
I4,invoice,C1,2025-06-05,,2/10 net 30,1000.00,
P2,payment,C1,2025-06-10,,,500.00,
P3,payment,C1,2025-06-12,,,980.00,I4
CN1,credit_note,C1,2025-06-12,,,100.00,I2
I5,invoice,C1,2025-06-15,2025-06-25,,400.00,
WO1,write_off,C1,2025-06-20,,,200.00,I1
J1,invoice,C2,2025-04-15,2025-05-15,,500.00,
Q1,payment,C2,2025-05-20,,,500.00,J2
J2,invoice,C2,2025-06-08,2025-07-08,,500.00,
`;

async function worked(byCustomer = false): Promise<Rollforward> {
  const asOf = day("2025-06-30");
  const from = day("2025-06-01");
  const read = await readLedgerText(CSV, asOf);
  expect(read.rejected).toEqual([]);
  const history = settleOver(read.ledger, rollforwardDates(from, asOf), { apply: "fifo" });
  return rollforward(history, { from, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n, byCustomer });
}

const c = (s: string) => BigInt(s.replace(/[,.]/g, ""));
const rate = (r: { toFixed(n: number): string } | null) => (r === null ? null : r.toFixed(4));

describe("rollforward, worked by hand", () => {
  it("movements tie opening to closing", async () => {
    const r = await worked();
    expect(r.movements).toEqual([
      { customer: null, currency: 0, opening: c("2100.00"), invoices: c("1900.00"), debitNotes: 0n, creditNotes: c("100.00"), payments: c("1480.00"), writeOffs: c("200.00"), discounts: c("20.00"), closing: c("2200.00") },
    ]);
  });

  it("the migration matrix, row by row, with the reallocated row", async () => {
    const [m] = (await worked()).migration;
    const rows = m!.rows.map((x) => ({
      from: x.from,
      amount: x.amount,
      out: [x.collected, x.credited, x.writtenOff, x.discounted],
      open: x.open,
      rollRate: rate(x.rollRate),
      collectionRate: rate(x.collectionRate),
    }));
    expect(rows).toEqual([
      { from: "current", amount: c("600.00"), out: [0n, 0n, 0n, 0n], open: [0n, c("600.00"), 0n, 0n, 0n], rollRate: "1.0000", collectionRate: "0.0000" },
      { from: "1-30", amount: c("800.00"), out: [0n, c("100.00"), 0n, 0n], open: [0n, 0n, c("700.00"), 0n, 0n], rollRate: "0.8750", collectionRate: "0.0000" },
      { from: "31-60", amount: c("700.00"), out: [c("500.00"), 0n, c("200.00"), 0n], open: [0n, 0n, 0n, 0n, 0n], rollRate: "0.0000", collectionRate: "0.7143" },
      { from: "61-90", amount: 0n, out: [0n, 0n, 0n, 0n], open: [0n, 0n, 0n, 0n, 0n], rollRate: null, collectionRate: null },
      { from: "91+", amount: 0n, out: [0n, 0n, 0n, 0n], open: [0n, 0n, 0n, 0n, 0n], rollRate: null, collectionRate: null },
      { from: "new", amount: c("1900.00"), out: [c("1480.00"), 0n, 0n, c("20.00")], open: [0n, c("400.00"), 0n, 0n, 0n], rollRate: "0.2105", collectionRate: "0.7789" },
      { from: "reallocated", amount: c("500.00"), out: [0n, 0n, 0n, 0n], open: [0n, 0n, c("500.00"), 0n, 0n], rollRate: "1.0000", collectionRate: "0.0000" },
    ]);
    expect(m!.unapplied).toEqual({ opening: 0n, received: c("1780.00"), reallocated: c("500.00"), applied: c("2280.00"), closing: 0n });
  });

  it("--by customer: each customer's movements, adding up to the currency's", async () => {
    const r = await worked(true);
    expect(r.customers!.map((m) => [m.customer, m.opening, m.invoices, m.creditNotes, m.payments, m.writeOffs, m.discounts, m.closing])).toEqual([
      [0, c("2100.00"), c("1400.00"), c("100.00"), c("1480.00"), c("200.00"), c("20.00"), c("1700.00")],
      [1, 0n, c("500.00"), 0n, 0n, 0n, 0n, c("500.00")],
    ]);
  });

  it("a period of one day, and the opening bucket rows are `ar age` at the day before", async () => {
    const read = await readLedgerText(CSV, day("2025-06-10"));
    const history = settleOver(read.ledger, rollforwardDates(day("2025-06-10"), day("2025-06-10")), { apply: "fifo" });
    const r = rollforward(history, { from: day("2025-06-10"), limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n, byCustomer: false });
    // 06-09: I1 700 (40 days, 31-60), I2 800 (15 days, 1-30), I3 600 and I4 1,000 current; J2 exists
    // since 06-08, so Q1 pays it and J1 is open, 25 days (1-30): nothing reallocated.
    expect(r.migration[0]!.rows.map((x) => x.amount)).toEqual([c("1600.00"), c("1300.00"), c("700.00"), 0n, 0n, 0n, 0n]);
    // P2 on 06-10 pays I1 500 by FIFO: collected from the 31-60 row.
    expect(r.migration[0]!.rows[2]!.collected).toBe(c("500.00"));
  });
});
