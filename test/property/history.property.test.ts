/**
 * The ledger as it stood at many dates (engine/history.ts) equals settling at each date apart, on
 * random ledgers: several customers and currencies, credit notes, debit notes and write-offs,
 * instalment rows, discount terms, disputes,
 * payments naming invoices issued later (or in another currency, or naming nothing), amounts past
 * 2^53, under --apply fifo and none.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { dayFromYmd } from "../../src/engine/dates.js";
import { settleOver } from "../../src/engine/history.js";
import { isCharge, type KindCode, type Ledger } from "../../src/engine/ledger.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { settle, type Standing } from "../../src/engine/settle.js";

const START = dayFromYmd(2025, 1, 1);

const row = fc.record({
  kind: fc.constantFrom<KindCode>(0, 0, 0, 1, 2, 2, 2, 3, 4),
  customer: fc.integer({ min: 1, max: 2 }),
  currency: fc.constantFrom("CNY", "CNY", "USD"),
  day: fc.integer({ min: 0, max: 150 }),
  terms: fc.integer({ min: 0, max: 60 }),
  cents: fc.integer({ min: 0, max: 500000 }),
  /** applies_to: the row with this index modulo the rows' (an invoice dated later, a payment: no invoice, another customer's), or none. */
  refers: fc.integer({ min: -1, max: 40 }),
  disputed: fc.boolean(),
  /** An invoice with 2/10 discount terms (a payment naming it within 10 days may close it with a discount). */
  discount: fc.boolean(),
  /** An invoice that is another payment term (instalment row) of an earlier invoice, when ≥ 0. */
  termOf: fc.integer({ min: -6, max: 2 }),
});

// 2^34: every amount a safe integer, an account's sums not; 2^40: the ledger's amounts held in bigints.
const factor = fc.constantFrom(1n, 1n, 1n, 2n ** 34n, 2n ** 40n);

function ledgerFrom(rows: fc.TypeOf<typeof row>[], times: bigint): Ledger {
  const invoices: DocumentInput[] = [];
  const docs: DocumentInput[] = rows.map((r, k) => {
    const doc: DocumentInput = {
      kind: r.kind,
      customerKey: `C${r.customer}`,
      customerName: `C${r.customer}`,
      currency: r.currency,
      docNo: `${isCharge(r.kind) ? "D" : "P"}${k}`,
      docDate: START + r.day,
      dueDate: START + r.day + (isCharge(r.kind) ? r.terms : 0),
      amountUnits: BigInt(r.cents) * times,
      amountScale: 2,
      disputed: r.disputed && isCharge(r.kind),
      appliesTo: !isCharge(r.kind) && r.refers >= 0 ? `D${r.refers % rows.length}` : "",
      discount: r.kind === 0 && r.discount ? { rate: "0.02", days: 10 } : null,
      file: "p.csv",
      line: k + 2,
    };
    // Another term of an earlier invoice: its number, customer, currency and date, a later due date.
    const first = r.kind === 0 && r.termOf >= 0 ? invoices[invoices.length - 1 - r.termOf] : undefined;
    if (first !== undefined) {
      Object.assign(doc, { docNo: first.docNo, customerKey: first.customerKey, customerName: first.customerName, currency: first.currency, docDate: first.docDate, dueDate: first.dueDate + 10 * (r.termOf + 1) });
    } else if (r.kind === 0) {
      invoices.push(doc);
    }
    return doc;
  });
  return ledgerOf(docs);
}

/** Everything of a settlement a snapshot must equal: each charge's outstanding, each account (with its unapplied credit and events). */
function view(s: Standing) {
  const l = s.ledger;
  const open: bigint[] = [];
  for (let i = 0; i < l.count; i++) open.push(isCharge(l.kind[i]!) ? s.outstanding.get(i) : 0n);
  return { asOf: s.asOf, open, accounts: s.accounts.map((a) => ({ customer: a.customer, currency: a.currency, unapplied: a.unapplied, events: [...a.events] })) };
}

const AGING = { basis: "due" as const, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n, items: true };

describe("history (fast-check)", () => {
  it("every snapshot equals settling at its date apart, under fifo and none", () => {
    let resettled = 0;
    let forwardNamed = 0;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 40, size: "medium" }),
        fc.array(fc.integer({ min: -5, max: 160 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("fifo" as const, "none" as const),
        factor,
        (rows, offsets, apply, times) => {
          const ledger = ledgerFrom(rows, times);
          for (let i = 0; i < ledger.count; i++) {
            const t = ledger.appliesTarget[i]!;
            if (t >= 0 && ledger.docDate[t]! > ledger.docDate[i]!) forwardNamed++;
          }
          const history = settleOver(ledger, offsets.map((o) => START + o), { apply });
          for (const snap of history) {
            resettled += snap.resettled;
            const alone = settle(ledger, snap.asOf, { apply });
            expect(view(snap)).toEqual(view(alone));
            expect(age(snap, AGING)).toEqual(age(alone, AGING));
          }
          // Going back to an earlier date starts the walk over.
          const first = history.at(0);
          expect(view(first)).toEqual(view(settle(ledger, first.asOf, { apply })));
          // The last date's settlements are the run at the last date's, in date order.
          const last = history.dates[history.dates.length - 1]!;
          const recorded = settle(ledger, last, { apply, record: true }).settlements!;
          const log = history.settlements;
          const rowsOf = (n: number, f: (k: number) => string) => Array.from({ length: n }, (_, k) => f(k)).sort();
          expect(rowsOf(log.count, (k) => `${log.invoice[k]} ${log.source[k]} ${log.date[k]} ${log.unitsOf(k)}`)).toEqual(
            rowsOf(recorded.invoice.length, (k) => `${recorded.invoice[k]} ${recorded.source[k]} ${recorded.date[k]} ${recorded.units[k]}`),
          );
          for (let k = 1; k < log.count; k++) expect(log.date[k]! >= log.date[k - 1]!).toBe(true);
        },
      ),
      // Bounded: a failure is shrunk for at most a minute, so a broken build cannot hang CI.
      { numRuns: 400, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
    // The generator must reach the case that matters.
    expect(forwardNamed).toBeGreaterThan(150);
    expect(resettled).toBeGreaterThan(80);
  });
});
