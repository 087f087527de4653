/**
 * Statements of account: worked examples computed by hand, and the invariants of SPEC.md
 * (closing = opening + debits − credits = the customer's `ar age` balance) over random ledgers
 * and over every customer of the reference fixtures.
 */
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { age, type Aging } from "../../src/engine/aging.js";
import { dayFromYmd, isoDate, parseIsoDate, type Day } from "../../src/engine/dates.js";
import { unitsString } from "../../src/engine/money.js";
import { settle, type ApplyMode, type Settled } from "../../src/engine/settle.js";
import { buildStatements, type Statement } from "../../src/engine/statement.js";
import { FIXTURES } from "../helpers/cli.js";
import { readLedgerText } from "../helpers/ledger.js";

const d = (iso: string): Day => parseIsoDate(iso)!;

async function settledFrom(csv: string, asOf: Day, apply: ApplyMode = "fifo"): Promise<Settled> {
  const read = await readLedgerText(csv, asOf);
  return settle(read.ledger, asOf, { apply, record: true });
}

const agingOf = (s: Settled): Aging => age(s, { basis: "due", limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n });

/** The statement as the money strings a reader checks by hand. */
function shown(s: Statement, scale = 2) {
  const m = (u: bigint) => unitsString(u, scale);
  return {
    customerId: s.customerId,
    currency: s.currency,
    opening: m(s.opening),
    debits: m(s.debits),
    credits: m(s.credits),
    closing: m(s.closing),
    lines: s.lines.map((l) => [isoDate(l.date), l.type, l.docNo, l.dueDate === null ? null : isoDate(l.dueDate), m(l.debit), m(l.credit), m(l.balance)]),
    aging: s.aging.map(m),
    unapplied: m(s.unapplied),
  };
}

// SPEC.md's worked example, as-of 2025-06-30.
const SPEC_LEDGER = `doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,applies_to
I1,invoice,C1,华东贸易,2025-03-01,2025-03-31,1000.00,
P1,payment,C1,华东贸易,2025-04-10,,1500.00,
I2,invoice,C1,华东贸易,2025-04-20,2025-05-20,800.00,
I3,invoice,C2,Acme,2025-04-05,2025-05-05,500.00,
P3,payment,C2,Acme,2025-04-01,,500.00,I3
I4,invoice,C3,Beta,2025-05-01,2025-05-31,1000.00,
P4,payment,C3,Beta,2025-06-10,,400.00,I4
`;

describe("buildStatements: SPEC.md's worked example", () => {
  it("C1 for April to June: the prepayment shows as a credit, the balance runs negative, then 300.00 is owed", async () => {
    // Opening (before 2025-04-01): I1 1,000.00.
    // 04-10 P1 credit 1,500.00 → −500.00; 04-20 I2 debit 800.00 → 300.00.
    // closing = 1,000.00 + 800.00 − 1,500.00 = 300.00 = ar age's balance (I2 open 300.00, 41 days: 31-60).
    const settled = await settledFrom(SPEC_LEDGER, d("2025-06-30"));
    const report = buildStatements(settled, agingOf(settled), { from: d("2025-04-01"), customers: ["C1"], defaultCurrency: "CNY" });
    expect(report.buckets.map((b) => b.key)).toEqual(["current", "1-30", "31-60", "61-90", "91+"]);
    expect(report.statements.map((s) => shown(s))).toEqual([
      {
        customerId: "C1",
        currency: "CNY",
        opening: "1000.00",
        debits: "800.00",
        credits: "1500.00",
        closing: "300.00",
        lines: [
          ["2025-04-10", "payment", "P1", null, "0.00", "1500.00", "-500.00"],
          ["2025-04-20", "invoice", "I2", "2025-05-20", "800.00", "0.00", "300.00"],
        ],
        aging: ["0.00", "0.00", "300.00", "0.00", "0.00"],
        unapplied: "0.00",
      },
    ]);
  });

  it("C2's payment dated before its invoice: listed on its own date; closing 0", async () => {
    // Period 2025-04-01 … 06-30: P3 (04-01) credit 500.00 → −500.00; I3 (04-05) debit 500.00 → 0.00.
    const settled = await settledFrom(SPEC_LEDGER, d("2025-06-30"));
    const [s] = buildStatements(settled, agingOf(settled), { from: d("2025-04-01"), customers: ["C2"], defaultCurrency: "CNY" }).statements;
    expect(shown(s!).lines).toEqual([
      ["2025-04-01", "payment", "P3", null, "0.00", "500.00", "-500.00"],
      ["2025-04-05", "invoice", "I3", "2025-05-05", "500.00", "0.00", "0.00"],
    ]);
    expect(shown(s!).closing).toBe("0.00");
  });

  it("a period with no document still shows the balances (opening = closing, aged)", async () => {
    // C3 in June 2025-06-11 … 06-30: nothing; opening = 1,000.00 − 400.00 = 600.00 = closing, 1-30 days.
    const settled = await settledFrom(SPEC_LEDGER, d("2025-06-30"));
    const [s] = buildStatements(settled, agingOf(settled), { from: d("2025-06-11"), customers: ["C3"], defaultCurrency: "CNY" }).statements;
    expect(shown(s!)).toEqual({
      customerId: "C3",
      currency: "CNY",
      opening: "600.00",
      debits: "0.00",
      credits: "0.00",
      closing: "600.00",
      lines: [],
      aging: ["0.00", "600.00", "0.00", "0.00", "0.00"],
      unapplied: "0.00",
    });
  });

  it("--all: accounts with a balance or a document in the period; C2 (settled, quiet in June) has none", async () => {
    const settled = await settledFrom(SPEC_LEDGER, d("2025-06-30"));
    const report = buildStatements(settled, agingOf(settled), { from: d("2025-06-01"), customers: null, defaultCurrency: "CNY" });
    expect(report.statements.map((s) => [s.customerId, unitsString(s.opening, 2), unitsString(s.closing, 2)])).toEqual([
      ["C1", "300.00", "300.00"],
      ["C3", "1000.00", "600.00"],
    ]);
  });

  it("a customer the ledger does not know gets an empty statement in the default currency", async () => {
    const settled = await settledFrom(SPEC_LEDGER, d("2025-06-30"));
    const [s] = buildStatements(settled, agingOf(settled), { from: d("2025-06-01"), customers: ["C9"], defaultCurrency: "USD" }).statements;
    expect(shown(s!)).toMatchObject({ customerId: "C9", currency: "USD", opening: "0.00", closing: "0.00", lines: [], aging: ["0.00", "0.00", "0.00", "0.00", "0.00"] });
    expect(s!.customer).toBe(-1);
  });
});

describe("buildStatements: documents and order", () => {
  const LEDGER = `doc_no,doc_type,customer_id,doc_date,due_date,amount,currency,applies_to,disputed
A1,invoice,K,2025-06-02,2025-07-02,100.00,CNY,,
R1,payment,K,2025-06-05,,60.00,CNY,A1,
A2,invoice,K,2025-06-05,2025-07-05,200.00,CNY,,yes
R1,payment,K,2025-06-05,,40.00,CNY,A2,
CN1,credit_note,K,2025-06-10,,25.00,CNY,,
U1,invoice,K,2025-06-12,2025-07-12,10.00,USD,,
D1,debit_note,K,2025-06-20,2025-06-25,5.50,CNY,,
`;

  it("a receipt split over two invoices is one line; charges first on a day; one statement per currency", async () => {
    // CNY: 06-02 A1 +100.00 → 100.00; 06-05 A2 +200.00 → 300.00 (charges before receipts on the day);
    // 06-05 R1 −(60.00 + 40.00) → 200.00; 06-10 CN1 −25.00 → 175.00; 06-20 D1 +5.50 → 180.50.
    // Aging at 06-30: R1 leaves A1 40.00 and A2 160.00 (applies_to may pay a disputed invoice);
    // CN1 names nothing, so on 06-10 FIFO gives its 25.00 to the oldest open undisputed invoice,
    // A1 → 15.00 (D1 does not exist yet, A2 is disputed). A1 15.00 + A2 160.00 are current,
    // D1 5.50 is 5 days overdue (1-30): 175.00 + 5.50 = 180.50 = closing.
    const settled = await settledFrom(LEDGER, d("2025-06-30"));
    const report = buildStatements(settled, agingOf(settled), { from: d("2025-06-01"), customers: ["K"], defaultCurrency: "CNY" });
    const [cny, usd] = report.statements.map((s) => shown(s));
    expect(cny!.lines).toEqual([
      ["2025-06-02", "invoice", "A1", "2025-07-02", "100.00", "0.00", "100.00"],
      ["2025-06-05", "invoice", "A2", "2025-07-05", "200.00", "0.00", "300.00"],
      ["2025-06-05", "payment", "R1", null, "0.00", "100.00", "200.00"],
      ["2025-06-10", "credit_note", "CN1", null, "0.00", "25.00", "175.00"],
      ["2025-06-20", "debit_note", "D1", "2025-06-25", "5.50", "0.00", "180.50"],
    ]);
    expect(cny!.closing).toBe("180.50");
    expect(cny!.aging).toEqual(["175.00", "5.50", "0.00", "0.00", "0.00"]);
    expect(report.statements[0]!.lines[1]!.disputed).toBe(true);
    expect(report.statements[0]!.lines[2]!.rows.length).toBe(2);
    expect(usd).toMatchObject({ currency: "USD", opening: "0.00", debits: "10.00", closing: "10.00" });
  });

  it("the statement does not depend on --apply (settlement decides what was paid, not how much)", async () => {
    const fifo = await settledFrom(LEDGER, d("2025-06-30"), "fifo");
    const none = await settledFrom(LEDGER, d("2025-06-30"), "none");
    const a = buildStatements(fifo, agingOf(fifo), { from: d("2025-06-01"), customers: null, defaultCurrency: "CNY" });
    const b = buildStatements(none, agingOf(none), { from: d("2025-06-01"), customers: null, defaultCurrency: "CNY" });
    expect(b.statements.map((s) => [s.opening, s.closing, s.lines.map((l) => l.balance)])).toEqual(a.statements.map((s) => [s.opening, s.closing, s.lines.map((l) => l.balance)]));
    // --apply none keeps CN1's 25.00 on account: the aging moves 25.00 into the buckets and shows it as unapplied.
    expect(unitsString(b.statements[0]!.unapplied, 2)).toBe("25.00");
  });

  it("a period that starts after as-of is refused", async () => {
    const settled = await settledFrom(LEDGER, d("2025-06-30"));
    expect(() => buildStatements(settled, agingOf(settled), { from: d("2025-07-01"), customers: null, defaultCurrency: "CNY" })).toThrow(RangeError);
  });
});

describe("buildStatements: invariants", () => {
  const row = fc.record({
    type: fc.constantFrom("invoice", "invoice", "invoice", "payment", "payment", "credit_note", "debit_note"),
    customer: fc.integer({ min: 1, max: 3 }),
    currency: fc.constantFrom("CNY", "CNY", "USD"),
    day: fc.integer({ min: 0, max: 200 }),
    terms: fc.integer({ min: 0, max: 60 }),
    cents: fc.integer({ min: 1, max: 500000 }),
    refers: fc.integer({ min: -1, max: 30 }),
    disputed: fc.boolean(),
  });
  const START = dayFromYmd(2025, 1, 1);

  function toCsv(rows: fc.TypeOf<typeof row>[]): string {
    let csv = "doc_no,doc_type,customer_id,doc_date,terms,amount,currency,applies_to,disputed\n";
    rows.forEach((r, k) => {
      // Receipts share numbers now and then (one receipt over several invoices).
      const docNo = r.type === "invoice" || r.type === "debit_note" ? `I${k}` : `P${k % 7}`;
      const applies = r.type === "payment" || r.type === "credit_note" ? (r.refers >= 0 ? `I${r.refers}` : "") : "";
      csv += `${docNo},${r.type},C${r.customer},${isoDate(START + r.day)},${r.terms},${(r.cents / 100).toFixed(2)},${r.currency},${applies},${r.disputed && r.type === "invoice" ? "yes" : "no"}\n`;
    });
    return csv;
  }

  it("closing = opening + debits − credits = the last running balance = ar age's balance, for any period and apply mode", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 220 }),
        fc.integer({ min: 0, max: 220 }),
        fc.constantFrom("fifo" as const, "none" as const),
        async (rows, a, b, apply) => {
          const asOf = START + Math.max(a, b);
          const from = START + Math.min(a, b);
          const settled = await settledFrom(toCsv(rows), asOf, apply);
          const aging = agingOf(settled);
          const report = buildStatements(settled, aging, { from, customers: null, defaultCurrency: "CNY" });
          const balances = new Map(aging.accounts.map((x) => [`${settled.ledger.customers[x.customer]!.key}/${settled.ledger.currencies[x.currency]}`, x.balance]));
          for (const s of report.statements) {
            expect(s.closing).toBe(s.opening + s.debits - s.credits);
            expect(s.closing).toBe(s.lines.length > 0 ? s.lines[s.lines.length - 1]!.balance : s.opening);
            expect(s.closing).toBe(balances.get(`${s.customerId}/${s.currency}`) ?? 0n);
            expect(s.aging.reduce((x, y) => x + y, 0n) - s.unapplied).toBe(s.closing);
            for (const l of s.lines) expect(l.date >= from && l.date <= asOf).toBe(true);
          }
          // Every account with a non-zero age balance has a statement.
          for (const [key, balance] of balances) if (balance !== 0n) expect(report.statements.some((s) => `${s.customerId}/${s.currency}` === key)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on the reference fixtures, every customer's closing balance at 2025-06-30 is its ar age balance", async () => {
    const asOf = d("2025-06-30");
    const file = path.join(FIXTURES, "ledger.csv");
    const read = await readLedgerText("", asOf, { path: file });
    const settled = settle(read.ledger, asOf, { apply: "fifo", record: true });
    const aging = agingOf(settled);
    const keys = read.ledger.customers.map((c) => c.key);
    const report = buildStatements(settled, aging, { from: d("2025-06-01"), customers: keys, defaultCurrency: "CNY" });
    const balances = new Map(aging.accounts.map((x) => [`${read.ledger.customers[x.customer]!.key}/${read.ledger.currencies[x.currency]}`, x.balance]));
    for (const s of report.statements) {
      expect(s.closing, `${s.customerId} ${s.currency}`).toBe(balances.get(`${s.customerId}/${s.currency}`) ?? 0n);
      expect(s.closing).toBe(s.opening + s.debits - s.credits);
    }
    // fixtures/README.md: C029's June statement.
    const c029 = report.statements.find((s) => s.customerId === "C029")!;
    expect(shown(c029)).toMatchObject({ opening: "80850.00", debits: "45180.00", credits: "43850.00", closing: "82180.00" });
    // C007's prepayment: a negative closing balance, all of it unapplied credit.
    const c007 = report.statements.find((s) => s.customerId === "C007")!;
    expect(shown(c007)).toMatchObject({ closing: "-20000.00", unapplied: "20000.00" });
  });
});
