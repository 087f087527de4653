/**
 * The engine tests' ledger builder (test/helpers/ledger.ts) says what the reader says: the SPEC
 * worked example built from a `|` table and read from its CSV age and total alike, and a row's
 * fields land where the reader would put them. A builder that misread `1,000.00` would make every
 * engine test built on it prove nothing.
 */
import { describe, expect, it } from "vitest";
import { age } from "../../src/engine/aging.js";
import { parseIsoDate } from "../../src/engine/dates.js";
import { docNoOf, kindCode } from "../../src/engine/ledger.js";
import { controlTotals, settle } from "../../src/engine/settle.js";
import { doc, documents, ledgerFrom, readLedgerText } from "./ledger.js";

const d = (s: string) => parseIsoDate(s)!;
const AS_OF = d("2025-06-30");
const OPTS = { basis: "due" as const, limits: [30, 60, 90], tiers: { b: 31, c: 91 }, minTierUnits: 1n };

const TABLE = `
  doc_no | doc_type | customer_id | customer_name | doc_date   | due_date   | amount   | applies_to
  I1     | invoice  | C1          | 华东贸易      | 2025-03-01 | 2025-03-31 | 1,000.00 |
  P1     | payment  | C1          | 华东贸易      | 2025-04-10 |            | 1,500.00 |
  I2     | invoice  | C1          | 华东贸易      | 2025-04-20 | 2025-05-20 |   800.00 |
  I3     | invoice  | C2          | Acme          | 2025-04-05 | 2025-05-05 |   500.00 |
  P3     | payment  | C2          | Acme          | 2025-04-01 |            |   500.00 | I3
  I4     | invoice  | C3          | Beta          | 2025-05-01 | 2025-05-31 | 1,000.00 |
  P4     | payment  | C3          | Beta          | 2025-06-10 |            |   400.00 | I4
`;
const CSV = `doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,applies_to
I1,invoice,C1,华东贸易,2025-03-01,2025-03-31,1000.00,
P1,payment,C1,华东贸易,2025-04-10,,1500.00,
I2,invoice,C1,华东贸易,2025-04-20,2025-05-20,800.00,
I3,invoice,C2,Acme,2025-04-05,2025-05-05,500.00,
P3,payment,C2,Acme,2025-04-01,,500.00,I3
I4,invoice,C3,Beta,2025-05-01,2025-05-31,1000.00,
P4,payment,C3,Beta,2025-06-10,,400.00,I4
`;

describe("the test ledger builder", () => {
  it("builds the SPEC worked example as the reader reads it: same documents, aging and control total", async () => {
    const built = ledgerFrom(TABLE);
    const read = await readLedgerText(CSV, AS_OF);
    expect(read.rejected).toEqual([]);
    const view = (l: typeof built) =>
      Array.from({ length: l.count }, (_, i) => [docNoOf(l, i), l.kind[i], l.customers[l.customer[i]!]!.key, l.customers[l.customer[i]!]!.name, l.docDate[i], l.dueDate[i], l.line[i]]);
    expect(view(built)).toEqual(view(read.ledger));
    for (const apply of ["fifo", "none"] as const) {
      const a = settle(built, AS_OF, { apply, record: true });
      const b = settle(read.ledger, AS_OF, { apply, record: true });
      expect(age(a, OPTS)).toEqual(age(b, OPTS));
      expect(controlTotals(a)).toEqual(controlTotals(b));
    }
    // …and the figures are the SPEC's: C1 300.00, C3 600.00.
    expect(age(settle(built, AS_OF, { apply: "fifo" }), OPTS).accounts.map((x) => x.balance)).toEqual([30000n, 60000n]);
  });

  it("reads one row's fields: grouped amount with its scale, defaults, disputed, line", () => {
    const [i1, p1] = documents`
      doc_no | doc_type | customer_id | doc_date   | due_date   | amount    | applies_to | currency | disputed
      I-1    | invoice  | K           | 2025-01-05 | 2025-02-04 | 12,345.6  |            | usd      | yes
      P-1    | RCPT     | K           | 2025-02-10 |            | 0.125     | I-1        |          |
    `;
    expect(i1).toEqual({
      kind: kindCode("invoice"),
      customerKey: "K",
      customerName: "",
      currency: "usd",
      docNo: "I-1",
      docDate: d("2025-01-05"),
      dueDate: d("2025-02-04"),
      amountUnits: 123456n,
      amountScale: 1,
      disputed: true,
      appliesTo: "",
      file: "ledger.csv",
      line: 2,
    });
    expect(p1).toMatchObject({ kind: kindCode("payment"), currency: "CNY", dueDate: d("2025-02-10"), amountUnits: 125n, amountScale: 3, disputed: false, appliesTo: "I-1", line: 3 });
    expect(doc({ docNo: "X", customer: "K", docDate: "2025-01-01", dueDate: "2025-01-31", amount: "1,000.00" })).toMatchObject({ kind: kindCode("invoice"), amountUnits: 100000n, amountScale: 2 });
  });

  it("refuses what it would have to guess", () => {
    expect(() => doc({ docNo: "I", customer: "K", docDate: "2025-01-01", amount: "1.00" })).toThrow(/I: an invoice needs its due date/);
    expect(() => doc({ docNo: "P", type: "payment", customer: "K", docDate: "2025-01-01", amount: "-1.00" })).toThrow(/write the amount unsigned/);
    expect(() => doc({ docNo: "I", customer: "K", docDate: "2025-01-01", dueDate: "2025-01-31", amount: "1.000,00" })).toThrow(/test ledger, I: /);
    expect(() => doc({ docNo: "I", customer: "K", docDate: "2025-02-30", dueDate: "2025-03-31", amount: "1.00" })).toThrow(/doc_date "2025-02-30" is not a YYYY-MM-DD date/);
    expect(() => documents("doc_no | customer | doc_date | amount\n")).toThrow(/unknown column "customer"/);
    expect(() => documents("doc_no | doc_date | amount\n")).toThrow(/column customer_id is required/);
    expect(() => documents("doc_no | customer_id | doc_date | due_date | amount\nI | K | 2025-01-01 | 1.00\n")).toThrow(/row 1: 4 cells for 5 columns/);
  });
});
