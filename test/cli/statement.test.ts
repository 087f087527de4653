/**
 * `ar statement` end to end. A hand-computed story (as-of 2025-06-30, period June):
 *
 *   H1 华东贸易  opening 80,000.00 = S-101 50,000.00 (04-20, due 05-20) + S-102 30,000.00 (05-25, due 06-24)
 *     06-10 R-201 payment 20,000.00 (pays S-101)      → 60,000.00
 *     06-18 S-103 invoice 12,345.60 (due 07-18)       → 72,345.60
 *     06-25 C-301 credit note 345.60 (names S-103)    → 72,000.00
 *   debits 12,345.60, credits 20,345.60; closing 80,000.00 + 12,345.60 − 20,345.60 = 72,000.00
 *   (人民币柒万贰仟元整). Aging at 06-30: S-103 12,000.00 current, S-102 30,000.00 6 days (1-30),
 *   S-101 30,000.00 41 days (31-60): 12,000.00 + 30,000.00 + 30,000.00 = 72,000.00.
 *   H2 Beta Ltd  S-110 1,000.00 due 03-31: no document in June, opening = closing = 1,000.00, 91 days (91+).
 *   H3          invoiced 500.00 and paid in March: nothing to state (left out by --all).
 *   H4 预付客户   06-26 R-210 20,000.00 paid in advance: closing −20,000.00, all of it unapplied credit.
 * The reply deadline: Monday 2025-06-30 + 3 business days = Thursday 2025-07-03 (2025年7月3日).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const LEDGER = `doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount,currency,applies_to,disputed
S-101,invoice,H1,华东贸易有限公司,2025-04-20,2025-05-20,50000.00,CNY,,
S-102,invoice,H1,华东贸易有限公司,2025-05-25,2025-06-24,30000.00,CNY,,
R-201,payment,H1,华东贸易有限公司,2025-06-10,,20000.00,CNY,S-101,
S-103,invoice,H1,华东贸易有限公司,2025-06-18,2025-07-18,12345.60,CNY,,
C-301,credit_note,H1,华东贸易有限公司,2025-06-25,,345.60,CNY,S-103,
S-110,invoice,H2,Beta Ltd,2025-03-01,2025-03-31,1000.00,CNY,,
S-120,invoice,H3,Gamma,2025-03-01,2025-03-31,500.00,CNY,,
R-220,payment,H3,Gamma,2025-03-20,,500.00,CNY,S-120,
R-210,payment,H4,预付客户,2025-06-26,,20000.00,CNY,,
S-130,invoice,H1,华东贸易有限公司,2025-07-02,2025-08-01,999.00,CNY,,
`;

const CUSTOMERS = `customer_id,customer_name,contact_name,contact_title,phone,email,address,postcode,lang
H1,华东贸易有限公司,王建国,财务经理,021-58367712,,上海市浦东新区张杨路1588号,200122,zh
H2,Beta Ltd,Ann Lee,Controller,+852 1234 5678,,"1 Queen's Road, Hong Kong",,en
H4,预付客户,,,,,广州市白云区三元里大道1045号,510405,zh
`;

function story(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ar-statement-"));
  writeFileSync(path.join(dir, "ledger.csv"), LEDGER);
  writeFileSync(path.join(dir, "customers.csv"), CUSTOMERS);
  writeFileSync(path.join(dir, "ar.config.json"), readFileSync(path.join(FIXTURES, "ar.config.json")));
  return dir;
}

const BASE = ["ledger.csv", "--customers", "customers.csv", "--as-of", "2025-06-30"];

async function pdfText(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(
      content.items
        .map((it) => ("str" in it ? it.str : ""))
        .join("")
        .replace(/\s+/g, ""),
    );
  }
  await doc.destroy();
  return pages;
}

interface StatementJson {
  customerId: string;
  name: string;
  currency: string;
  opening: string;
  debits: string;
  credits: string;
  closing: string;
  lines: { date: string; type: string; docNo: string; dueDate: string | null; debit: string; credit: string; balance: string }[];
  aging: Record<string, string>;
  unapplied: string;
}

describe("ar statement: the hand-computed story", () => {
  it("JSON: opening, lines with running balance, closing, aging, in SPEC.md's shape", async () => {
    const cwd = story();
    const r = await runAr(["statement", ...BASE, "--customer", "H1", "H2", "--format", "json"], { cwd });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { asOf: string; from: string; statements: StatementJson[]; rejected: unknown[] };
    expect(Object.keys(json)).toEqual(["asOf", "from", "statements", "rejected"]);
    expect([json.asOf, json.from]).toEqual(["2025-06-30", "2025-06-01"]);
    const [h1, h2] = json.statements;
    expect(h1).toEqual({
      customerId: "H1",
      name: "华东贸易有限公司",
      currency: "CNY",
      opening: "80000.00",
      debits: "12345.60",
      credits: "20345.60",
      closing: "72000.00",
      lines: [
        { date: "2025-06-10", type: "payment", docNo: "R-201", dueDate: null, debit: "0.00", credit: "20000.00", balance: "60000.00" },
        { date: "2025-06-18", type: "invoice", docNo: "S-103", dueDate: "2025-07-18", debit: "12345.60", credit: "0.00", balance: "72345.60" },
        { date: "2025-06-25", type: "credit_note", docNo: "C-301", dueDate: null, debit: "0.00", credit: "345.60", balance: "72000.00" },
      ],
      aging: { current: "12000.00", "1-30": "30000.00", "31-60": "30000.00", "61-90": "0.00", "91+": "0.00" },
      unapplied: "0.00",
    });
    // A period without a document still shows the balances.
    expect(h2).toMatchObject({ customerId: "H2", opening: "1000.00", debits: "0.00", credits: "0.00", closing: "1000.00", lines: [], aging: { "91+": "1000.00" } });
  });

  it("--all leaves out a customer with nothing to state; a named one gets a statement of zeros", async () => {
    const cwd = story();
    const all = JSON.parse((await runAr(["statement", ...BASE, "--all", "--format", "json"], { cwd })).stdout) as { statements: StatementJson[] };
    expect(all.statements.map((s) => [s.customerId, s.closing])).toEqual([
      ["H1", "72000.00"],
      ["H2", "1000.00"],
      ["H4", "-20000.00"],
    ]);
    expect(all.statements[2]!.unapplied).toBe("20000.00");
    const h3 = JSON.parse((await runAr(["statement", ...BASE, "--customer", "H3", "--format", "json"], { cwd })).stdout) as { statements: StatementJson[] };
    expect(h3.statements).toMatchObject([{ customerId: "H3", opening: "0.00", closing: "0.00", lines: [] }]);
  });

  it("golden table (zh), table (en) and CSV", async () => {
    const cwd = story();
    expectGolden("statement/story-table-zh.txt", await runAr(["statement", ...BASE, "--all", "--format", "table", "--lang", "zh"], { cwd }));
    expectGolden("statement/story-table-en.txt", await runAr(["statement", ...BASE, "--all", "--format", "table", "--lang", "en"], { cwd }));
    expectGolden("statement/story.csv", await runAr(["statement", ...BASE, "--all", "--format", "csv"], { cwd }));
    expectGolden("statement/story-from-april.json", await runAr(["statement", ...BASE, "--customer", "H1", "--from", "2025-04-01", "--format", "json"], { cwd }));
  });

  it("--out: one PDF per customer with every figure, 大写, the slip and the deadline; manifest with SHA-256; byte-identical reruns", async () => {
    const cwd = story();
    const r = await runAr(["statement", ...BASE, "--config", "ar.config.json", "--all", "--out", "out", "--format", "csv"], { cwd });
    expect(r.code).toBe(0);
    const files = readdirSync(path.join(cwd, "out")).sort();
    expect(files).toEqual(["ST-20250630-H1.pdf", "ST-20250630-H2.pdf", "ST-20250630-H4.pdf", "manifest.csv"]);
    const manifest = readFileSync(path.join(cwd, "out/manifest.csv"), "utf8");
    expect(r.stdout).toBe(manifest);
    const rows = manifest.trimEnd().split("\n");
    expect(rows[0]).toBe("statement_id,customer_id,customer_name,contact_name,address,postcode,phone,lang,currency,opening,debits,credits,closing,lines,pages,file,first_page,sha256,tracking_number");
    const { createHash } = await import("node:crypto");
    for (const row of rows.slice(1)) {
      // The last four cells: file, first_page, sha256, tracking_number (addresses may hold commas).
      const cells = row.split(",").slice(-4);
      const file = cells[0]!;
      expect(cells[3]).toBe("");
      expect(cells[2]).toBe(createHash("sha256").update(readFileSync(path.join(cwd, "out", file))).digest("hex"));
    }
    expect(rows[1]).toContain("ST-20250630-H1,H1,华东贸易有限公司,王建国,上海市浦东新区张杨路1588号,200122,021-58367712,zh,CNY,80000.00,12345.60,20345.60,72000.00,3,");

    const h1 = (await pdfText(readFileSync(path.join(cwd, "out/ST-20250630-H1.pdf")))).join("");
    for (const expected of [
      "上海明德商贸有限公司", // letterhead (config)
      "华东贸易有限公司",
      "王建国",
      "上海市浦东新区张杨路1588号",
      "ST-20250630-H1",
      "对账单",
      "2025年6月1日至2025年6月30日",
      "2025-06-01期初余额80,000.00",
      "2025-06-10收款R-20120,000.0060,000.00",
      "2025-06-18销售发票S-1032025-07-1812,345.6072,345.60",
      "2025-06-25贷项通知单C-301345.6072,000.00",
      "本期合计12,345.6020,345.60",
      "2025-06-30期末余额72,000.00",
      "人民币72,000.00元（大写：人民币柒万贰仟元整）",
      "12,000.0030,000.0030,000.000.000.0072,000.00", // aging row
      "2025年7月3日前（三个工作日内）",
      "1001234509123456789", // bank account
      "回执",
      "1.信息证明无误。",
      "2.信息不符，请列明不符项目：",
      "经办人签字",
      "客户名称（盖章）",
      "日期：年月日",
    ]) {
      expect(h1, expected).toContain(expected);
    }
    // H2's customer master says en; the period has no document.
    const h2 = (await pdfText(readFileSync(path.join(cwd, "out/ST-20250630-H2.pdf")))).join("");
    for (const expected of ["StatementofAccount", "Openingbalance1,000.00", "Therewerenonewdocumentsinthisperiod", "Closingbalance1,000.00", "0.000.000.000.001,000.001,000.00", "3July2025", "1.Thebalanceisconfirmedascorrect.", "2.Thebalancediffers"]) {
      expect(h2, expected).toContain(expected);
    }
    // H4's balance is in its favour: worded so, 大写 of the absolute amount, no payment account.
    const h4 = (await pdfText(readFileSync(path.join(cwd, "out/ST-20250630-H4.pdf")))).join("");
    expect(h4).toContain("贵公司在我司尚有预付（多付）款项人民币20,000.00元（大写：人民币贰万元整）");
    expect(h4).toContain("-20,000.00");
    expect(h4).not.toContain("1001234509123456789");

    // Same inputs, same bytes, also into another folder.
    const again = await runAr(["statement", ...BASE, "--config", "ar.config.json", "--all", "--out", "out2", "--format", "csv"], { cwd });
    expect(again.stdout).toBe(r.stdout);
    for (const f of files) expect(readFileSync(path.join(cwd, "out2", f)).equals(readFileSync(path.join(cwd, "out", f))), f).toBe(true);
  });

  it("a long period runs over pages with the table header repeated; every running balance printed", async () => {
    // L1: 60 invoices of 100.00 on 2025-06-01 … (one a day, wrapping at 30) and no payment:
    // the running balance after invoice k is k × 100.00; closing 6,000.00 (人民币陆仟元整).
    const cwd = story();
    let csv = "doc_no,doc_type,customer_id,customer_name,doc_date,due_date,amount\n";
    for (let k = 1; k <= 60; k++) csv += `L-${String(k).padStart(3, "0")},invoice,L1,长单客户,2025-06-${String(((k - 1) % 30) + 1).padStart(2, "0")},2025-07-31,100.00\n`;
    writeFileSync(path.join(cwd, "long.csv"), csv);
    const r = await runAr(["statement", "long.csv", "--config", "ar.config.json", "--as-of", "2025-06-30", "--customer", "L1", "--out", "long", "--lang", "zh"], { cwd });
    expect(r.code).toBe(0);
    const pages = await pdfText(readFileSync(path.join(cwd, "long/ST-20250630-L1.pdf")));
    const header = "日期摘要单据编号到期日借方（应收）贷方（收款/冲减）余额";
    const withHeader = pages.filter((p) => p.includes(header));
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
    const all = pages.join("");
    // Same-day invoices keep their input order: on 06-dd, L-0dd (balance (2dd − 1) × 100.00) then L-0(dd+30).
    const grouped = (n: number) => `${n.toLocaleString("en-US")}.00`;
    for (let day = 1; day <= 30; day++) {
      const date = `2025-06-${String(day).padStart(2, "0")}`;
      expect(all).toContain(`${date}销售发票L-${String(day).padStart(3, "0")}2025-07-31100.00${grouped((2 * day - 1) * 100)}`);
      expect(all).toContain(`${date}销售发票L-${String(day + 30).padStart(3, "0")}2025-07-31100.00${grouped(2 * day * 100)}`);
    }
    expect(all).toContain("2025-06-30期末余额6,000.00");
    expect(all).toContain("人民币陆仟元整");
    expect(all).toContain("1.信息证明无误。");
  });

  it("--format pdf -o writes every statement into one PDF", async () => {
    const cwd = story();
    const r = await runAr(["statement", ...BASE, "--config", "ar.config.json", "--customer", "H1", "H2", "-o", "all.pdf"], { cwd });
    expect(r.code).toBe(0);
    const pages = await pdfText(readFileSync(path.join(cwd, "all.pdf")));
    expect(pages.join("")).toContain("ST-20250630-H1");
    expect(pages.join("")).toContain("ST-20250630-H2");
  });

  it("usage errors: exit 2 with a message, nothing written", async () => {
    const cwd = story();
    writeFileSync(path.join(cwd, "empty.json"), "{}");
    const cases: [string[], RegExp][] = [
      [["statement", ...BASE], /--customer ID \.\.\. or --all/],
      [["statement", ...BASE, "--all", "--customer", "H1"], /--customer ID \.\.\. or --all/],
      [["statement", ...BASE, "--all", "--from", "2025-07-01"], /--from 2025-07-01 is after --as-of 2025-06-30/],
      [["statement", ...BASE, "--all", "--from", "June"], /--from: "June" is not a date/],
      [["statement", ...BASE, "--customer", "NOPE"], /--customer: NOPE: not in the ledger or the customer master/],
      [["statement", ...BASE, "--all", "--out", "ledger.csv"], /--out ledger\.csv: exists and is not a folder/],
      [["statement", ...BASE, "--all", "--out", "pdfs", "--config", "empty.json"], /documents need company\.name, company\.bank\.name/],
      [["statement", ...BASE, "--all", "--reply-days", "x"], /--reply-days/],
    ];
    for (const [args, message] of cases) {
      const r = await runAr(args, { cwd });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readdirSync(cwd).sort()).toEqual(["ar.config.json", "customers.csv", "empty.json", "ledger.csv"]);
  });

  it("a user template asking for a field the data lacks stops the run: exit 2, no folder", async () => {
    const cwd = story();
    writeFileSync(path.join(cwd, "statement.hbs"), "# 对账单\n{{closing.figure}}\n");
    const r = await runAr(["statement", ...BASE, "--config", "ar.config.json", "--all", "--out", "out", "--template", "."], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing field "closing\.figure"/);
    expect(readdirSync(cwd)).not.toContain("out");
  });
});

describe("ar statement on the shipped fixtures", () => {
  const FIX = [path.join(FIXTURES, "ledger.csv"), "--customers", path.join(FIXTURES, "customers.csv"), "--config", path.join(FIXTURES, "ar.config.json"), "--as-of", "2025-06-30"];

  it("closing balance = ar age's balance for every customer and currency", async () => {
    const statements = JSON.parse((await runAr(["statement", ...FIX, "--all", "--format", "json"])).stdout) as { statements: StatementJson[] };
    const aging = JSON.parse((await runAr(["age", ...FIX, "--format", "json"])).stdout) as { customers: { customerId: string; currency: string; balance: string; buckets: Record<string, string>; unapplied: string }[] };
    const ageRows = new Map(aging.customers.map((c) => [`${c.customerId}/${c.currency}`, c]));
    for (const s of statements.statements) {
      const a = ageRows.get(`${s.customerId}/${s.currency}`);
      expect(s.closing, `${s.customerId} ${s.currency}`).toBe(a?.balance ?? "0.00");
      if (a) {
        expect(s.aging).toEqual(a.buckets);
        expect(s.unapplied).toBe(a.unapplied);
      }
    }
    for (const key of ageRows.keys()) expect(statements.statements.some((s) => `${s.customerId}/${s.currency}` === key), key).toBe(true);
  });

  it("C029's June (fixtures/README.md): opening 80,850.00, debits 45,180.00, credits 43,850.00, closing 82,180.00", async () => {
    expectGolden("statement/fixtures-C029-table-zh.txt", await runAr(["statement", ...FIX, "--customer", "C029", "--format", "table", "--lang", "zh"]));
    const json = JSON.parse((await runAr(["statement", ...FIX, "--customer", "C029", "--format", "json"])).stdout) as { statements: StatementJson[] };
    expect(json.statements[0]).toMatchObject({ opening: "80850.00", debits: "45180.00", credits: "43850.00", closing: "82180.00" });
  });

  it("C004 owes in CNY and USD: one PDF holding both statements; the manifest names each one's first page", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ar-statement-"));
    const r = await runAr(["statement", ...FIX, "--customer", "C004", "--out", dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { statements: { statementId: string; currency: string; closing: string; file: string; firstPage: number; pages: number }[] };
    expect(out.statements.map((s) => [s.statementId, s.currency, s.closing, s.file, s.firstPage])).toEqual([
      ["ST-20250630-C004-CNY", "CNY", "5600.00", "ST-20250630-C004.pdf", 1],
      ["ST-20250630-C004-USD", "USD", "22325.25", "ST-20250630-C004.pdf", 1 + out.statements[0]!.pages],
    ]);
    const text = (await pdfText(readFileSync(path.join(dir, "ST-20250630-C004.pdf")))).join("");
    expect(text).toContain("Closingbalance5,600.00");
    expect(text).toContain("Closingbalance22,325.25");
  });

  it("a customer's statement is the same whatever else the run selects", async () => {
    const a = mkdtempSync(path.join(os.tmpdir(), "ar-statement-"));
    const b = mkdtempSync(path.join(os.tmpdir(), "ar-statement-"));
    await runAr(["statement", ...FIX, "--customer", "C012", "--out", a]);
    await runAr(["statement", ...FIX, "--all", "--out", b]);
    expect(readFileSync(path.join(a, "ST-20250630-C012.pdf")).equals(readFileSync(path.join(b, "ST-20250630-C012.pdf")))).toBe(true);
  });
});
