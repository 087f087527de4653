/**
 * The compact ledger's exactness fallbacks: doc numbers packed one or two bytes a character,
 * amounts held as doubles only while they are safe integers, and settlement and aging in `number`
 * arithmetic only where that is exact. Each fast path is checked against its slow twin.
 */
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { dayFromYmd } from "../../src/engine/dates.js";
import { compareDocNo, docNoOf, type KindCode } from "../../src/engine/ledger.js";
import { AmountColumn } from "../../src/engine/store/amount-column.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { TextPool } from "../../src/engine/store/text-pool.js";
import { settle } from "../../src/engine/settle.js";
import { runAr } from "../helpers/cli.js";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER); // 2^53 - 1

describe("TextPool", () => {
  it("keeps Latin-1 and wider doc numbers, and orders them as strings compare", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("A", "1", "-", "é", "ÿ", "发", "票", "\u0100", "\ud83d", "\ude00"), maxLength: 200 }), { minLength: 1, maxLength: 20 }), (texts) => {
        const pool = new TextPool();
        const starts = texts.map((t) => pool.append(`<${t}>`, 1, t.length + 1));
        texts.forEach((t, k) => {
          expect(pool.text(starts[k]!)).toBe(t);
          expect(pool.equalsAt(starts[k]!, `x${t}`, 1, t.length + 1)).toBe(true);
        });
        for (let a = 0; a < texts.length; a++) {
          for (let b = 0; b < texts.length; b++) {
            const want = texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : 0;
            expect(Math.sign(pool.compare(starts[a]!, starts[b]!))).toBe(want);
            expect(pool.equalsAt(starts[a]!, texts[b]!, 0, texts[b]!.length)).toBe(texts[a] === texts[b]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("AmountColumn", () => {
  it("holds safe integers as doubles, and any larger value exactly", () => {
    const c = new AmountColumn(4);
    c.set(0, SAFE);
    c.set(1, 12345n);
    expect(c.numbers).toBeDefined();
    c.set(2, SAFE + 2n); // not a double: the column widens to 64-bit integers
    expect(c.numbers).toBeUndefined();
    c.set(3, 1n << 70n); // not a 64-bit integer: bigints
    expect([c.get(0), c.get(1), c.get(2), c.get(3)]).toEqual([SAFE, 12345n, SAFE + 2n, 1n << 70n]);
  });
  it("a rise of scale that leaves the safe range is exact", () => {
    const c = new AmountColumn(3);
    c.set(0, 5n);
    c.set(1, 9007199254741n); // 90,071,992,547.41 at two decimals: ×1000 is past 2^53
    c.set(2, 7n);
    c.rescale(3, 1000n);
    expect(c.numbers).toBeUndefined();
    expect([c.get(0), c.get(1), c.get(2)]).toEqual([5000n, 9007199254741000n, 7000n]);
  });
});

const KIND: Record<string, KindCode> = { invoice: 0, debit_note: 1, payment: 2, credit_note: 3 };
const START = dayFromYmd(2025, 1, 1);
const AS_OF = dayFromYmd(2025, 6, 30);

const row = fc.record({
  type: fc.constantFrom("invoice", "invoice", "payment", "payment", "credit_note", "debit_note"),
  customer: fc.integer({ min: 1, max: 3 }),
  currency: fc.constantFrom("CNY", "CNY", "USD"),
  day: fc.integer({ min: 0, max: 200 }),
  terms: fc.integer({ min: 0, max: 60 }),
  cents: fc.integer({ min: 1, max: 500000 }),
  refers: fc.integer({ min: -1, max: 20 }),
  disputed: fc.boolean(),
});

function docsOf(rows: fc.TypeOf<typeof row>[], factor: bigint): DocumentInput[] {
  return rows.map((r, k) => {
    const charge = r.type === "invoice" || r.type === "debit_note";
    return {
      kind: KIND[r.type]!,
      customerKey: `C${r.customer}`,
      customerName: "",
      currency: r.currency,
      docNo: `${charge ? "I" : "P"}${k}`,
      docDate: START + r.day,
      dueDate: START + r.day + (charge ? r.terms : 0),
      amountUnits: BigInt(r.cents) * factor,
      amountScale: 2,
      disputed: charge && r.disputed,
      appliesTo: !charge && r.refers >= 0 ? `I${r.refers}` : "",
      file: "t.csv",
      line: k + 2,
    };
  });
}

describe("settlement and aging past 2^53", () => {
  it("give the same result, scaled, in bigint arithmetic as in number arithmetic", () => {
    // The factor takes every account's total past 2^53, so the second run takes the bigint paths.
    const factor = 10n ** 16n;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom("fifo" as const, "none" as const), (rows, apply) => {
        const small = settle(ledgerOf(docsOf(rows, 1n)), AS_OF, { apply, record: true });
        const big = settle(ledgerOf(docsOf(rows, factor)), AS_OF, { apply, record: true });
        expect(small.ledger.amount.numbers).toBeDefined();
        expect(big.ledger.amount.numbers).toBeUndefined();
        for (let i = 0; i < small.ledger.count; i++) expect(big.outstanding.get(i)).toBe(small.outstanding.get(i) * factor);
        expect(big.accounts.map((a) => [a.customer, a.currency, [...a.events], a.unapplied])).toEqual(small.accounts.map((a) => [a.customer, a.currency, [...a.events], a.unapplied * factor]));
        const s = small.settlements!;
        const b = big.settlements!;
        expect([b.invoice, b.source, b.date]).toEqual([s.invoice, s.source, s.date]);
        expect(b.units).toEqual(s.units.map((u) => u * factor));
        expect(big.warnings.map((w) => [w.index, w.kind, w.reason])).toEqual(small.warnings.map((w) => [w.index, w.kind, w.reason]));
        const options = { basis: "due" as const, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n };
        const agedSmall = age(small, { ...options, minTierUnits: 5000n });
        const agedBig = age(big, { ...options, minTierUnits: 5000n * factor });
        expect(agedBig.accounts.map((a) => [a.customer, a.currency, a.buckets, a.unapplied, a.balance, a.oldestDaysOverdue, a.tier, a.items.map((x) => [x.index, x.outstanding, x.bucket, x.tier])])).toEqual(
          agedSmall.accounts.map((a) => [a.customer, a.currency, a.buckets.map((u) => u * factor), a.unapplied * factor, a.balance * factor, a.oldestDaysOverdue, a.tier, a.items.map((x) => [x.index, x.outstanding * factor, x.bucket, x.tier])]),
        );
        expect(agedBig.totals).toEqual(agedSmall.totals.map((t) => ({ ...t, buckets: t.buckets.map((u) => u * factor), unapplied: t.unapplied * factor, balance: t.balance * factor })));
      }),
      { numRuns: 150 },
    );
  });

  it("a ledger can mix accounts in both arithmetics", () => {
    const docs = docsOf(
      [
        { type: "invoice", customer: 1, currency: "CNY", day: 0, terms: 30, cents: 100, refers: -1, disputed: false },
        { type: "invoice", customer: 2, currency: "CNY", day: 1, terms: 30, cents: 100, refers: -1, disputed: false },
        { type: "payment", customer: 2, currency: "CNY", day: 5, terms: 0, cents: 40, refers: 1, disputed: false },
      ],
      1n,
    );
    docs[0]!.amountUnits = SAFE; // customer 1's account alone is past the safe range with its payment
    docs.push({ ...docs[2]!, customerKey: "C1", docNo: "P3", amountUnits: 2n, appliesTo: "" });
    const s = settle(ledgerOf(docs), AS_OF, { apply: "fifo", record: true });
    expect(s.ledger.amount.numbers).toBeDefined();
    expect([0, 1].map((i) => s.outstanding.get(i))).toEqual([SAFE - 2n, 60n]);
    expect(s.settlements!.units).toEqual([2n, 40n]);
  });
});

describe("aging totals past 2^53", () => {
  it("add accounts that are each safe integers but not together in bigint", () => {
    const half = (SAFE + 1n) / 2n; // 2^52
    const docs = docsOf(
      [
        { type: "invoice", customer: 1, currency: "CNY", day: 0, terms: 30, cents: 1, refers: -1, disputed: false },
        { type: "invoice", customer: 2, currency: "CNY", day: 1, terms: 30, cents: 1, refers: -1, disputed: false },
        { type: "invoice", customer: 3, currency: "USD", day: 1, terms: 30, cents: 7, refers: -1, disputed: false },
      ],
      1n,
    );
    docs[0]!.amountUnits = half + 3n;
    docs[1]!.amountUnits = half + 6n; // together 2^53 + 9: no double holds it
    const aged = age(settle(ledgerOf(docs), AS_OF, { apply: "fifo" }), { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });
    // Both invoices fall due 2025-01-31/02-01: 150 and 149 days overdue at 06-30, bucket 91+.
    expect(aged.totals.map((t) => [aged.accounts.length, t.buckets, t.balance])).toEqual([
      [3, [0n, 0n, 0n, 0n, 2n * half + 9n], 2n * half + 9n],
      [3, [0n, 0n, 0n, 0n, 7n], 7n],
    ]);
  });
});

describe("doc numbers in the ledger", () => {
  it("a wide doc number is stored, found by applies_to, ordered and printed", () => {
    const d = (docNo: string, kind: KindCode, day: number, cents: number, appliesTo = ""): DocumentInput => ({
      kind,
      customerKey: "客户甲",
      customerName: "",
      currency: "CNY",
      docNo,
      docDate: START + day,
      dueDate: START + day + (kind <= 1 ? 30 : 0),
      amountUnits: BigInt(cents),
      amountScale: 2,
      disputed: false,
      appliesTo,
      file: "t.csv",
      line: day + 2,
    });
    const ledger = ledgerOf([d("发票-002", 0, 0, 1000), d("INV-001", 0, 0, 1000), d("收款-1", 2, 3, 400, "发票-002")]);
    expect([0, 1, 2].map((i) => docNoOf(ledger, i))).toEqual(["发票-002", "INV-001", "收款-1"]);
    expect(Array.from({ length: ledger.count }, (_, i) => docNoOf(ledger, i))).toEqual(["发票-002", "INV-001", "收款-1"]);
    expect(ledger.appliesTarget[2]).toBe(0);
    expect(Math.sign(compareDocNo(ledger, 0, 1))).toBe("发票-002" < "INV-001" ? -1 : 1);
    const s = settle(ledger, AS_OF, { apply: "none" });
    expect([s.outstanding.get(0), s.outstanding.get(1)]).toEqual([600n, 1000n]);
  });
});

describe("reading amounts", () => {
  it("reads amounts past 2^53 minor units and a scale that rises mid-file exactly", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-exact-"));
    const file = path.join(dir, "l.csv");
    writeFileSync(
      file,
      [
        "doc_no,doc_type,customer_id,doc_date,due_date,amount,applies_to",
        "I1,invoice,C1,2025-01-01,2025-01-31,90071992547409.93,",
        "I2,invoice,C1,2025-01-02,2025-02-01,0.01,",
        "I3,invoice,C2,2025-01-03,2025-02-02,10.5,",
        "I4,invoice,C2,2025-01-04,2025-02-03,0.125,",
        "P1,payment,C1,2025-03-01,,0.02,I1",
        "",
      ].join("\n"),
    );
    const r = await runAr(["age", file, "--as-of", "2025-06-30", "--format", "json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const balances = Object.fromEntries(json.customers.map((c: { customerId: string; balance: string }) => [c.customerId, c.balance]));
    // C1: 90,071,992,547,409.93 + 0.01 − 0.02 (9,007,199,254,740,993 cents is past 2^53); C2: 10.625 shown to the cent.
    expect(balances).toEqual({ C1: "90071992547409.92", C2: "10.63" });
  });
});

describe("document kinds", () => {
  it("kindCode is each kind's place in DOC_KINDS, and isCharge agrees with the table's charge flag", async () => {
    const { DOC_KINDS, kindCode: code, isCharge } = await import("../../src/engine/ledger.js");
    DOC_KINDS.forEach((k, i) => {
      expect(code(k.name)).toBe(i);
      expect(isCharge(i)).toBe(k.charge);
    });
  });
});
