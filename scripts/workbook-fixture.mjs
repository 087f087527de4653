/**
 * fixtures/应收明细.xlsx: fixtures/ledger.csv the way an accountant keeps it in Excel (a notes
 * sheet first, then 应收明细 with two merged title rows, dates as date cells, terms and amounts as
 * numbers, a hidden row and a subtotal with its formula, and a hidden sheet of old data), so that a
 * new user can try `ar age fixtures/应收明细.xlsx --as-of 2025-06-30` and see the CSV's report.
 * test/io/workbook.test.ts builds its workbooks with the same functions and checks the shipped file
 * is this script's output, byte for byte (SheetJS writes the same bytes for the same workbook).
 *
 *   node scripts/workbook-fixture.mjs     # rewrites fixtures/应收明细.xlsx
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as XLSX from "@e965/xlsx";
import { unzipSync, zipSync } from "fflate";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WORKBOOK_FIXTURE = path.join(root, "fixtures", "应收明细.xlsx");

/** An ISO date as an Excel serial in the 1900 or 1904 date system. */
export function serialOf(iso, date1904 = false) {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return date1904 ? (ms - Date.UTC(1904, 0, 1)) / 86_400_000 : (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** fixtures/ledger.csv as typed cells: dates as date cells, terms and amounts as numbers, the rest text. */
export function ledgerRows(date1904) {
  const lines = readFileSync(path.join(root, "fixtures", "ledger.csv"), "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((line) =>
    line.split(",").map((text, k) => {
      if (text === "") return undefined;
      const field = header[k];
      if (field === "doc_date" || field === "due_date") return { t: "n", v: serialOf(text, date1904), z: "yyyy/m/d" };
      // Discount terms (`2/10 net 30`) stay text, as Excel keeps them.
      if (field === "amount" || (field === "terms" && /^\d+$/.test(text))) return { t: "n", v: Number(text), z: field === "amount" ? "#,##0.00" : "General" };
      return { t: "s", v: text };
    }),
  );
  return { header, rows };
}

/** A workbook the way an accountant keeps it: notes sheet first, then 应收明细 with title rows, the data, a hidden row and a subtotal. */
export function accountantsWorkbook(date1904) {
  const { header, rows } = ledgerRows(date1904);
  const data = [[{ t: "s", v: "应收账款明细表" }], [{ t: "s", v: "编制单位：华东贸易有限公司    截止日期：2025-06-30" }], [], header.map((h) => ({ t: "s", v: h }))];
  data.push(...rows);
  const amount = header.indexOf("amount");
  const first = 5;
  const last = data.length;
  // The label stands under the customer name, as ERP exports put it (a label in the doc_no column is a rejected row, in CSV too).
  const subtotal = [];
  subtotal[header.indexOf("customer_name")] = { t: "s", v: "合计" };
  const total = rows.reduce((s, r) => s + (r[amount]?.v ?? 0), 0);
  subtotal[amount] = { t: "n", v: Math.round(total * 100) / 100, f: `SUM(${XLSX.utils.encode_col(amount)}${first}:${XLSX.utils.encode_col(amount)}${last})`, z: "#,##0.00" };
  data.push(subtotal);
  const ws = { "!data": data, "!ref": XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: data.length - 1, c: header.length - 1 } }) };
  ws["!merges"] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: header.length - 1 } },
    { s: { r: 1, c: 0 }, e: { r: 1, c: header.length - 1 } },
  ];
  const rowsInfo = [];
  rowsInfo[10] = { hidden: true };
  ws["!rows"] = rowsInfo;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["说明"], ["本表由财务部每月导出"]]), "说明");
  XLSX.utils.book_append_sheet(wb, ws, "应收明细");
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["doc_no", "customer_id", "doc_date", "amount"], ["X-1", "C999", "2025-01-01", "1"]]), "旧数据");
  wb.Workbook = { Sheets: [{ name: "说明" }, { name: "应收明细" }, { name: "旧数据", Hidden: 1 }], WBProps: { date1904 } };
  return wb;
}

/**
 * The shipped fixture's bytes: the 1900-system workbook with shared strings, as Excel saves it,
 * its parts deflated again at level 9 with a fixed date (SheetJS's own deflate leaves it 118 KB).
 */
export function workbookFixtureBytes() {
  const parts = unzipSync(XLSX.write(accountantsWorkbook(false), { type: "buffer", bookType: "xlsx", dense: true, bookSST: true }));
  const files = {};
  for (const [name, data] of Object.entries(parts)) files[name] = [data, { level: 9, mtime: new Date(Date.UTC(2025, 5, 30)) }];
  return Buffer.from(zipSync(files));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(WORKBOOK_FIXTURE, workbookFixtureBytes());
  console.log(`wrote ${path.relative(root, WORKBOOK_FIXTURE)}`);
}
