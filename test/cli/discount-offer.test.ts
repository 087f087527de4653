/**
 * The early-payment discount on offer in statements, letters and call scripts (SPEC "Ledger:
 * write-offs, instalment rows and early-payment discounts": "Letters, statements and scripts for
 * an invoice still inside its discount period say how much may be deducted and by which date"),
 * end to end. As-of Thursday 2025-07-03; the statement period is July (from 07-01).
 *
 *   K1 华东贸易 (zh)
 *     A-1  3,000.00 dated 05-01 due 05-31: 33 days overdue, no terms → the letter's table.
 *     D-3  1,000.00 dated 06-01, 2/10 net 30: due 07-01 (2 days overdue); its period ended 06-11.
 *     D-1 10,000.00 dated 06-25, 2/10 net 30: due 07-25; 2% × 10,000.00 = 200.00 off by 06-25 + 10
 *          = 07-05: pay 9,800.00. Dated before July: brought forward, no line of the period.
 *     D-2  5,000.00 dated 07-02, 1/10 net 30; P-1 2,000.00 names it on 07-03: open 3,000.00;
 *          1% × 5,000.00 = 50.00 off by 07-12: pay 2,950.00.
 *     opening (before 07-01) 3,000 + 1,000 + 10,000 = 14,000.00; + 5,000.00 − 2,000.00 = 17,000.00.
 *   K2 Beta Ltd (en)
 *     B-1  1,000.00 dated 05-10 due 06-09: 24 days overdue.
 *     E-1 12,450.00 dated 06-28, 2/10 net 30: 2% = 249.00 off by 07-08: pay 12,201.00.
 *   K3 华南电子 (zh), nothing overdue: F-1 80,000.00 dated 06-25, 2/10 net 10, due 07-05 (within 7
 *     days: a reminder call); 1,600.00 off by 07-05: pay 78,400.00 (spoken 7.84万元).
 *   K4 Gamma Inc (en), nothing overdue: G-1 12,450.00 dated 06-26, 2/10 net 10, due 07-06;
 *     249.00 off by 07-06: pay 12,201.00 (spoken CNY 12,201).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { expectGolden, expectGoldenFile } from "../helpers/golden.js";

const LEDGER = `doc_no,doc_type,customer_id,customer_name,doc_date,due_date,terms,amount,applies_to
A-1,invoice,K1,华东贸易有限公司,2025-05-01,2025-05-31,,3000.00,
D-3,invoice,K1,华东贸易有限公司,2025-06-01,,2/10 net 30,1000.00,
D-1,invoice,K1,华东贸易有限公司,2025-06-25,,2/10 net 30,10000.00,
D-2,invoice,K1,华东贸易有限公司,2025-07-02,,1/10 net 30,5000.00,
P-1,payment,K1,华东贸易有限公司,2025-07-03,,,2000.00,D-2
B-1,invoice,K2,Beta Ltd,2025-05-10,2025-06-09,,1000.00,
E-1,invoice,K2,Beta Ltd,2025-06-28,,2/10 net 30,12450.00,
F-1,invoice,K3,华南电子有限公司,2025-06-25,,2/10 net 10,80000.00,
G-1,invoice,K4,Gamma Inc,2025-06-26,,2/10 net 10,12450.00,
`;

const CUSTOMERS = `customer_id,customer_name,contact_name,contact_title,phone,address,postcode,lang
K1,华东贸易有限公司,王建国,财务经理,021-58367712,上海市浦东新区张杨路1588号,200122,zh
K2,Beta Ltd,Ann Lee,Controller,+852 1234 5678,"1 Queen's Road, Hong Kong",,en
K3,华南电子有限公司,李晓燕,财务主管,020-12345678,广州市天河区体育西路1号,510620,zh
K4,Gamma Inc,Tom Wong,AP Manager,+852 2345 6789,"2 Harbour Road, Hong Kong",,en
`;

function story(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-offer-"));
  writeFileSync(path.join(dir, "ledger.csv"), LEDGER);
  writeFileSync(path.join(dir, "customers.csv"), CUSTOMERS);
  writeFileSync(path.join(dir, "ar.config.json"), readFileSync(path.join(FIXTURES, "ar.config.json")));
  return dir;
}

const BASE = ["ledger.csv", "--customers", "customers.csv", "--config", "ar.config.json", "--as-of", "2025-07-03"];

/** Each page's text lines (items on one baseline joined by a space, left to right). */
async function pdfLines(pdf: Uint8Array): Promise<string[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  const pages: string[][] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const byLine = new Map<number, { str: string; x: number }[]>();
    for (const it of content.items) {
      if (!("str" in it) || it.str === "") continue;
      const key = Math.round(it.transform[5] as number);
      byLine.set(key, [...(byLine.get(key) ?? []), { str: it.str, x: it.transform[4] as number }]);
    }
    pages.push(
      [...byLine.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([, its]) => its.sort((a, b) => a.x - b.x).map((i) => i.str).join(" ").replace(/\s+/g, " ").trim()),
    );
  }
  await doc.destroy();
  return pages;
}

const compact = (pages: string[][]) => pages.flat().join("").replace(/\s+/g, "");

describe("ar statement with a discount on offer", () => {
  it("JSON: the line of an invoice inside its period gains `discount`; the statement lists every offer, brought forward too", async () => {
    const r = await runAr(["statement", ...BASE, "--customer", "K1", "K2", "--format", "json"], { cwd: story() });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const [k1, k2] = JSON.parse(r.stdout).statements;
    expect([k1.opening, k1.closing]).toEqual(["14000.00", "17000.00"]);
    expect(k1.lines).toEqual([
      { date: "2025-07-02", type: "invoice", docNo: "D-2", dueDate: "2025-08-01", debit: "5000.00", credit: "0.00", balance: "19000.00", discount: { rate: "0.01", amount: "50.00", lastDay: "2025-07-12", pay: "2950.00" } },
      // Lines without an offer keep SPEC's shape exactly.
      { date: "2025-07-03", type: "payment", docNo: "P-1", dueDate: null, debit: "0.00", credit: "2000.00", balance: "17000.00" },
    ]);
    expect(k1.discountOffers).toEqual([
      { docNo: "D-1", rate: "0.02", amount: "200.00", lastDay: "2025-07-05", pay: "9800.00" },
      { docNo: "D-2", rate: "0.01", amount: "50.00", lastDay: "2025-07-12", pay: "2950.00" },
    ]);
    expect(k2.discountOffers).toEqual([{ docNo: "E-1", rate: "0.02", amount: "249.00", lastDay: "2025-07-08", pay: "12201.00" }]);
    expect(Object.keys(k2)).toEqual(["customerId", "name", "currency", "opening", "debits", "credits", "closing", "lines", "aging", "unapplied", "discountOffers"]);
  });

  it("after the last day there is no offer, and the JSON is SPEC's shape again", async () => {
    const r = await runAr(["statement", ...BASE.slice(0, -1), "2025-07-13", "--customer", "K1", "--format", "json"], { cwd: story() });
    const [k1] = JSON.parse(r.stdout).statements;
    expect(Object.keys(k1)).not.toContain("discountOffers");
    for (const line of k1.lines) expect(Object.keys(line)).not.toContain("discount");
  });

  it("golden table (zh, en) with a note per offer, and CSV with the discount columns", async () => {
    const cwd = story();
    expectGolden("statement/discount-table-zh.txt", await runAr(["statement", ...BASE, "--customer", "K1", "K2", "--format", "table", "--lang", "zh"], { cwd }));
    expectGolden("statement/discount-table-en.txt", await runAr(["statement", ...BASE, "--customer", "K1", "K2", "--format", "table", "--lang", "en"], { cwd }));
    expectGolden("statement/discount.csv", await runAr(["statement", ...BASE, "--customer", "K1", "K2", "--format", "csv"], { cwd }));
  });

  it("PDF (zh and en): a paragraph names each offer with the amount to deduct, the amount to pay and the last day", async () => {
    const cwd = story();
    const r = await runAr(["statement", ...BASE, "--customer", "K1", "K2", "--out", "out", "--format", "csv"], { cwd });
    expect(r.code).toBe(0);
    const k1 = await pdfLines(readFileSync(path.join(cwd, "out/ST-20250703-K1.pdf")));
    expectGoldenFile("statement/discount-K1-zh.txt", k1.map((lines, p) => `--- page ${p + 1}\n${lines.join("\n")}\n`).join(""));
    const zh = compact(k1);
    expect(zh).toContain("现金折扣：下列发票尚在现金折扣期内");
    expect(zh).toContain("发票D-1：2025年7月5日前付款可扣除现金折扣人民币200.00元（2%），实付人民币9,800.00元。");
    expect(zh).toContain("发票D-2：2025年7月12日前付款可扣除现金折扣人民币50.00元（1%），实付人民币2,950.00元。");
    expect(zh).not.toContain("D-3："); // its period ended on 06-11
    const k2 = await pdfLines(readFileSync(path.join(cwd, "out/ST-20250703-K2.pdf")));
    expectGoldenFile("statement/discount-K2-en.txt", k2.map((lines, p) => `--- page ${p + 1}\n${lines.join("\n")}\n`).join(""));
    expect(k2.flat()).toContain("Invoice E-1: 2% (CNY 249.00) may be deducted if paid by 8 July 2025; pay CNY 12,201.00.");
  });
});

describe("ar letters with a discount on offer", () => {
  it("a reminder lists the account's offers under the overdue items (zh and en)", async () => {
    const cwd = story();
    const r = await runAr(["letters", ...BASE, "--level", "reminder", "--customer", "K1", "K2", "--out", "out", "--format", "csv"], { cwd });
    expect(r.code).toBe(0);
    const k1 = await pdfLines(readFileSync(path.join(cwd, "out/AR-20250703-R-K1.pdf")));
    expectGoldenFile("letters/discount-reminder-K1-zh.txt", k1.map((lines, p) => `--- page ${p + 1}\n${lines.join("\n")}\n`).join(""));
    const zh = k1.flat();
    // The overdue table: A-1 and D-3 (whose period is over), 4,000.00 in all.
    expect(zh).toContain("A-1 2025-05-01 2025-05-31 3,000.00 3,000.00 33");
    expect(zh).toContain("D-3 2025-06-01 2025-07-01 1,000.00 1,000.00 2");
    // The offers: D-1 (not yet due) and D-2 (partly paid), with what to deduct and to pay.
    expect(compact(k1)).toContain("另外，下列发票尚在现金折扣期内：在付款截止日前付款并在付款时注明发票号，可扣除现金折扣，按实付金额付款即可结清该发票。");
    expect(zh).toContain("D-1 2025-06-25 10,000.00 2% 200.00 9,800.00 2025-07-05");
    expect(zh).toContain("D-2 2025-07-02 3,000.00 1% 50.00 2,950.00 2025-07-12");
    const k2 = await pdfLines(readFileSync(path.join(cwd, "out/AR-20250703-R-K2.pdf")));
    expectGoldenFile("letters/discount-reminder-K2-en.txt", k2.map((lines, p) => `--- page ${p + 1}\n${lines.join("\n")}\n`).join(""));
    expect(k2.flat()).toContain("E-1 2025-06-28 12,450.00 2% 249.00 12,201.00 2025-07-08");
    expect(compact(k2)).toContain("Theinvoicesbelowarestillinsidetheirearly-paymentdiscountperiod");
  });

  it("a letter without offers says nothing about discounts", async () => {
    const cwd = story();
    const r = await runAr(["letters", ...BASE.slice(0, -1), "2025-07-13", "--level", "reminder", "--customer", "K1", "--out", "out", "--format", "csv"], { cwd });
    expect(r.code).toBe(0);
    const text = compact(await pdfLines(readFileSync(path.join(cwd, "out/AR-20250713-R-K1.pdf"))));
    expect(text).not.toContain("现金折扣");
  });
});

describe("ar calls with a discount on offer", () => {
  it("the reminder script says how much may be deducted, what to pay and by when (zh and en)", async () => {
    const r = await runAr(["calls", ...BASE, "--format", "json"], { cwd: story() });
    expect(r.code).toBe(0);
    const calls = JSON.parse(r.stdout).calls as { customerId: string; stage: string; script: string }[];
    const k3 = calls.find((c) => c.customerId === "K3")!;
    expect(k3.stage).toBe("reminder");
    expect(k3.script).toBe(
      "李主管您好，我是上海明德商贸有限公司财务部负责对账的同事。贵公司有一笔7月5日到期的8万元货款（单号F-1），想提前跟您确认一下付款是否已经安排好了？另外提醒一下，单号F-1的发票如果在7月5日前付款并注明单号，可以扣除2%的现金折扣1,600元，只需支付7.84万元。如果需要补发发票或对账单，我们今天就可以发给您。",
    );
    const k4 = calls.find((c) => c.customerId === "K4")!;
    expect(k4.stage).toBe("reminder");
    expect(k4.script).toContain("Also, if invoice G-1 is paid by 6 July, quoting the invoice number, you may deduct the 2% early-payment discount of CNY 249 and pay only CNY 12,201.");
  });
});
