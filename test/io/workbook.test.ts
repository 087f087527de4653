/**
 * Excel workbooks as ledgers (SPEC "Excel in and out"): made here as a user's Excel would make
 * them (title rows merged, dates as date cells, amounts as numbers, a subtotal with its formula, a
 * hidden row, a notes sheet before the data), `ar age` on them must equal `ar age` on the CSV.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { FIXTURES, runAr } from "../helpers/cli.js";
import { excelNumberText, isoOfSerial, workbookFormatOf, workbookFromBytes } from "../../src/io/workbook.js";
// The workbooks are built as the shipped sample fixtures/应收明细.xlsx is (one builder for both).
import { accountantsWorkbook, serialOf, WORKBOOK_FIXTURE, workbookFixtureBytes } from "../../scripts/workbook-fixture.mjs";

const AS_OF = ["--as-of", "2025-06-30"];
const dir = mkdtempSync(path.join(os.tmpdir(), "ar-xlsx-"));

function writeBook(name: string, wb: XLSX.WorkBook, bookType: XLSX.BookType = "xlsx"): string {
  const file = path.join(dir, name);
  writeFileSync(file, XLSX.write(wb, { type: "buffer", bookType, dense: true }) as Buffer);
  return file;
}

describe("workbook cells", () => {
  it("numbers as Excel shows them, 15 significant digits, never an exponent", () => {
    expect(excelNumberText(0.1 + 0.2)).toBe("0.3");
    expect(excelNumberText(12000)).toBe("12000");
    expect(excelNumberText(-68636.12)).toBe("-68636.12");
    expect(excelNumberText(1e21)).toBe("1000000000000000000000");
    expect(excelNumberText(0.000001)).toBe("0.000001");
    expect(excelNumberText(123456789.123456789)).toBe("123456789.123457");
  });
  it("serial dates in the 1900 system (with its phantom 29 February) and the 1904 system", () => {
    expect(isoOfSerial(1, false)).toBe("1900-01-01");
    expect(isoOfSerial(59, false)).toBe("1900-02-28");
    expect(isoOfSerial(60, false)).toBe("1900-02-29");
    expect(isoOfSerial(61, false)).toBe("1900-03-01");
    // Outside Excel's dates (it shows ####): the number, which no date field accepts.
    expect(isoOfSerial(2_958_465, false)).toBe("9999-12-31");
    expect(isoOfSerial(2_958_466, false)).toBe("2958466");
    expect(isoOfSerial(2_958_465 - 1462, true)).toBe("9999-12-31");
    expect(isoOfSerial(-1, false)).toBe("-1");
    expect(isoOfSerial(1e21, false)).toBe("1000000000000000000000");
    expect(isoOfSerial(45838, false)).toBe("2025-06-30");
    expect(isoOfSerial(45838.75, false)).toBe("2025-06-30");
    expect(isoOfSerial(0, true)).toBe("1904-01-01");
    expect(isoOfSerial(45838 - 1462, true)).toBe("2025-06-30");
  });
  it("recognises workbooks by content", () => {
    expect(workbookFormatOf(Buffer.from("PK\x03\x04rest", "latin1"))).toBe("xlsx");
    expect(workbookFormatOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe("xls");
    expect(workbookFormatOf(Buffer.from("doc_no,amount\n"))).toBeUndefined();
  });
  it("lists sheets with their visibility", () => {
    const wb = workbookFromBytes("a.xlsx", XLSX.write(accountantsWorkbook(false), { type: "buffer", bookType: "xlsx" }) as Buffer);
    expect(wb.sheets).toEqual([
      { name: "说明", number: 1, hidden: false },
      { name: "应收明细", number: 2, hidden: false },
      { name: "旧数据", number: 3, hidden: true },
    ]);
  });
});

describe("ar age on a workbook equals ar age on the same data as CSV", () => {
  const csv = ["age", "fixtures/ledger.csv", ...AS_OF];
  for (const [label, file, date1904] of [
    ["应收明细.xlsx (1900 dates)", "应收明细.xlsx", false],
    ["1904 date system", "ledger-1904.xlsx", true],
    [".xls (BIFF8)", "应收明细.xls", false],
  ] as const) {
    it(label, async () => {
      const book = writeBook(file, accountantsWorkbook(date1904), file.endsWith(".xls") ? "biff8" : "xlsx");
      for (const format of ["json", "csv", "table"]) {
        const want = await runAr([...csv, "--format", format]);
        const got = await runAr(["age", book, ...AS_OF, "--format", format]);
        expect(got.code).toBe(0);
        expect(got.stdout).toBe(want.stdout);
      }
      const notes = (await runAr(["age", book, ...AS_OF, "--format", "csv"])).stderr;
      expect(notes).toContain(`${book}:应收明细: skipped 2 title row(s) above the header`);
      expect(notes).toContain(`${book}:应收明细: skipped 1 subtotal/total`);
    });
  }

  it("the shipped sample fixtures/应收明细.xlsx: the script's output, and the CSV's report", async () => {
    expect(Buffer.compare(readFileSync(WORKBOOK_FIXTURE), workbookFixtureBytes()), "run node scripts/workbook-fixture.mjs after changing fixtures/ledger.csv").toBe(0);
    for (const format of ["table", "csv", "json"]) {
      const want = await runAr([...csv, "--format", format]);
      const got = await runAr(["age", "fixtures/应收明细.xlsx", ...AS_OF, "--format", format]);
      expect(got.code).toBe(0);
      expect(got.stdout).toBe(want.stdout);
    }
  });

  it("--sheet by name and number; a sheet that does not exist is exit 2", async () => {
    const book = writeBook("sheets.xlsx", accountantsWorkbook(false));
    const want = (await runAr(["age", "fixtures/ledger.csv", ...AS_OF, "--format", "csv"])).stdout;
    expect((await runAr(["age", book, ...AS_OF, "--format", "csv", "--sheet", "应收明细"])).stdout).toBe(want);
    expect((await runAr(["age", book, ...AS_OF, "--format", "csv", "--sheet", "2"])).stdout).toBe(want);
    const hidden = await runAr(["age", book, ...AS_OF, "--format", "json", "--sheet", "3"]);
    expect(hidden.code).toBe(0);
    expect(JSON.parse(hidden.stdout).totals.length).toBeGreaterThan(0);
    const missing = await runAr(["age", book, ...AS_OF, "--sheet", "Sheet9"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--sheet Sheet9: no such sheet (the workbook has 1: 说明, 2: 应收明细, 3: 旧数据 (hidden))");
  });
});

describe("workbook cells in a ledger", () => {
  /** Rows with the cell kinds Excel users produce, and the same rows as CSV text. */
  function specialBook(): { book: string; csvFile: string } {
    const header = ["单据编号", "客户编码", "客户名称", "单据日期", "到期日", "金额", "币种"];
    const d = (iso: string): XLSX.CellObject => ({ t: "n", v: serialOf(iso), z: "yyyy-mm-dd" });
    const s = (v: string): XLSX.CellObject => ({ t: "s", v });
    const n = (v: number, f?: string): XLSX.CellObject => ({ t: "n", v, ...(f && { f }) });
    const data: (XLSX.CellObject | undefined)[][] = [
      [s("应收明细")],
      header.map(s),
      [s("000123"), s("C001"), s("甲公司"), d("2025-03-01"), d("2025-04-01"), n(1000.5), s("CNY")],
      // a plain number in a date field: a serial date
      [s("000124"), s("C001"), s("甲公司"), n(serialOf("2025-04-10")), n(serialOf("2025-05-10")), n(0.1 + 0.2), s("CNY")],
      // a formula with its cached value
      [s("000125"), s("C002"), s("乙公司"), d("2025-05-01"), d("2025-05-31"), n(2400, "1200*2"), s("CNY")],
      // a formula without a cached value
      [s("000126"), s("C002"), s("乙公司"), d("2025-05-02"), d("2025-06-01"), { t: "n", f: "B9*2" } as XLSX.CellObject, s("CNY")],
      [undefined, undefined, s("小计"), undefined, undefined, n(3400.8, "SUM(F3:F6)"), undefined],
    ];
    const ws: XLSX.WorkSheet = { "!data": data as XLSX.CellObject[][], "!ref": `A1:G${data.length}` };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, "AR");
    const book = writeBook("special.xlsx", wb);
    const csvFile = path.join(dir, "special.csv");
    writeFileSync(
      csvFile,
      [
        "应收明细",
        header.join(","),
        "000123,C001,甲公司,2025-03-01,2025-04-01,1000.5,CNY",
        "000124,C001,甲公司,2025-04-10,2025-05-10,0.3,CNY",
        "000125,C002,乙公司,2025-05-01,2025-05-31,2400,CNY",
        ",,小计,,,3400.8,",
        "",
      ].join("\n"),
    );
    return { book, csvFile };
  }

  it("text numbers keep their zeros, serials in date fields are dates, formulas give their stored value", async () => {
    const { book, csvFile } = specialBook();
    const want = JSON.parse((await runAr(["age", csvFile, ...AS_OF, "--format", "json", "--by", "invoice"])).stdout);
    const got = await runAr(["age", book, ...AS_OF, "--format", "json", "--by", "invoice"]);
    const json = JSON.parse(got.stdout);
    expect(json.rejected).toEqual([{ file: book, sheet: "AR", line: 6, reason: expect.stringContaining("open and save it in Excel") }]);
    delete json.rejected;
    delete want.rejected;
    expect(json).toEqual(want);
    expect(got.stdout).toContain('"000123"');
    expect(got.stderr).toContain(`${book}:AR!6: cell F6 holds a formula without a stored value`);
    // Every report writes the item alike, `sheet` after `file` (one rejectedJson).
    const item = /"rejected": \[\s*(\{[^}]*\})/;
    const kpi = await runAr(["kpi", book, ...AS_OF, "--format", "json"]);
    const check = await runAr(["check", book, ...AS_OF, "--format", "json"]);
    expect(item.exec(got.stdout)?.[1]).toMatch(/^\{\s*"file": [^,]+,\s*"sheet": "AR",\s*"line": 6,\s*"reason"/);
    expect(item.exec(kpi.stdout)?.[1]).toBe(item.exec(got.stdout)?.[1]);
    expect(item.exec(check.stdout)?.[1]).toBe(item.exec(got.stdout)?.[1]);
  });
});

describe("bad workbooks are exit 2 saying which", () => {
  it("a password-protected workbook (encrypted OOXML: a compound file with EncryptionInfo)", async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, "EncryptionInfo", Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, "EncryptedPackage", Buffer.alloc(256, 7));
    const file = path.join(dir, "locked.xlsx");
    writeFileSync(file, Buffer.from(XLSX.CFB.write(cfb, { type: "buffer" })));
    const r = await runAr(["age", file, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: the workbook is password-protected`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("a corrupt workbook", async () => {
    const good = XLSX.write(accountantsWorkbook(false), { type: "buffer", bookType: "xlsx" }) as Buffer;
    const file = path.join(dir, "broken.xlsx");
    writeFileSync(file, good.subarray(0, 2000));
    const r = await runAr(["age", file, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: not a readable .xlsx workbook`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("a sheet naming a shared string that does not exist (SheetJS drops such a sheet without a word)", async () => {
    const good = XLSX.write(accountantsWorkbook(false), { type: "buffer", bookType: "xlsx", bookSST: true }) as Buffer;
    const parts = unzipSync(good);
    const sheet = Object.keys(parts).find((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p) && strFromU8(parts[p]!).includes('t="s"'))!;
    const xml = strFromU8(parts[sheet]!);
    const at = xml.lastIndexOf('t="s"><v>');
    parts[sheet] = strToU8(`${xml.slice(0, at)}t="s"><v>99999</v>${xml.slice(xml.indexOf("</v>", at) + 4)}`);
    for (const [label, bytes] of [["deflated", zipSync(parts)], ["stored", zipSync(parts, { level: 0 })]] as const) {
      const file = path.join(dir, `bad-index-${label}.xlsx`);
      writeFileSync(file, bytes);
      const r = await runAr(["age", file, ...AS_OF]);
      expect(r.code, label).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.\\]/g, "\\$&")}: sheet ".+" cannot be read, the workbook is damaged \\(SheetJS: `));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it("a customer master workbook is read like its CSV", async () => {
    // Every cell as text (raw), as a user's sheet of contacts keeps phone numbers and postcodes.
    const csvBook = XLSX.read(readFileSync(path.join(FIXTURES, "customers.csv"), "utf8"), { type: "string", raw: true, dense: true });
    const file = writeBook("customers.xlsx", csvBook);
    const want = await runAr(["age", "fixtures/ledger.csv", ...AS_OF, "--format", "csv", "--customers", "fixtures/customers.csv"]);
    const got = await runAr(["age", "fixtures/ledger.csv", ...AS_OF, "--format", "csv", "--customers", file]);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(want.stdout);
  });
});

describe("exports and odd files as a user hands them over", () => {
  it("a 金蝶-like open-items export saved as .xls (Chinese headers, title rows, subtotals, footer) ages as its CSV does", async () => {
    // The shipped GBK CSV of 应收款账龄分析表, opened in a spreadsheet (amounts and dates become
    // numbers and dates) and saved as BIFF8, as K/3 exports by default.
    const text = new TextDecoder("gbk").decode(readFileSync(path.join(FIXTURES, "exports/kingdee-aging.csv")));
    const file = writeBook("应收款账龄分析表.xls", XLSX.read(text, { type: "string", dense: true }), "biff8");
    const want = await runAr(["age", "fixtures/exports/kingdee-aging.csv", ...AS_OF, "--format", "csv"]);
    const got = await runAr(["age", file, ...AS_OF, "--format", "csv"]);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(want.stdout);
    // The same rows skipped as in the CSV: 3 title rows, 6 subtotals, 2 footer rows, none rejected.
    expect(got.stderr).toContain("skipped 3 title row(s)");
    expect(got.stderr).toContain("skipped 6 subtotal/total");
    expect(got.stderr).not.toMatch(/rejected|: row/);
  });

  it("a CSV renamed .xlsx is read by its content, as the CSV", async () => {
    const file = path.join(dir, "ledger-renamed.xlsx");
    writeFileSync(file, readFileSync(path.join(FIXTURES, "ledger.csv")));
    const want = await runAr(["age", "fixtures/ledger.csv", ...AS_OF, "--format", "csv"]);
    const got = await runAr(["age", file, ...AS_OF, "--format", "csv"]);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(want.stdout);
  });

  it("an empty workbook gives an empty report and says so, like an empty CSV", async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([]), "Sheet1");
    const file = writeBook("empty.xlsx", wb);
    const r = await runAr(["age", file, ...AS_OF, "--format", "csv"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`ar: note: ${file}:Sheet1: empty sheet, no rows\n`);
    expect(r.stdout).toBe("customer_id,name,currency,current,1-30,31-60,61-90,91+,unapplied,balance,oldest_days,tier\n");
  });
});
