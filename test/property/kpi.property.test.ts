/**
 * `ar kpi` (engine/kpi.ts) on random ledgers: every period's closing = opening + invoiced −
 * credited − collected − written off − discounts, and each period's closing (and the first
 * opening) equals `ar age`'s balance total at that date, settled apart; under fifo and none, with
 * credit notes, write-offs, discount terms and payments naming invoices issued later.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { dayFromYmd } from "../../src/engine/dates.js";
import { settleOver } from "../../src/engine/history.js";
import { kpiDates, kpiReport } from "../../src/engine/kpi.js";
import { isCharge, type KindCode } from "../../src/engine/ledger.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { settle } from "../../src/engine/settle.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";

const START = dayFromYmd(2025, 1, 1);
const AS_OF = dayFromYmd(2025, 5, 17);

const row = fc.record({
  kind: fc.constantFrom<KindCode>(0, 0, 0, 1, 2, 2, 2, 3, 4),
  customer: fc.integer({ min: 1, max: 3 }),
  currency: fc.constantFrom("CNY", "CNY", "USD"),
  day: fc.integer({ min: 0, max: 150 }),
  terms: fc.integer({ min: 0, max: 60 }),
  cents: fc.integer({ min: 1, max: 500000 }),
  refers: fc.integer({ min: -1, max: 40 }),
  disputed: fc.boolean(),
  discount: fc.boolean(),
});

const AGING = { basis: "due" as const, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n, items: false };

describe("kpi (fast-check)", () => {
  it("closing = opening + movements, and = ar age's balance at each period end", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom("fifo" as const, "none" as const), fc.integer({ min: 1, max: 7 }), (rows, apply, months) => {
        const docs: DocumentInput[] = rows.map((r, k) => ({
          kind: r.kind,
          customerKey: `C${r.customer}`,
          customerName: `C${r.customer}`,
          currency: r.currency,
          docNo: `${isCharge(r.kind) ? "D" : "P"}${k}`,
          docDate: START + r.day,
          dueDate: START + r.day + (isCharge(r.kind) ? r.terms : 0),
          amountUnits: BigInt(r.cents),
          amountScale: 2,
          disputed: r.disputed && isCharge(r.kind),
          appliesTo: !isCharge(r.kind) && r.refers >= 0 ? `D${r.refers % rows.length}` : "",
          discount: r.kind === 0 && r.discount ? { rate: "0.02", days: 10 } : null,
          file: "p.csv",
          line: k + 2,
        }));
        const ledger = ledgerOf(docs);
        const dates = kpiDates(AS_OF, months);
        const history = settleOver(ledger, [...dates, AS_OF], { apply });
        const s = defaultSettings();
        const r = kpiReport(history, [], { asOf: AS_OF, months, dsoMonths: 3, settings: s.kpi, festivalPushDays: 14, byCustomer: true, defaultCurrency: "CNY" });
        const balanceAt = (d: number, currency: number) => age(settle(ledger, d, { apply }), AGING).totals.find((t) => t.currency === currency)?.balance ?? 0n;
        for (const p of r.periods) {
          expect(p.closing).toBe(p.opening + p.invoiced - p.credited - p.collected - p.writtenOff - p.discounts);
          expect(p.closing).toBe(balanceAt(p.end, p.currency));
          expect(p.opening).toBe(balanceAt(p.start - 1, p.currency));
          expect(p.open).toBe(p.current + p.overdue);
        }
        // Per customer, the same identity over the last period; and the accounts add up to the currency's.
        for (const c of r.customers!) expect(c.closing).toBe(c.opening + c.invoiced - c.credited - c.collected - c.writtenOff - c.discounts);
        if (r.periods.length === 0) return; // every document dated after as-of
        const lastStart = r.periods[r.periods.length - 1]!.start;
        for (const p of r.periods.filter((x) => x.start === lastStart)) {
          const mine = r.customers!.filter((c) => c.currency === p.currency);
          expect(mine.reduce((a, c) => a + c.closing, 0n)).toBe(p.closing);
          expect(mine.reduce((a, c) => a + c.collected, 0n)).toBe(p.collected);
        }
      }),
      { numRuns: 300, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
  });
});
