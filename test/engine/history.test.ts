/**
 * The ledger as it stood at many dates (engine/history.ts), on hand-worked examples: SPEC "History
 * is read as it stood" and REVIEW §2's trap (a payment naming an invoice issued later).
 */
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { isoDate, parseIsoDate, type Day } from "../../src/engine/dates.js";
import { settleOver, type Snapshot } from "../../src/engine/history.js";
import { docNoOf, isCharge, KIND_WRITE_OFF, type KindCode, type Ledger } from "../../src/engine/ledger.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { settle, type ApplyMode, type Standing } from "../../src/engine/settle.js";
import { paidInFull, paidInFullAsItStood } from "../../src/engine/query.js";

const day = (s: string): Day => parseIsoDate(s)!;
const KIND: Record<string, KindCode> = { invoice: 0, debit_note: 1, payment: 2, credit_note: 3 };

/** "1,000.00" → 100000n (cents). */
function money(text: string): bigint {
  const [whole, cents = "00"] = text.replace(/,/g, "").split(".");
  return BigInt(whole!) * 100n + BigInt(cents.padEnd(2, "0"));
}

/** One row: doc_no, type, customer, doc date, due date ("" for payments), amount as written, applies_to. */
function row(docNo: string, type: string, customer: string, docDate: string, dueDate: string, amount: string, appliesTo = "", extra: Partial<DocumentInput> = {}): DocumentInput {
  return {
    kind: KIND[type]!,
    customerKey: customer,
    customerName: customer,
    currency: "CNY",
    docNo,
    docDate: day(docDate),
    dueDate: day(dueDate || docDate),
    amountUnits: money(amount),
    amountScale: 2,
    disputed: false,
    appliesTo,
    file: "t.csv",
    line: 0,
    ...extra,
  };
}

/** Open amounts (cents) of the charges dated on or before the view's date, and each account's unapplied credit. */
function view(s: Standing): { open: Record<string, bigint>; unapplied: Record<string, bigint> } {
  const l = s.ledger;
  const open: Record<string, bigint> = {};
  for (let i = 0; i < l.count; i++) if (isCharge(l.kind[i]!) && l.docDate[i]! <= s.asOf) open[docNoOf(l, i)] = s.outstanding.get(i);
  const unapplied: Record<string, bigint> = {};
  for (const a of s.accounts) unapplied[`${l.customers[a.customer]!.key}/${l.currencies[a.currency]}`] = a.unapplied;
  return { open, unapplied };
}

/** The view as `ar age --as-of d` has it: everything settle() gives that a snapshot must equal. */
function expectSameAsSettling(ledger: Ledger, snap: Snapshot, apply: ApplyMode): void {
  const alone = settle(ledger, snap.asOf, { apply });
  expect(view(snap)).toEqual(view(alone));
  expect(snap.accounts.map((a) => [a.customer, a.currency, [...a.events]])).toEqual(alone.accounts.map((a) => [a.customer, a.currency, [...a.events]]));
}

const OPTS = { basis: "due" as const, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n };

// REVIEW §2: I1 due 02-28; P1 (03-01) names I2, which is issued on 04-01.
const trap = [
  row("I1", "invoice", "C1", "2025-01-29", "2025-02-28", "1,000.00"),
  row("P1", "payment", "C1", "2025-03-01", "", "1,000.00", "I2"),
  row("I2", "invoice", "C1", "2025-04-01", "2025-05-01", "1,000.00"),
];
const MONTH_ENDS = ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"];

describe("history: the ledger as it stood at each date", () => {
  it("REVIEW's trap, FIFO: at 03-31 P1 is an orphan and pays I1; from 04-30 on it pays I2 and I1 is open 1,000.00 again", () => {
    const ledger = ledgerOf(trap);
    const history = settleOver(ledger, MONTH_ENDS.map(day), { apply: "fifo" });
    const at = (k: number) => view(history.at(k));
    expect(at(0)).toEqual({ open: { I1: money("1,000.00") }, unapplied: { "C1/CNY": 0n } });
    expect(at(1)).toEqual({ open: { I1: money("1,000.00") }, unapplied: { "C1/CNY": 0n } });
    expect(at(2)).toEqual({ open: { I1: 0n }, unapplied: { "C1/CNY": 0n } });
    expect(at(3)).toEqual({ open: { I1: money("1,000.00"), I2: 0n }, unapplied: { "C1/CNY": 0n } });
    expect(at(5)).toEqual({ open: { I1: money("1,000.00"), I2: 0n }, unapplied: { "C1/CNY": 0n } });
    // Only 03-31 lies in P1's gap [03-01, 04-01): the account is settled again there, alone.
    expect([...history].map((s) => s.resettled)).toEqual([0, 0, 1, 0, 0, 0]);
    for (const snap of history) expectSameAsSettling(ledger, snap, "fifo");
    // The aging of a snapshot is `ar age --as-of` that date: at 03-31 nothing is open; at 06-30 I1 (due 02-28) is 122 days overdue, 91+.
    expect(age(history.at(2), OPTS).totals).toEqual([]);
    expect(age(history.at(5), OPTS).totals).toEqual([{ currency: 0, buckets: [0n, 0n, 0n, 0n, money("1,000.00")], unapplied: 0n, balance: money("1,000.00") }]);
  });

  it("REVIEW's trap, --apply none: P1 is unapplied credit at 03-31, I1 stays open throughout", () => {
    const ledger = ledgerOf(trap);
    const history = settleOver(ledger, MONTH_ENDS.map(day), { apply: "none" });
    expect(view(history.at(2))).toEqual({ open: { I1: money("1,000.00") }, unapplied: { "C1/CNY": money("1,000.00") } });
    expect(view(history.at(3))).toEqual({ open: { I1: money("1,000.00"), I2: 0n }, unapplied: { "C1/CNY": 0n } });
    for (const snap of history) expectSameAsSettling(ledger, snap, "none");
  });

  it("the settlements as seen from the last date: P1 pays I2 on 04-01, though as it stood at 03-31 it had paid I1", () => {
    const history = settleOver(ledgerOf(trap), [day("2025-03-31"), day("2025-06-30")], { apply: "fifo" });
    const log = history.settlements;
    const l = history.ledger;
    const rows = Array.from({ length: log.count }, (_, k) => [docNoOf(l, log.invoice[k]!), docNoOf(l, log.source[k]!), isoDate(log.date[k]!), log.unitsOf(k)]);
    expect(rows).toEqual([["I2", "P1", "2025-04-01", money("1,000.00")]]);
    expect(log.upTo(day("2025-03-31"))).toBe(0);
    expect(log.upTo(day("2025-06-30"))).toBe(1);
  });

  it("a prefix-stable account (SPEC's balance-forward example): amounts minus the settlements dated so far", () => {
    const ledger = ledgerOf([
      row("I1", "invoice", "C1", "2025-03-01", "2025-03-31", "1,000.00"),
      row("P1", "payment", "C1", "2025-04-10", "", "1,500.00"),
      row("I2", "invoice", "C1", "2025-04-20", "2025-05-20", "800.00"),
    ]);
    const history = settleOver(ledger, ["2025-03-31", "2025-04-15", "2025-04-30"].map(day), { apply: "fifo" });
    expect(view(history.at(0))).toEqual({ open: { I1: money("1,000.00") }, unapplied: { "C1/CNY": 0n } });
    expect(view(history.at(1))).toEqual({ open: { I1: 0n }, unapplied: { "C1/CNY": money("500.00") } });
    expect(view(history.at(2))).toEqual({ open: { I1: 0n, I2: money("300.00") }, unapplied: { "C1/CNY": 0n } });
    expect([...history].map((s) => s.resettled)).toEqual([0, 0, 0]);
    // FIFO's settlements name the payment whose money they spend, dated at the event that made them possible.
    const log = history.settlements;
    const rows = Array.from({ length: log.count }, (_, k) => [docNoOf(ledger, log.invoice[k]!), docNoOf(ledger, log.source[k]!), isoDate(log.date[k]!), log.unitsOf(k)]);
    expect(rows).toEqual([
      ["I1", "P1", "2025-04-10", money("1,000.00")],
      ["I2", "P1", "2025-04-20", money("500.00")],
    ]);
  });

  it("FIFO spends credits oldest first across several sources; a credit note names its invoice", () => {
    const ledger = ledgerOf([
      row("P1", "payment", "C1", "2025-01-05", "", "300.00"),
      row("P2", "payment", "C1", "2025-01-06", "", "400.00"),
      row("I1", "invoice", "C1", "2025-01-10", "2025-02-10", "500.00"),
      row("CN1", "credit_note", "C1", "2025-01-20", "", "100.00", "I1"),
      row("I2", "invoice", "C1", "2025-02-01", "2025-03-01", "600.00"),
    ]);
    const history = settleOver(ledger, ["2025-01-06", "2025-01-31", "2025-02-28"].map(day), { apply: "fifo" });
    expect(view(history.at(0))).toEqual({ open: {}, unapplied: { "C1/CNY": money("700.00") } });
    expect(view(history.at(1))).toEqual({ open: { I1: 0n }, unapplied: { "C1/CNY": money("300.00") } });
    expect(view(history.at(2))).toEqual({ open: { I1: 0n, I2: money("300.00") }, unapplied: { "C1/CNY": 0n } });
    const log = history.settlements;
    const rows = Array.from({ length: log.count }, (_, k) => [docNoOf(ledger, log.invoice[k]!), docNoOf(ledger, log.source[k]!), isoDate(log.date[k]!), log.unitsOf(k)]);
    expect(rows).toEqual([
      ["I1", "P1", "2025-01-10", money("300.00")],
      ["I1", "P2", "2025-01-10", money("200.00")],
      ["I2", "P2", "2025-02-01", money("200.00")],
      ["I2", "CN1", "2025-02-01", money("100.00")],
    ]);
    for (const snap of history) expectSameAsSettling(ledger, snap, "fifo");
  });

  it("a payment naming an invoice dated after the last date is an orphan at every date, as in the run at the last date: nothing to settle again", () => {
    const ledger = ledgerOf([...trap, row("P9", "payment", "C1", "2025-02-01", "", "50.00", "I9"), row("I9", "invoice", "C1", "2025-09-01", "2025-10-01", "50.00")]);
    const history = settleOver(ledger, ["2025-01-31", "2025-02-28"].map(day), { apply: "fifo" });
    expect([...history].map((s) => s.resettled)).toEqual([0, 0]);
    expect(view(history.at(1))).toEqual({ open: { I1: money("950.00") }, unapplied: { "C1/CNY": 0n } });
    for (const snap of history) expectSameAsSettling(ledger, snap, "fifo");
  });

  it("dates are taken in ascending order, each once; a date before any document has no accounts", () => {
    const ledger = ledgerOf(trap);
    const history = settleOver(ledger, ["2025-06-30", "2025-03-31", "2024-12-31", "2025-03-31"].map(day), { apply: "fifo" });
    expect(history.dates.map(isoDate)).toEqual(["2024-12-31", "2025-03-31", "2025-06-30"]);
    expect(history.at(0).accounts).toEqual([]);
    for (const snap of history) expectSameAsSettling(ledger, snap, "fifo");
    expect(() => settleOver(ledger, [], { apply: "fifo" })).toThrow(RangeError);
  });

  it("amounts past 2^53: a ledger held in bigints, and an account whose credits add up past 2^53", () => {
    const huge = (units: bigint, r: DocumentInput): DocumentInput => ({ ...r, amountUnits: units });
    const big = 2n ** 60n;
    const wide = 2n ** 52n + 7n; // safe alone; three of them are not
    const ledger = ledgerOf([
      huge(big, row("I1", "invoice", "C1", "2025-01-10", "2025-02-10", "0")),
      huge(big / 2n, row("P1", "payment", "C1", "2025-02-01", "", "0", "I3")),
      huge(big / 4n, row("P2", "payment", "C1", "2025-02-15", "", "0")),
      huge(big, row("I3", "invoice", "C1", "2025-03-05", "2025-04-05", "0")),
    ]);
    expect(ledger.amount.numbers).toBeUndefined();
    const dates = ["2025-01-31", "2025-02-28", "2025-03-31"].map(day);
    for (const apply of ["fifo", "none"] as const) for (const snap of settleOver(ledger, dates, { apply })) expectSameAsSettling(ledger, snap, apply);
    const wideLedger = ledgerOf([
      huge(wide, row("P1", "payment", "C2", "2025-01-02", "", "0")),
      huge(wide, row("P2", "payment", "C2", "2025-01-03", "", "0")),
      huge(wide, row("P3", "payment", "C2", "2025-01-04", "", "0", "I1")),
      huge(wide, row("I1", "invoice", "C2", "2025-02-10", "2025-03-10", "0")),
      huge(3n, row("I2", "invoice", "C2", "2025-02-11", "2025-03-11", "0")),
    ]);
    expect(wideLedger.amount.numbers).toBeDefined();
    for (const apply of ["fifo", "none"] as const) for (const snap of settleOver(wideLedger, ["2025-01-31", "2025-02-10", "2025-02-28"].map(day), { apply })) expectSameAsSettling(wideLedger, snap, apply);
  });
});

describe("settle with accounts: only those accounts, as in a run over all", () => {
  it("leaves the other accounts out", () => {
    const ledger = ledgerOf([...trap, row("J1", "invoice", "C2", "2025-01-15", "2025-02-15", "70.00"), row("Q1", "payment", "C2", "2025-03-01", "", "20.00")]);
    const all = settle(ledger, day("2025-03-31"), { apply: "fifo" });
    const c2 = ledger.customers.findIndex((c) => c.key === "C2");
    const only = settle(ledger, day("2025-03-31"), { apply: "fifo", accounts: [{ customer: c2, currency: 0 }] });
    expect(view(only)).toEqual({ open: { I1: 0n, J1: money("50.00") }, unapplied: { "C2/CNY": 0n } });
    expect(only.accounts.map((a) => [...a.events])).toEqual(all.accounts.filter((a) => a.customer === c2).map((a) => [...a.events]));
    expect(only.appliesToWarnings).toEqual([]);
  });
});

describe("query.ts paidInFullAsItStood: paid in full as the ledger stood at a history's date, from the one run", () => {
  it("agrees with paidInFull on settle(ledger, d, {record: true}) at every date, in the trap's gap too", () => {
    const ledger = ledgerOf([
      ...trap,
      row("J1", "invoice", "C2", "2025-01-15", "2025-02-15", "70.00"),
      row("Q1", "payment", "C2", "2025-03-01", "", "20.00"),
      row("Q2", "payment", "C2", "2025-05-10", "", "50.00"),
      row("K1", "invoice", "C2", "2025-04-02", "2025-05-02", "30.00"),
      row("W1", "credit_note", "C2", "2025-06-01", "", "30.00", "K1", { kind: KIND_WRITE_OFF }),
    ]);
    for (const apply of ["fifo", "none"] as const) {
      const history = settleOver(ledger, MONTH_ENDS.map(day), { apply });
      const seen: string[] = [];
      for (const [k, d] of history.dates.entries()) {
        const snap = history.at(k);
        const alone = settle(ledger, d, { apply, record: true });
        for (let i = 0; i < ledger.count; i++) {
          const got = paidInFullAsItStood(history.last, snap, i);
          expect(got, `${docNoOf(ledger, i)} at ${isoDate(d)}`).toEqual(paidInFull(alone, i));
          if (got !== null) seen.push(`${isoDate(d)} ${docNoOf(ledger, i)} ${isoDate(got.date)}${got.writtenOff ? " w/o" : ""}`);
        }
      }
      if (apply === "fifo") expect(seen).toContain("2025-03-31 I1 2025-03-01"); // in P1's gap: P1 paid I1 then
      expect(seen).toContain("2025-06-30 K1 2025-06-01 w/o");
    }
  });
});
