/**
 * Invariants of `ar provision` over random ledgers (with write-offs, disputes, payments naming
 * invoices or none): the bands and the individually assessed accounts add up to the open
 * outstanding of `ar age`, under both methods; and the matrix's bases and moved amounts, made
 * from one settlement run (engine/history.ts), equal a slow reference that settles the ledger
 * again at every month end (SPEC "History is read as it stood").
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { dayFromYmd, isoDate } from "../../src/engine/dates.js";
import { isCharge, KIND_WRITE_OFF, type Ledger } from "../../src/engine/ledger.js";
import { Decimal } from "../../src/engine/money.js";
import { bandOf, matrixRates, monthEndsBefore, provisionReport } from "../../src/engine/provision.js";
import { settle } from "../../src/engine/settle.js";
import { settlementsOf } from "../../src/engine/query.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { ledgerOf } from "../../src/engine/store/builder.js";
import { doc } from "../helpers/ledger.js";

const START = dayFromYmd(2024, 10, 1);
const AS_OF = dayFromYmd(2025, 6, 30);
const p = defaultSettings().provision;

const row = fc.record({
  type: fc.constantFrom("invoice", "invoice", "invoice", "payment", "payment", "write_off"),
  customer: fc.integer({ min: 1, max: 4 }),
  currency: fc.constantFrom("CNY", "CNY", "USD"),
  day: fc.integer({ min: 0, max: 270 }),
  terms: fc.integer({ min: 0, max: 60 }),
  cents: fc.integer({ min: 1, max: 500000 }),
  refers: fc.integer({ min: -1, max: 20 }),
  disputed: fc.boolean(),
});

function ledgerOfRows(rows: fc.infer<typeof row>[]): Ledger {
  return ledgerOf(
    rows.map((r, k) => {
      const date = isoDate(START + r.day);
      const target = r.refers >= 0 && r.refers < rows.length && rows[r.refers]!.type === "invoice" && rows[r.refers]!.customer === r.customer ? `D${r.refers}` : undefined;
      const amount = `${Math.floor(r.cents / 100)}.${String(r.cents % 100).padStart(2, "0")}`;
      return doc({ docNo: `D${k}`, type: r.type, customer: `C${r.customer}`, currency: r.currency, docDate: date, dueDate: r.type === "invoice" ? isoDate(START + r.day + r.terms) : undefined, amount, appliesTo: r.type === "invoice" ? undefined : target, disputed: r.type === "invoice" && r.disputed, line: k + 2 });
    }),
  );
}

describe("provision properties", () => {
  it("bands + individual balances = the open outstanding of ar age, per currency, both methods", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, fifo) => {
        const l = ledgerOfRows(rows);
        const apply = fifo ? "fifo" : "none";
        const at = settle(l, AS_OF, { apply });
        const aging = age(at, { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });
        const individual = new Map([[l.customers.findIndex((c) => c.key === "C2"), { rate: new Decimal("0.5"), reason: "r" }]].filter(([c]) => (c as number) >= 0) as [number, { rate: Decimal; reason: string }][]);
        for (const method of ["aging", "matrix"] as const) {
          const r = provisionReport(at, { method, aging: { basis: p.basis, bands: p.bands, rates: p.rates }, matrix: { bands: p.matrixBands, historyMonths: 6, lastBandLoss: p.lastBandLoss, forwardLooking: p.forwardLooking, apply }, individual, previous: new Map(), items: false });
          for (const t of aging.totals) {
            const open = t.buckets.reduce((a, b) => a + b, 0n);
            const bands = r.rows.filter((b) => b.currency === t.currency).reduce((a, b) => a + b.balance, 0n);
            const single = r.individual.filter((a) => a.currency === t.currency).reduce((a, b) => a + b.balance, 0n);
            expect(bands + single).toBe(open);
            expect(r.totals.find((x) => x.currency === t.currency)?.balance ?? 0n).toBe(open);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the matrix's bases and moved amounts equal a reference that settles again at every month end", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, fifo) => {
        const l = ledgerOfRows(rows);
        const apply = fifo ? "fifo" : "none";
        const limits = p.matrixBands;
        const last = limits.length;
        const ends = monthEndsBefore(AS_OF, 6);
        const got = matrixRates(l, ends, { bands: limits, historyMonths: 6, lastBandLoss: p.lastBandLoss, forwardLooking: p.forwardLooking, apply }, new Map());
        const nb = limits.length + 1;
        const base = new Map<number, bigint>();
        const moved = new Map<number, bigint>();
        const add = (m: Map<number, bigint>, k: number, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
        const lastRun = settle(l, ends[ends.length - 1]!, { apply, record: true });
        for (let t = 0; t + 1 < ends.length; t++) {
          const a = settle(l, ends[t]!, { apply });
          const b = settle(l, ends[t + 1]!, { apply });
          for (let i = 0; i < l.count; i++) {
            if (!isCharge(l.kind[i]!) || l.docDate[i]! > ends[t]!) continue;
            const open = a.outstanding.get(i);
            if (open <= 0n) continue;
            const k = bandOf(ends[t]! - l.dueDate[i]!, limits);
            if (k === last) continue;
            const key = l.currency[i]! * nb + k;
            add(base, key, open);
            const later = b.outstanding.get(i);
            if (later > 0n && bandOf(ends[t + 1]! - l.dueDate[i]!, limits) > k) add(moved, key, later);
            for (const s of settlementsOf(lastRun, i)) if (s.by === "write_off" && s.date > ends[t]! && s.date <= ends[t + 1]! && l.kind[s.source] === KIND_WRITE_OFF) add(moved, key, s.units);
          }
        }
        for (const r of got) {
          if (r.band === last) continue;
          expect(r.base).toBe(base.get(r.currency * nb + r.band) ?? 0n);
          expect(r.moved).toBe(moved.get(r.currency * nb + r.band) ?? 0n);
        }
      }),
      { numRuns: 150 },
    );
  });
});
