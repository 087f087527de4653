import { describe, expect, it } from "vitest";
import { age, bucketDefs, bucketIndex } from "../../src/engine/aging.js";
import { dayFromYmd, isoDate, parseIsoDate } from "../../src/engine/dates.js";
import { docNoOf } from "../../src/engine/ledger.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { unitsString } from "../../src/engine/money.js";
import { controlTotals, settle } from "../../src/engine/settle.js";
import { doc, documents } from "../helpers/ledger.js";

const d = (s: string) => parseIsoDate(s)!;

const OPTS = { basis: "due" as const, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n };

// SPEC.md "Worked examples", as-of 2025-06-30.
const worked = documents`
  doc_no | doc_type | customer_id | doc_date   | due_date   | amount   | applies_to
  I1     | invoice  | C1          | 2025-03-01 | 2025-03-31 | 1,000.00 |
  P1     | payment  | C1          | 2025-04-10 |            | 1,500.00 |
  I2     | invoice  | C1          | 2025-04-20 | 2025-05-20 |   800.00 |
  I3     | invoice  | C2          | 2025-04-05 | 2025-05-05 |   500.00 |
  P3     | payment  | C2          | 2025-04-01 |            |   500.00 | I3
  I4     | invoice  | C3          | 2025-05-01 | 2025-05-31 | 1,000.00 |
  P4     | payment  | C3          | 2025-06-10 |            |   400.00 | I4
`;

function settledAt(docs: DocumentInput[], asOf: string, apply: "fifo" | "none" = "fifo") {
  const ledger = ledgerOf(docs);
  return settle(ledger, d(asOf), { apply, record: true });
}

/** Money at the ledger's scale as the report shows it: 30000n at scale 2 → "300.00". */
const money = (units: bigint | number, scale = 2) => unitsString(BigInt(units), scale);

/** Each invoice's outstanding at as-of, as money: `{ I1: "0.00", I2: "300.00" }`. */
function outstandingOf(docs: DocumentInput[], asOf: string, apply: "fifo" | "none" = "fifo"): Record<string, string> {
  const s = settledAt(docs, asOf, apply);
  const out: Record<string, string> = {};
  for (let i = 0; i < s.ledger.count; i++) if (s.ledger.kind[i]! <= 1 && s.ledger.docDate[i]! <= d(asOf)) out[docNoOf(s.ledger, i)] = money(s.outstanding.get(i), s.ledger.scale);
  return out;
}

describe("settlement, SPEC worked examples", () => {
  it("C1 balance-forward: P1 pays I1 1,000.00 on 04-10, holds 500.00, pays I2 500.00 on 04-20", () => {
    const s = settledAt(worked, "2025-06-30");
    const l = s.ledger;
    const rows = s.settlements!.invoice.map((inv, k) => [docNoOf(l, inv), docNoOf(l, s.settlements!.source[k]!), isoDate(s.settlements!.date[k]!), money(s.settlements!.units[k]!)]);
    expect(rows.filter((r) => r[1] === "P1")).toEqual([
      ["I1", "P1", "2025-04-10", "1000.00"],
      ["I2", "P1", "2025-04-20", "500.00"],
    ]);
    expect(outstandingOf(worked, "2025-06-30")).toMatchObject({ I1: "0.00", I2: "300.00" });
  });
  it("C2: a payment before its invoice takes effect on the invoice's date and settles it", () => {
    const s = settledAt(worked, "2025-06-30");
    const p3 = Array.from({ length: s.ledger.count }, (_, i) => docNoOf(s.ledger, i)).indexOf("P3");
    expect(isoDate(s.effective[p3]!)).toBe("2025-04-05");
    expect(outstandingOf(worked, "2025-06-30").I3).toBe("0.00");
  });
  it("C3: a partial payment leaves 600.00 open", () => {
    expect(outstandingOf(worked, "2025-06-30").I4).toBe("600.00");
  });
  it("ages the worked example: C1 300.00 in 31-60 tier B, C3 600.00 in 1-30 tier A, no C2 row", () => {
    const a = age(settledAt(worked, "2025-06-30"), OPTS);
    const rows = a.accounts.map((x) => [a.accounts.length && settledAt(worked, "2025-06-30").ledger.customers[x.customer]!.key, x.buckets.map((b) => money(b)), money(x.unapplied), money(x.balance), x.oldestDaysOverdue, x.tier]);
    expect(rows).toEqual([
      ["C1", ["0.00", "0.00", "300.00", "0.00", "0.00"], "0.00", "300.00", 41, "B"],
      ["C3", ["0.00", "600.00", "0.00", "0.00", "0.00"], "0.00", "600.00", 30, "A"],
    ]);
  });
  it("as of 2025-04-15, C1 has 500.00 unapplied and a negative balance", () => {
    const a = age(settledAt(worked, "2025-04-15"), OPTS);
    const c1 = a.accounts.find((x) => x.customer === 0)!;
    expect(money(c1.unapplied)).toBe("500.00");
    expect(money(c1.balance)).toBe("-500.00");
  });
});

describe("settlement rules", () => {
  it("with --apply none an unreferenced payment stays on account", () => {
    expect(outstandingOf(worked, "2025-06-30", "none")).toMatchObject({ I1: "1000.00", I2: "800.00" });
    const a = age(settledAt(worked, "2025-06-30", "none"), OPTS);
    expect(money(a.accounts[0]!.unapplied)).toBe("1500.00");
  });
  it("FIFO pays oldest by due date, then doc date, then doc_no", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount
      B      | invoice  | C           | 2025-01-10 | 2025-02-28 | 100.00
      A      | invoice  | C           | 2025-01-20 | 2025-02-09 | 100.00
      D      | invoice  | C           | 2025-01-05 | 2025-03-01 | 100.00
      C      | invoice  | C           | 2025-01-05 | 2025-03-01 | 100.00
      P      | payment  | C           | 2025-03-10 |            | 250.00
    `;
    // A (due 02-09) 100.00, then B (02-28) 100.00, then C (03-01, doc_no C before D) 50.00.
    expect(outstandingOf(docs, "2025-03-31")).toEqual({ A: "0.00", B: "0.00", C: "50.00", D: "100.00" });
  });
  it("credit waiting for same-day invoices pays the oldest (due date, doc_no) whatever the input order", () => {
    // 0.01 of unapplied credit from 01-01; two invoices of 0.01 arrive on 03-05, due the same day.
    const [credit, i0, i1000] = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to
      P1     | payment  | C           | 2025-01-01 |            | 0.01   | NOPE
      I0     | invoice  | C           | 2025-03-05 | 2025-03-05 | 0.01   |
      I1000  | invoice  | C           | 2025-03-05 | 2025-03-05 | 0.01   |
    `;
    expect(outstandingOf([i0!, credit!, i1000!], "2025-06-30")).toEqual({ I0: "0.00", I1000: "0.01" });
    expect(outstandingOf([i1000!, i0!, credit!], "2025-06-30")).toEqual({ I0: "0.00", I1000: "0.01" });
  });
  it("FIFO never pays a disputed invoice; applies_to may", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to | disputed
      X      | invoice  | C           | 2025-01-01 | 2025-01-31 | 100.00 |            | yes
      Y      | invoice  | C           | 2025-01-02 | 2025-02-01 | 100.00 |            |
      P      | payment  | C           | 2025-03-01 |            | 150.00 |            |
      Q      | payment  | C           | 2025-03-02 |            |  40.00 | X          |
    `;
    // P pays Y 100.00 and leaves 50.00 unapplied (X disputed); Q pays X 40.00.
    expect(outstandingOf(docs, "2025-03-31")).toEqual({ X: "60.00", Y: "0.00" });
    expect(money(age(settledAt(docs, "2025-03-31"), OPTS).accounts[0]!.unapplied)).toBe("50.00");
  });
  it("an overpayment by applies_to becomes unapplied credit that FIFO uses on later invoices", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to
      I      | invoice  | C           | 2025-01-01 | 2025-01-31 | 100.00 |
      P      | payment  | C           | 2025-02-01 |            | 125.00 | I
      J      | invoice  | C           | 2025-02-10 | 2025-03-12 | 100.00 |
    `;
    // P pays I 100.00; the 25.00 over goes to J: 100.00 − 25.00 = 75.00.
    const s = settledAt(docs, "2025-03-31");
    expect(outstandingOf(docs, "2025-03-31")).toEqual({ I: "0.00", J: "75.00" });
    expect(s.warnings.map((w) => w.kind)).toEqual(["overpaid"]);
  });
  it("applies_to naming no invoice: unapplied from its own date (class 1), with a warning", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to
      I      | invoice  | C           | 2025-01-01 | 2025-01-31 | 100.00 |
      P      | payment  | C           | 2025-02-01 |            |  30.00 | NOPE
    `;
    const s = settledAt(docs, "2025-03-31");
    expect(s.warnings[0]!.kind).toBe("orphan");
    expect(outstandingOf(docs, "2025-03-31")).toEqual({ I: "70.00" }); // FIFO then applies the credit
    expect(outstandingOf(docs, "2025-03-31", "none")).toEqual({ I: "100.00" });
  });
  it("applies_to naming an invoice in another currency: unapplied, with a warning", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to | currency
      I      | invoice  | C           | 2025-01-01 | 2025-01-31 | 100.00 |            | USD
      P      | payment  | C           | 2025-02-01 |            |  30.00 | I          | CNY
    `;
    const s = settledAt(docs, "2025-03-31", "none");
    expect(s.warnings[0]!.kind).toBe("currency");
    const a = age(s, OPTS);
    expect(a.accounts.map((x) => [s.ledger.currencies[x.currency], money(x.balance)])).toEqual([
      ["CNY", "-30.00"],
      ["USD", "100.00"],
    ]);
  });
  it("warnings come per account, applies_to problems before overpayments; appliesToWarnings leaves the overpayments out", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to
      I      | invoice  | B           | 2025-01-01 | 2025-01-31 | 100.00 |
      J      | invoice  | A           | 2025-01-01 | 2025-01-31 | 100.00 |
      # P overpays I by 20.00, Q overpays J by 10.00; R names no invoice, after P in the input.
      P      | payment  | B           | 2025-02-01 |            | 120.00 | I
      Q      | payment  | A           | 2025-02-02 |            | 110.00 | J
      R      | payment  | B           | 2025-02-03 |            |   5.00 | NOPE
    `;
    const s = settledAt(docs, "2025-03-31");
    const l = s.ledger;
    const named = (ws: typeof s.warnings) => ws.map((w) => `${l.customers[l.customer[w.index]!]!.key}:${docNoOf(l, w.index)}:${w.kind}`);
    // Customers in order of first appearance (B, A): B's orphan R before its overpayment P.
    expect(named(s.warnings)).toEqual(["B:R:orphan", "B:P:overpaid", "A:Q:overpaid"]);
    expect(s.warnings[1]!.reason).toBe("pays more than I owed: the excess is unapplied credit");
    expect(named(s.appliesToWarnings)).toEqual(["B:R:orphan"]);
  });
  it("a credit note with applies_to pays its invoice like a payment", () => {
    const docs = documents`
      doc_no | doc_type    | customer_id | doc_date   | due_date   | amount | applies_to
      I      | invoice     | C           | 2025-01-01 | 2025-01-31 | 100.00 |
      CN     | credit_note | C           | 2025-01-15 |            |  25.00 | I
    `;
    expect(outstandingOf(docs, "2025-03-31")).toEqual({ I: "75.00" });
  });
  it("documents dated after as-of do not exist for the report", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to
      I      | invoice  | C           | 2025-01-01 | 2025-01-31 | 100.00 |
      P      | payment  | C           | 2025-04-01 |            | 100.00 | I
    `;
    expect(outstandingOf(docs, "2025-03-31")).toEqual({ I: "100.00" });
    expect(outstandingOf(docs, "2025-04-01")).toEqual({ I: "0.00" });
  });
  it("the control total holds: invoices + debit notes − payments − credits = open − unapplied", () => {
    const t = controlTotals(settledAt(worked, "2025-06-30"));
    expect(t).toHaveLength(1);
    expect(t[0]!.holds).toBe(true);
    // 3,300.00 − 2,400.00 = 900.00 = open 900.00 − unapplied 0.
    expect([t[0]!.invoices, t[0]!.payments, t[0]!.open, t[0]!.unapplied].map((u) => money(u))).toEqual(["3300.00", "2400.00", "900.00", "0.00"]);
  });
  it("keeps amounts exact when a row has more decimals than the others", () => {
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | applies_to
      I      | invoice  | C           | 2025-01-01 | 2025-01-31 | 100.00 |
      P      | payment  | C           | 2025-02-01 |            | 3.3333 | I
    `;
    const s = settledAt(docs, "2025-03-31");
    expect(s.ledger.scale).toBe(4);
    expect(s.outstanding.get(0)).toBe(1000000n - 33333n); // 100.0000 − 3.3333 = 96.6667
  });
});

describe("aging buckets and tiers", () => {
  it("describes buckets by due date and by doc date", () => {
    expect(bucketDefs([30, 60, 90], "due")).toEqual([
      { key: "current", from: null, to: 0 },
      { key: "1-30", from: 1, to: 30 },
      { key: "31-60", from: 31, to: 60 },
      { key: "61-90", from: 61, to: 90 },
      { key: "91+", from: 91, to: null },
    ]);
    expect(bucketDefs([30, 60, 90], "doc").map((b) => b.key)).toEqual(["0-30", "31-60", "61-90", "91+"]);
    expect(bucketDefs([365, 730, 1095], "due").map((b) => b.key)).toEqual(["current", "1-365", "366-730", "731-1095", "1096+"]);
  });
  it("puts boundary days in the right bucket", () => {
    const b = (days: number) => bucketIndex(days, [30, 60, 90], "due");
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91, 500].map(b)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect([0, 30, 31, 91].map((x) => bucketIndex(x, [30, 60, 90], "doc"))).toEqual([0, 0, 1, 3]);
  });
  it("basis doc buckets by age from the doc date; days overdue stay due-date based", () => {
    const docs = [doc({ docNo: "I", customer: "C", docDate: "2025-01-01", dueDate: "2025-06-15", amount: "100.00" })];
    const a = age(settledAt(docs, "2025-06-30"), { ...OPTS, basis: "doc" });
    // age = 06-30 − 01-01 = 180 days → 91+; days overdue = 15 → tier A.
    expect(a.accounts[0]!.items[0]).toMatchObject({ bucket: 3, daysOverdue: 15, tier: "A" });
  });
  it("a customer's tier ignores items below the minimum amount; disputed items have no tier", () => {
    // OLD 0.50 is over 90 days overdue but below the 1.00 minimum; NEW is 20 days overdue.
    const docs = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount | disputed
      OLD    | invoice  | C           | 2024-01-01 | 2024-01-31 |   0.50 |
      NEW    | invoice  | C           | 2025-06-01 | 2025-06-10 | 100.00 |
      DIS    | invoice  | C           | 2024-01-01 | 2024-02-01 | 999.00 | yes
    `;
    const a = age(settledAt(docs, "2025-06-30"), { ...OPTS, minTierUnits: 100n }); // minimum 1.00
    expect(a.accounts[0]!.tier).toBe("A");
    expect(a.accounts[0]!.items.find((i) => i.disputed)!.tier).toBeNull();
    expect(a.accounts[0]!.oldestDaysOverdue).toBe(dayFromYmd(2025, 6, 30) - dayFromYmd(2024, 1, 31));
  });
});
