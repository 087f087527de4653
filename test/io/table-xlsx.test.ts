/**
 * The xlsx renderer of the table model (io/render/table-xlsx.ts), read back with SheetJS and from
 * the raw XML: typed cells and formats, bold frozen header with filter, bold totals, fitted
 * widths with CJK counted double, the About sheet, amounts beyond 15 digits as text, same bytes.
 */
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { dayFromYmd } from "../../src/engine/dates.js";
import { Decimal } from "../../src/engine/money.js";
import { tablesXlsx, type XlsxAbout } from "../../src/io/render/table-xlsx.js";
import { date, days, int, money, percent, ratio, text, type Table } from "../../src/io/table/model.js";
import { boldStyles, part, readWorkbook, rowStyles, serialToIso, sheetCells } from "../helpers/xlsx.js";

const AS_OF = dayFromYmd(2025, 6, 30);
const ABOUT: XlsxAbout = {
  commandLine: "ar age ledger.csv --as-of 2025-06-30 --format xlsx -o aging.xlsx",
  asOf: AS_OF,
  version: "0.1.0",
  inputs: [{ name: "ledger.csv", sha256: createHash("sha256").update("x").digest("hex"), bytes: 1 }],
  rejected: [{ place: "ledger.csv:7", reason: "amount: not a number" }, { place: "book.xlsx:Sheet1!9", reason: "doc_date: missing" }],
  lang: "en",
};

function sample(): Table {
  return {
    title: "A sample report of the ledger as of 2025-06-30",
    params: [{ label: "Basis", value: "by due date" }],
    notes: ["a note under the table"],
    columns: [
      { key: "customer_id", header: "Customer", type: "text" },
      { key: "name", header: "Name", type: "text" },
      { key: "doc_date", header: "Doc date", type: "date" },
      { key: "amount", header: "Amount", type: "money" },
      { key: "days", header: "Days", type: "days" },
      { key: "n", header: "N", type: "int" },
      { key: "rate", header: "Rate", type: "ratio" },
      { key: "share", header: "Share", type: "percent" },
      { key: "short", header: "Short", type: "text", only: "terminal" },
    ],
    rows: [
      { style: "item", cells: [text("C1"), text("华东贸易有限公司"), date(AS_OF - 10), money(123456n, 2), days(10), int(3), ratio(new Decimal("0.85")), percent(new Decimal("12.5")), text("x")] },
      { style: "item", cells: [text("C2"), text("Acme <Trading> & \u0007Co"), date(AS_OF), money(-5n, 2), days(0), int(1), ratio(new Decimal("0.33333")), percent(new Decimal("7.25"), 1), text("y")] },
      { style: "item", cells: [text("C3"), text("Big"), null, money(12345678901234567n, 2), days(1), int(0), null, null, null] },
      { style: "total", only: "terminal", cells: [text("share"), null, null, null, null, null, null, null, null] },
      { style: "total", label: "Total", cells: [null, null, null, money(123451n, 2), null, null, null, null, null] },
    ],
    csvLabel: { column: "name", text: "TOTAL" },
  };
}

describe("tablesXlsx", () => {
  const bytes = tablesXlsx([sample()], ABOUT);
  const wb = readWorkbook(bytes);

  it("has the report's sheet, then About", () => {
    expect(wb.SheetNames).toEqual(["A sample report of the ledger", "About"]);
  });

  it("writes typed cells: money #,##0.00, dates as date cells, ratios and percents as fractions with a percent format", () => {
    const rows = sheetCells(wb, "A sample report of the ledger");
    expect(rows[0]!.map((c) => c?.v)).toEqual(["Customer", "Name", "Doc date", "Amount", "Days", "N", "Rate", "Share"]);
    const [id, name, doc, amount, d, n, rate, share] = rows[1]!;
    expect([id!.t, id!.v, name!.v]).toEqual(["s", "C1", "华东贸易有限公司"]);
    expect([doc!.t, doc!.z, serialToIso(doc!.v as number)]).toEqual(["n", "yyyy-mm-dd", "2025-06-20"]);
    expect([amount!.t, amount!.v, amount!.z]).toEqual(["n", 1234.56, "#,##0.00"]);
    expect([d!.t, d!.v, n!.t, n!.v]).toEqual(["n", 10, "n", 3]);
    expect([rate!.t, rate!.v, rate!.z]).toEqual(["n", 0.85, "0.00%"]);
    expect([share!.t, share!.v, share!.z]).toEqual(["n", 0.125, "0.00%"]);
    // Ratios to 4 places as CSV has them; a percent's own places.
    expect(rows[2]![6]!.v).toBe(0.3333);
    expect([rows[2]![7]!.v, rows[2]![7]!.z]).toEqual([0.073, "0.0%"]); // 7.25 to one place, as CSV writes it
    expect(rows[2]![1]!.v).toBe("Acme <Trading> & \u0007Co");
    expect([rows[2]![3]!.v, serialToIso(rows[2]![2]!.v as number)]).toEqual([-0.05, "2025-06-30"]);
  });

  it("writes an amount Excel cannot hold (over 15 significant digits) as text, and says so in About", () => {
    const rows = sheetCells(wb, "A sample report of the ledger");
    expect([rows[3]![3]!.t, rows[3]![3]!.v]).toEqual(["s", "123456789012345.67"]);
    const about = sheetCells(wb, "About").map((r) => r.map((c) => c?.v));
    expect(about).toContainEqual(["A sample report of the ledger!D4", "123456789012345.67", undefined]);
  });

  it("leaves out the terminal's rows and columns; a total's label goes to CSV's label column, in people's words", () => {
    const rows = sheetCells(wb, "A sample report of the ledger");
    expect(rows).toHaveLength(5);
    expect(rows[4]!.map((c) => c?.v)).toEqual([undefined, "Total", undefined, 1234.51, undefined, undefined, undefined, undefined]);
  });

  it("has a bold, frozen header row with an autofilter over the table, and bold totals", () => {
    const sheet = part(bytes, "xl/worksheets/sheet1.xml");
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<autoFilter ref="A1:H5"/>');
    expect(part(bytes, "xl/workbook.xml")).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'A sample report of the ledger'!$A$1:$H$5</definedName>`);
    const bold = boldStyles(bytes);
    expect(rowStyles(sheet, 1).map((s) => bold[s])).toEqual(new Array(8).fill(true));
    expect(rowStyles(sheet, 2).map((s) => bold[s])).toEqual(new Array(8).fill(false));
    expect(rowStyles(sheet, 5).map((s) => bold[s])).toEqual([true, true]);
  });

  it("sizes columns to their widest cell as people see it, CJK counted double", () => {
    const sheet = part(bytes, "xl/worksheets/sheet1.xml");
    const widths = [...sheet.matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)].map((m) => Number(m[2]));
    // Name: 华东贸易有限公司 is 8 characters, 16 columns wide; "Acme <Trading> & \x07Co" is 20.
    // Amount: 123456789012345.67 (text, 18). Customer: header 8. Plus 3 for the filter button.
    expect(widths[1]).toBe(20 + 3);
    expect(widths[0]).toBe(8 + 3);
    expect(widths[3]).toBe(18 + 3);
    const cjk = tablesXlsx([{ title: "t", params: [], columns: [{ key: "n", header: "n", type: "text" }], rows: [{ style: "item", cells: [text("华东贸易有限公司华东贸易")] }] }], ABOUT);
    expect(part(cjk, "xl/worksheets/sheet1.xml")).toContain('<col min="1" max="1" width="27"');
  });

  it("writes About: titles and parameters, command line, as-of, version, inputs with SHA-256, rejected rows with places", () => {
    const about = sheetCells(wb, "About").map((r) => r.map((c) => c?.v));
    expect(about[0]![0]).toBe("A sample report of the ledger as of 2025-06-30");
    expect(about).toContainEqual(["Basis", "by due date", undefined]);
    expect(about).toContainEqual(["a note under the table", undefined, undefined]);
    expect(about).toContainEqual(["Command", ABOUT.commandLine, undefined]);
    const asOf = about.find((r) => r[0] === "As of")!;
    expect(serialToIso(asOf[1] as number)).toBe("2025-06-30");
    expect(about).toContainEqual(["Version", "0.1.0", undefined]);
    expect(about).toContainEqual(["Input file", "SHA-256", "Bytes"]);
    expect(about).toContainEqual(["ledger.csv", ABOUT.inputs[0]!.sha256, 1]);
    expect(about).toContainEqual(["ledger.csv:7", "amount: not a number", undefined]);
    expect(about).toContainEqual(["book.xlsx:Sheet1!9", "doc_date: missing", undefined]);
  });

  it("gives the same bytes for the same inputs, whatever the clock says; ZIP times and docProps are as-of", () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date("2031-01-02T03:04:05Z"));
      const again = tablesXlsx([sample()], ABOUT);
      expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    // First local header: DOS time at 10, date at 12.
    const b = Buffer.from(bytes);
    expect(b.readUInt16LE(10)).toBe(0);
    expect(b.readUInt16LE(12)).toBe(((2025 - 1980) << 9) | (6 << 5) | 30);
    expect(part(bytes, "docProps/core.xml")).toContain("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-06-30T00:00:00Z</dcterms:created>");
  });

  it("puts tables with the same columns and sheet name on one sheet, others on their own", () => {
    const t = (title: string, sheet: string | undefined, id: string): Table => ({ title, sheet, params: [], columns: [{ key: "id", header: "Id", type: "text" }], rows: [{ style: "item", cells: [text(id)] }] });
    const wb2 = readWorkbook(tablesXlsx([t("Statement A", "Statements", "A"), t("Statement B", "Statements", "B"), t("Other", undefined, "C")], ABOUT));
    expect(wb2.SheetNames).toEqual(["Statements", "Other", "About"]);
    expect(sheetCells(wb2, "Statements").map((r) => r[0]?.v)).toEqual(["Id", "A", "B"]);
  });

  it("makes sheet names Excel accepts: no []:*?/\\, at most 31 characters, unique", () => {
    const t = (title: string): Table => ({ title, params: [], columns: [{ key: "id", header: "Id", type: "text" }], rows: [] });
    const wb2 = readWorkbook(tablesXlsx([t("a/b:c [d]"), t("a/b:c [d]"), t("x".repeat(40)), t("About")], ABOUT));
    expect(wb2.SheetNames).toEqual(["a b c d", "a b c d 2", "x".repeat(31), "About 2", "About"]);
  });
});
