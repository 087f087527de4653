/**
 * SPEC "Ledger: write-offs, instalment rows and early-payment discounts", end to end (reader,
 * settlement, reports), each case worked by hand in its comment. As-of 2025-06-30, fee rate 0.003.
 */
import { describe, expect, it } from "vitest";
import { runAr } from "../helpers/cli.js";

const HEADER = "doc_no,doc_type,customer_id,customer_name,doc_date,due_date,terms,amount,applies_to";

async function json(ledger: string, ...args: string[]): Promise<any> {
  const r = await runAr([args[0]!, "-", "--as-of", "2025-06-30", "--format", "json", ...args.slice(1)], { stdin: `${HEADER}\n${ledger}` });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe("write-offs", () => {
  // I1 1,000.00 due 03-31; P1 pays 400.00 on 04-10; the rest, 600.00, is written off on 05-15.
  const ledger = [
    "I1,invoice,C1,Acme,2025-03-01,2025-03-31,,1000.00,",
    "P1,payment,C1,Acme,2025-04-10,,,400.00,I1",
    "WO1,坏账核销,C1,Acme,2025-05-15,,,600.00,I1",
  ].join("\n");

  it("settle an invoice like a credit note: nothing left open, the control total holds with the write-off", async () => {
    const aging = await json(ledger, "age");
    expect(aging.customers).toEqual([]);
    const check = await json(ledger, "check");
    // 1,000.00 − 400.00 − 600.00 = 0.00 = open 0.00 − unapplied 0.00
    expect(check.controlTotals).toEqual([
      { currency: "CNY", invoices: "1000.00", debitNotes: "0.00", payments: "400.00", creditNotes: "0.00", writeOffs: "600.00", discounts: "0.00", open: "0.00", unapplied: "0.00", holds: true },
    ]);
  });

  it("stop fee accrual like any settlement", async () => {
    // 04-01…04-10 at 1,000.00 (10 days) and 04-11…05-15 at 600.00 (35 days):
    // 0.003 × (10 × 1,000 + 35 × 600) = 0.003 × 31,000 = 93.00, over 45 fee days.
    const fees = await json(ledger, "fees", "--include-settled");
    expect(fees.items).toEqual([{ customerId: "C1", docNo: "I1", currency: "CNY", outstanding: "0.00", feeDays: 45, fee: "93.00", feePerDay: "0.00", claim: "93.00" }]);
  });

  it("show as a line of their own in the statement", async () => {
    const st = await json(ledger, "statement", "--customer", "C1", "--from", "2025-03-01");
    expect(st.statements[0].lines.map((l: any) => [l.type, l.debit, l.credit, l.balance])).toEqual([
      ["invoice", "1000.00", "0.00", "1000.00"],
      ["payment", "0.00", "400.00", "600.00"],
      ["write_off", "0.00", "600.00", "0.00"],
    ]);
  });
});

describe("instalment rows", () => {
  // INV-9 exported one row per payment term (ERPNext payment schedule): 300.00 due 02-10,
  // 100.00 due 03-10, 200.00 due 04-10, all dated 01-10. PAY-9 pays 350.00 naming INV-9 on 03-20:
  // earliest due first, 300.00 to the first term and 50.00 to the second.
  const ledger = [
    "INV-9,invoice,C9,Nine,2025-01-10,2025-02-10,,300.00,",
    "INV-9,invoice,C9,Nine,2025-01-10,2025-03-10,,100.00,",
    "INV-9,invoice,C9,Nine,2025-01-10,2025-04-10,,200.00,",
    "PAY-9,payment,C9,Nine,2025-03-20,,,350.00,INV-9",
  ].join("\n");

  it("are each an open item with its own due date, paid earliest due first", async () => {
    const aging = await json(ledger, "age", "--by", "invoice");
    // 03-10 → 06-30 is 21 + 30 + 31 + 30 = 112 days (91+, tier C); 04-10 → 06-30 is 20 + 31 + 30 = 81 days (61-90, tier B).
    expect(aging.items.map((i: any) => [i.docNo, i.dueDate, i.outstanding, i.daysOverdue, i.bucket, i.tier])).toEqual([
      ["INV-9", "2025-03-10", "50.00", 112, "91+", "C"],
      ["INV-9", "2025-04-10", "200.00", 81, "61-90", "B"],
    ]);
  });

  it("are not duplicates, but the same number with the same due date or another doc date is", async () => {
    const r = await runAr(["age", "-", "--as-of", "2025-06-30", "--format", "json"], {
      stdin: `${HEADER}\n${ledger}\nINV-9,invoice,C9,Nine,2025-01-10,2025-04-10,,200.00,\nINV-9,invoice,C9,Nine,2025-01-11,2025-05-10,,10.00,\n`,
    });
    expect(r.stderr).toBe("-:6: duplicate invoice INV-9 for customer C9 (the earlier row is used)\n-:7: duplicate invoice INV-9 for customer C9 (the earlier row is used)\n");
    expect(JSON.parse(r.stdout).customers[0].balance).toBe("250.00");
  });

  it("must share the currency: a row in another currency is a duplicate, not a term", async () => {
    // (Found by the property test: a term in USD of a CNY invoice let a CNY write-off settle USD.)
    const r = await runAr(["age", "-", "--as-of", "2025-06-30", "--format", "json", "--by", "invoice"], {
      stdin: `${HEADER},currency\nI0,invoice,C4,Four,2025-01-01,2025-01-01,,0.00,,CNY\nI0,invoice,C4,Four,2025-01-01,2025-01-11,,0.01,,USD\n`,
    });
    expect(r.stderr).toBe("-:3: duplicate invoice I0 for customer C4 (the earlier row is used)\n");
  });

  it("are told apart from duplicates also when dated after as-of", async () => {
    const later = ["X1,invoice,C9,Nine,2025-07-10,2025-08-10,,1.00,", "X1,invoice,C9,Nine,2025-07-10,2025-09-10,,1.00,", "X1,invoice,C9,Nine,2025-07-10,2025-09-10,,1.00,"].join("\n");
    const r = await runAr(["age", "-", "--as-of", "2025-06-30", "--format", "json"], { stdin: `${HEADER}\n${later}\n` });
    expect(r.stderr).toBe("-:4: duplicate invoice X1 for customer C9 (the earlier row is used)\n");
  });

  it("accrue late fees each on its own due date", async () => {
    // Term 1: 300.00 for 02-11…03-20 (38 days) = 0.003 × 11,400 = 34.20 (settled, not listed without --include-settled).
    // Term 2: 100.00 for 03-11…03-20 (10 days), then 50.00 for 03-21…06-30 (102 days):
    //   0.003 × (1,000 + 5,100) = 18.30.  Term 3: 200.00 for 04-11…06-30 (81 days): 0.003 × 16,200 = 48.60.
    const fees = await json(ledger, "fees");
    expect(fees.items.map((i: any) => [i.outstanding, i.feeDays, i.fee])).toEqual([
      ["50.00", 112, "18.30"],
      ["200.00", 81, "48.60"],
    ]);
  });
});

describe("early-payment discounts", () => {
  // D1 1,000.00 on 2025-05-01 with terms 2/10 net 30: due 05-31; 2% (20.00) may be deducted by 05-11.
  const invoice = "D1,invoice,C5,Five,2025-05-01,,2/10 net 30,1000.00,";

  it("a payment on day 10 naming the invoice closes it; the 20.00 is a discount allowed", async () => {
    const ledger = `${invoice}\nR1,payment,C5,Five,2025-05-11,,,980.00,D1`;
    expect((await json(ledger, "age")).customers).toEqual([]);
    const check = await json(ledger, "check");
    // 1,000.00 − 980.00 − 20.00 (discount) = 0.00
    expect(check.controlTotals[0]).toMatchObject({ payments: "980.00", discounts: "20.00", open: "0.00", holds: true });
    const st = await json(ledger, "statement", "--customer", "C5", "--from", "2025-05-01");
    expect(st.statements[0].lines.map((l: any) => [l.date, l.type, l.docNo, l.credit, l.balance])).toEqual([
      ["2025-05-01", "invoice", "D1", "0.00", "1000.00"],
      ["2025-05-11", "payment", "R1", "980.00", "20.00"],
      ["2025-05-11", "discount", "D1", "20.00", "0.00"],
    ]);
    expect(st.statements[0].closing).toBe("0.00");
  });

  it("a payment on day 11 gets none: 20.00 stays open", async () => {
    const ledger = `${invoice}\nR1,payment,C5,Five,2025-05-12,,,980.00,D1`;
    const aging = await json(ledger, "age");
    expect(aging.customers[0].balance).toBe("20.00");
    expect((await json(ledger, "check")).controlTotals[0]).toMatchObject({ discounts: "0.00", open: "20.00", holds: true });
  });

  it("a payment that leaves more than the discount gets none", async () => {
    const ledger = `${invoice}\nR1,payment,C5,Five,2025-05-05,,,979.99,D1`;
    expect((await json(ledger, "age")).customers[0].balance).toBe("20.01");
  });

  it("FIFO never grants a discount", async () => {
    const ledger = `${invoice}\nR1,payment,C5,Five,2025-05-05,,,980.00,`;
    expect((await json(ledger, "age")).customers[0].balance).toBe("20.00");
  });

  it("the customer master's terms give the discount to invoices without terms of their own", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "ar-discount-"));
    writeFileSync(path.join(dir, "customers.csv"), "customer_id,customer_name,terms\nC5,Five,2/10 n/30\n");
    const ledger = `D2,invoice,C5,Five,2025-05-01,,,500.00,\nR2,payment,C5,Five,2025-05-09,,,490.00,D2\n`;
    const r = await runAr(["check", "-", "--as-of", "2025-06-30", "--format", "json", "--customers", path.join(dir, "customers.csv")], { stdin: `${HEADER}\n${ledger}` });
    // 2% of 500.00 = 10.00: the payment of 490.00 on day 8 closes D2.
    expect(JSON.parse(r.stdout).controlTotals[0]).toMatchObject({ payments: "490.00", discounts: "10.00", open: "0.00" });
  });
});

describe("write-offs and the limitation period", () => {
  it("a write-off is the creditor's own act: it interrupts nothing, unlike a payment", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(tmpdir(), "ar-wo-"));
    writeFileSync(path.join(dir, "events.csv"), "date,customer_id,type,doc_no,amount,due_date,note,evidence\n");
    const ledger = ["L1,invoice,C7,Seven,2022-01-01,2022-03-31,,1000.00,", "WO7,write_off,C7,Seven,2024-06-01,,,100.00,L1", "L2,invoice,C7,Seven,2022-01-01,2022-03-31,,1000.00,", "P7,payment,C7,Seven,2024-06-01,,,100.00,L2"].join("\n");
    const r = await runAr(["limitation", "-", "--as-of", "2025-06-30", "--format", "json", "--events", path.join(dir, "events.csv")], { stdin: `${HEADER}\n${ledger}\n` });
    const items = JSON.parse(r.stdout).items;
    const byDoc = Object.fromEntries(items.map((i: any) => [i.docNo, i]));
    // L1: 2022-03-31 + 3 years = 2025-03-31 (a Monday, a working day): expired by 06-30.
    expect(byDoc.L1).toMatchObject({ outstanding: "900.00", lastInterruption: null, expiry: "2025-03-31", status: "expired" });
    // L2: the partial payment on 2024-06-01 restarts the period: 2027-06-01.
    expect(byDoc.L2).toMatchObject({ outstanding: "900.00", expiry: "2027-06-01", status: "ok" });
  });
});
