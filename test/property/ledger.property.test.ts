/**
 * Invariants over random ledgers (with write-offs, instalment rows and discount terms): the buckets
 * add up to the open outstanding, the control total holds, and the report does not depend on the
 * order in which the input files are given.
 */
import * as XLSX from "@e965/xlsx";
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { dayFromYmd, isoDate } from "../../src/engine/dates.js";
import { isCharge } from "../../src/engine/ledger.js";
import { controlTotals, settle } from "../../src/engine/settle.js";
import { runAr } from "../helpers/cli.js";
import { readLedgers } from "../../src/io/read-ledger.js";
import { Readable } from "node:stream";

const START = dayFromYmd(2025, 1, 1);
const AS_OF = dayFromYmd(2025, 6, 30);

const row = fc.record({
  type: fc.constantFrom("invoice", "invoice", "invoice", "payment", "payment", "credit_note", "debit_note", "write_off"),
  customer: fc.integer({ min: 1, max: 4 }),
  currency: fc.constantFrom("CNY", "CNY", "USD"),
  day: fc.integer({ min: 0, max: 200 }),
  terms: fc.integer({ min: 0, max: 60 }),
  cents: fc.integer({ min: -5000, max: 500000 }),
  refers: fc.integer({ min: -1, max: 30 }),
  disputed: fc.boolean(),
  /** Invoices: written with early-payment discount terms (2/10 net T). */
  discount: fc.boolean(),
  /** Invoices: ≥ 0 makes the row another payment term (same number and day, later due) of an earlier invoice. */
  termOf: fc.integer({ min: -6, max: 2 }),
});

function toCsv(rows: fc.TypeOf<typeof row>[], offset: number): string {
  let csv = "doc_no,doc_type,customer_id,doc_date,terms,amount,currency,applies_to,disputed\n";
  const invoices: { docNo: string; day: number; customer: number; terms: number }[] = [];
  rows.forEach((r, k) => {
    let docNo = `${r.type === "invoice" || r.type === "debit_note" ? "I" : "P"}${offset + k}`;
    let { day, customer, terms } = r;
    // Another term of an earlier invoice (instalment rows); a repeated due date makes it a duplicate, rejected.
    const first = r.type === "invoice" && r.termOf >= 0 ? invoices[invoices.length - 1 - r.termOf] : undefined;
    if (first !== undefined) {
      ({ docNo, day, customer } = first);
      terms = first.terms + 10 * (r.termOf + 1);
    } else if (r.type === "invoice") {
      invoices.push({ docNo, day, customer, terms });
    }
    const applies = r.type === "payment" || r.type === "credit_note" || r.type === "write_off" ? (r.refers >= 0 ? `I${r.refers}` : "") : "";
    const amount = (r.cents / 100).toFixed(2);
    const termsText = r.type === "invoice" && r.discount ? `2/10 net ${terms}` : `${terms}`;
    csv += `${docNo},${r.type},C${customer},${isoDate(START + day)},${termsText},${amount},${r.currency},${applies},${r.disputed && r.type === "invoice" ? "yes" : "no"}\n`;
  });
  return csv;
}

const stdin = Readable.from([]);

async function read(files: string[], apply: "fifo" | "none") {
  const read = await readLedgers(
    files.map((f) => ({ name: f, path: f })),
    { asOf: AS_OF, encoding: "auto", decimalComma: false, map: new Map(), defaultCurrency: "CNY", defaultTerms: 30, stdin },
  );
  return settle(read.ledger, AS_OF, { apply, record: true });
}

describe("ledger invariants (fast-check)", () => {
  it("buckets add up to the open outstanding; balance = buckets − unapplied; the control total holds", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-prop-"));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom("fifo" as const, "none" as const), async (rows, apply) => {
        const file = path.join(dir, "l.csv");
        writeFileSync(file, toCsv(rows, 0));
        const settled = await read([file], apply);
        for (const t of controlTotals(settled)) expect(t.holds).toBe(true);
        const aging = age(settled, { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });
        for (const a of aging.accounts) {
          let open = 0n;
          for (const i of a.items) open += i.outstanding;
          expect(a.buckets.reduce((s, b) => s + b, 0n)).toBe(open);
          expect(a.balance).toBe(open - a.unapplied);
          for (const i of a.items) expect(i.outstanding > 0n && i.outstanding <= settled.ledger.amount.get(i.index)).toBe(true);
        }
        // Every settlement pays a charge, never more than it owed in total.
        const paid = new Map<number, bigint>();
        const s = settled.settlements!;
        s.invoice.forEach((inv, k) => paid.set(inv, (paid.get(inv) ?? 0n) + s.units[k]!));
        for (const [inv, p] of paid) {
          expect(isCharge(settled.ledger.kind[inv]!)).toBe(true);
          expect(p + settled.outstanding.get(inv)).toBe(settled.ledger.amount.get(inv));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the in-place fast path and the general path read the same ledger", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-prop-"));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const clean = toCsv(rows, 0);
        // A space after each comma sends every row down the general path (cells are trimmed).
        const padded = clean
          .split("\n")
          .map((l, k) => (k === 0 ? l : l.replace(/,/g, ", ")))
          .join("\n");
        const fa = path.join(dir, "clean.csv");
        const fb = path.join(dir, "padded.csv");
        writeFileSync(fa, clean);
        writeFileSync(fb, padded);
        const a = await runAr(["age", fa, "--as-of", "2025-06-30", "--format", "json", "--by", "invoice"]);
        const b = await runAr(["age", fb, "--as-of", "2025-06-30", "--format", "json", "--by", "invoice"]);
        expect(b.stdout.replace(/padded\.csv/g, "clean.csv")).toBe(a.stdout);
      }),
      { numRuns: 60 },
    );
  });

  it("a ledger read from .xlsx (typed cells, scanned by the worker thread, through the fast and the general path) equals it read from CSV", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-prop-"));
    const options = { asOf: AS_OF, encoding: "auto" as const, decimalComma: false, map: new Map(), defaultCurrency: "CNY", defaultTerms: 30, stdin };
    const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), fc.array(fc.boolean(), { maxLength: 30 }), async (rows, padded) => {
        const csv = toCsv(rows, 0);
        const [header, ...lines] = csv.trim().split("\n").map((l) => l.split(","));
        // As Excel keeps them: dates as date cells, amounts and plain terms as numbers, the rest
        // text; a padded row's texts carry a space (trimmed: the general path).
        const typed = lines.map((cells, r) =>
          cells.map((c, k): XLSX.CellObject => {
            const field = header![k];
            if (field === "doc_date") return { t: "n", v: serial(c), z: "yyyy-mm-dd" };
            if (field === "amount" || (field === "terms" && /^\d+$/.test(c))) return { t: "n", v: Number(c) };
            return { t: "s", v: padded[r] === true && c !== "" ? ` ${c}` : c };
          }),
        );
        const ws = XLSX.utils.aoa_to_sheet([header!, ...typed], { dense: true });
        const wb = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(wb, ws, "Ledger");
        const fc1 = path.join(dir, "l.csv");
        const fx = path.join(dir, "l.xlsx");
        writeFileSync(fc1, csv);
        writeFileSync(fx, XLSX.write(wb, { type: "buffer", bookType: "xlsx", bookSST: true, compression: true }) as Buffer);
        const a = await readLedgers([{ name: fc1, path: fc1 }], options);
        const b = await readLedgers([{ name: fx, path: fx }], options);
        const places = (r: typeof a) => ({ rejected: r.rejected.map((x) => [x.line, x.reason]), warnings: r.warnings.map((x) => [x.line, x.message]), skipped: r.skipped.length, rows: r.rows, afterAsOf: r.afterAsOf });
        expect(places(b)).toEqual(places(a));
        for (const apply of ["fifo", "none"] as const) {
          const x = age(settle(b.ledger, AS_OF, { apply }), { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });
          const y = age(settle(a.ledger, AS_OF, { apply }), { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });
          expect(x).toEqual(y);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("the report does not depend on the order of the input files", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-prop-"));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), fc.array(row, { minLength: 1, maxLength: 25 }), async (a, b) => {
        const fa = path.join(dir, "a.csv");
        const fb = path.join(dir, "b.csv");
        writeFileSync(fa, toCsv(a, 0));
        writeFileSync(fb, toCsv(b, 1000));
        const ab = await runAr(["age", fa, fb, "--as-of", "2025-06-30", "--format", "json", "--by", "invoice"]);
        const ba = await runAr(["age", fb, fa, "--as-of", "2025-06-30", "--format", "json", "--by", "invoice"]);
        expect(ab.code).toBe(0);
        const strip = (s: string) => {
          const j = JSON.parse(s);
          delete j.rejected;
          return j;
        };
        expect(strip(ba.stdout)).toEqual(strip(ab.stdout));
      }),
      { numRuns: 60 },
    );
  });
});
