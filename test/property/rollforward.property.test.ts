/**
 * The roll-forward's invariants (SPEC.md "Roll-forward"), on random ledgers: several customers and
 * currencies, credit notes, debit notes and write-offs, discount terms, disputes, payments naming
 * invoices issued later (the `reallocated` case), amounts past 2^53, under --apply fifo and none.
 * The aging at both ends is computed apart (`settle` at each date), not from the history.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { dayFromYmd } from "../../src/engine/dates.js";
import { settleOver } from "../../src/engine/history.js";
import { isCharge, type KindCode, type Ledger } from "../../src/engine/ledger.js";
import { rollforward, rollforwardDates } from "../../src/engine/rollforward.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { settle } from "../../src/engine/settle.js";

const START = dayFromYmd(2025, 1, 1);

const row = fc.record({
  kind: fc.constantFrom<KindCode>(0, 0, 0, 1, 2, 2, 2, 3, 4),
  customer: fc.integer({ min: 1, max: 2 }),
  currency: fc.constantFrom("CNY", "CNY", "CNY", "USD"),
  day: fc.integer({ min: 0, max: 150 }),
  terms: fc.integer({ min: 0, max: 60 }),
  cents: fc.integer({ min: 0, max: 500000 }),
  /** applies_to: the row with this index modulo the rows' (often an invoice dated later), or none. */
  refers: fc.integer({ min: -3, max: 40 }).map((r) => (r < -1 ? -1 : r)),
  disputed: fc.boolean(),
  discount: fc.boolean(),
});

const factor = fc.constantFrom(1n, 1n, 1n, 2n ** 34n, 2n ** 40n);

function ledgerFrom(rows: fc.TypeOf<typeof row>[], times: bigint): Ledger {
  // Two of three payments that name something name an invoice of their own account dated later
  // (the case `reallocated` is about); the others any row (a payment: no invoice; another account's).
  const named = (r: fc.TypeOf<typeof row>): string => {
    if (isCharge(r.kind) || r.refers < 0) return "";
    const later = rows.flatMap((x, k) => (isCharge(x.kind) && x.customer === r.customer && x.currency === r.currency && x.day > r.day ? [k] : []));
    return later.length > 0 && r.refers % 3 !== 0 ? `D${later[r.refers % later.length]}` : `D${r.refers % rows.length}`;
  };
  return ledgerOf(
    rows.map(
      (r, k): DocumentInput => ({
        kind: r.kind,
        customerKey: `C${r.customer}`,
        customerName: `C${r.customer}`,
        currency: r.currency,
        docNo: `${isCharge(r.kind) ? "D" : "P"}${k}`,
        docDate: START + r.day,
        dueDate: START + r.day + (isCharge(r.kind) ? r.terms : 0),
        amountUnits: BigInt(r.cents) * times,
        amountScale: 2,
        disputed: r.disputed && isCharge(r.kind) && r.cents % 5 === 0,
        appliesTo: named(r),
        discount: r.kind === 0 && r.discount ? { rate: "0.02", days: 10 } : null,
        file: "p.csv",
        line: k + 2,
      }),
    ),
  );
}

const LIMITS = [30, 60, 90];
const AGING = { basis: "due" as const, limits: LIMITS, tiers: { b: 31, c: 91 }, minTierUnits: 1n, items: false };
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe("rollforward (fast-check)", () => {
  it("rows add up, open columns = age at as-of, opening/closing = age, the movement and unapplied equations", () => {
    let reallocated = 0;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 40, size: "medium" }),
        fc.integer({ min: 20, max: 110 }),
        fc.integer({ min: 40, max: 160 }),
        fc.constantFrom("fifo" as const, "none" as const),
        factor,
        fc.boolean(),
        (rows, a, b, apply, times, byCustomer) => {
          const ledger = ledgerFrom(rows, times);
          const from = START + Math.min(a, b) + 1;
          const asOf = START + Math.max(a, b) + 1;
          if (from > asOf) return;
          const history = settleOver(ledger, rollforwardDates(from, asOf), { apply });
          const report = rollforward(history, { from, limits: LIMITS, tiers: { b: 31, c: 91 }, minTierUnits: 1n, byCustomer });
          const ageOpening = age(settle(ledger, from - 1, { apply }), AGING);
          const ageClosing = age(settle(ledger, asOf, { apply }), AGING);
          const totalsOf = (ag: typeof ageOpening, c: number) => ag.totals.find((t) => t.currency === c);
          const nb = report.buckets.length;
          expect(report.migration.map((m) => m.currency)).toEqual(report.movements.map((m) => m.currency));
          for (const t of [...ageOpening.totals, ...ageClosing.totals]) expect(report.movements.some((m) => m.currency === t.currency)).toBe(true);
          for (const m of report.movements) {
            const o = totalsOf(ageOpening, m.currency);
            const z = totalsOf(ageClosing, m.currency);
            expect(m.opening).toBe(o?.balance ?? 0n);
            expect(m.closing).toBe(z?.balance ?? 0n);
            expect(m.opening + m.invoices + m.debitNotes - m.creditNotes - m.payments - m.writeOffs - m.discounts).toBe(m.closing);
          }
          for (const mig of report.migration) {
            const o = totalsOf(ageOpening, mig.currency);
            const z = totalsOf(ageClosing, mig.currency);
            for (const r of mig.rows) {
              expect(r.amount >= 0n).toBe(true);
              for (const v of [r.collected, r.credited, r.writtenOff, r.discounted, ...r.open, r.rolled]) expect(v >= 0n).toBe(true);
              expect(r.collected + r.credited + r.writtenOff + r.discounted + sum(r.open)).toBe(r.amount);
              expect(r.rolled <= sum(r.open)).toBe(true);
              if (r.amount === 0n) expect(r.rollRate).toBeNull();
            }
            // The opening rows are the aging at from − 1; the open columns the aging at as-of.
            for (let k = 0; k < nb; k++) expect(mig.rows[k]!.amount).toBe(o?.buckets[k] ?? 0n);
            for (let k = 0; k < nb; k++) expect(sum(mig.rows.map((r) => r.open[k]!))).toBe(z?.buckets[k] ?? 0n);
            const u = mig.unapplied;
            expect(u.opening).toBe(o?.unapplied ?? 0n);
            expect(u.closing).toBe(z?.unapplied ?? 0n);
            expect(u.opening + u.received + u.reallocated - u.applied).toBe(u.closing);
            const realloc = mig.rows.find((r) => r.from === "reallocated")!;
            if (realloc.amount > 0n) reallocated++;
            // The new row's amount: the invoices and debit notes of the period.
            const m = report.movements.find((x) => x.currency === mig.currency)!;
            expect(mig.rows.find((r) => r.from === "new")!.amount).toBe(m.invoices + m.debitNotes);
          }
          if (byCustomer) {
            for (const m of report.customers!) expect(m.opening + m.invoices + m.debitNotes - m.creditNotes - m.payments - m.writeOffs - m.discounts).toBe(m.closing);
            for (const m of report.movements) {
              const mine = report.customers!.filter((x) => x.currency === m.currency);
              for (const f of ["opening", "invoices", "debitNotes", "creditNotes", "payments", "writeOffs", "discounts", "closing"] as const) expect(sum(mine.map((x) => x[f]))).toBe(m[f]);
            }
          } else {
            expect(report.customers).toBeUndefined();
          }
        },
      ),
      { numRuns: 600, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
    // The generator must reach the case that matters.
    expect(reallocated).toBeGreaterThan(30);
  });
});
