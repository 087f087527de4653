/**
 * The streaming .xlsx path (src/io/xlsx-stream.ts) against the SheetJS path it stands in for (SPEC
 * "Excel in and out"): the same workbook read both ways must give the same sheets and the same rows,
 * row by row (texts, serials, problems), and the streaming path must not have handed over to SheetJS.
 */
import * as XLSX from "@e965/xlsx";
import fc from "fast-check";
import { zipSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { excelNumberText, workbookFromBytes, type Workbook } from "../../src/io/workbook.js";
import { isNumberAsShown } from "../../src/io/xlsx-stream.js";

function bothWays(bytes: Buffer): { streamed: Workbook; sheetjs: Workbook; fallbacks: string[]; scanned: { rows: number } } {
  const fallbacks: string[] = [];
  const scanned = { rows: 0 };
  const streamed = workbookFromBytes("t.xlsx", bytes, { onFallback: (why) => fallbacks.push(why), onScanned: (n) => (scanned.rows += n) });
  const sheetjs = workbookFromBytes("t.xlsx", bytes, { stream: false });
  return { streamed, sheetjs, fallbacks, scanned };
}

/** The same sheets and rows both ways; the number of rows the worker thread scanned (0 unless `bytes` are shared and the sheet deflated). */
function expectSameRows(bytes: Buffer, fallbackExpected: boolean | "either" = false): number {
  const { streamed, sheetjs, fallbacks, scanned } = bothWays(bytes);
  expect(streamed.sheets).toEqual(sheetjs.sheets);
  expect(streamed.date1904).toBe(sheetjs.date1904);
  // The rows, or the error of a sheet SheetJS cannot parse (then the streamed path has handed over to it too).
  const read = (wb: Workbook, sheet: Workbook["sheets"][number]) => {
    try {
      return [...wb.rows(sheet)];
    } catch (e) {
      return { error: String(e) };
    }
  };
  for (const sheet of sheetjs.sheets) expect(read(streamed, sheet)).toEqual(read(sheetjs, sheet));
  if (fallbackExpected === false) expect(fallbacks).toEqual([]);
  else if (fallbackExpected === true) expect(fallbacks.length).toBeGreaterThan(0);
  return scanned.rows;
}

const SST =
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>单据编号</t></si><si><t xml:space="preserve"> A&amp;B &lt;x&gt; </t></si><si><r><rPr><b/></rPr><t>粗体</t></r><r><t xml:space="preserve"> plain</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si><si><t>&#x4E2D;&#25991;_x0041_</t></si></sst>';

/** The bytes in shared memory, as openWorkbook reads a file: then a worker thread inflates the sheet. */
function shared(bytes: Buffer): Buffer {
  const copy = Buffer.from(new SharedArrayBuffer(bytes.length));
  bytes.copy(copy);
  return copy;
}

const TEXTS = ["应收明细", "华东贸易有限公司", "A&B <Co> \"quoted\" 'single'", "  leading and trailing  ", "line\r\nbreak", "000123", "_x000D_ literal", "Ünïcödé 😀", "", "合计", "=not a formula"];

const cell = fc.oneof(
  fc.constantFrom(...TEXTS).map((v): XLSX.CellObject => ({ t: "s", v })),
  fc.string({ maxLength: 12 }).map((v): XLSX.CellObject => ({ t: "s", v })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v): XLSX.CellObject => ({ t: "n", v })),
  fc.integer({ min: -1e9, max: 1e9 }).map((v): XLSX.CellObject => ({ t: "n", v: v / 100, z: "#,##0.00" })),
  fc.integer({ min: 1, max: 80000 }).map((v): XLSX.CellObject => ({ t: "n", v: v + (v % 3) / 4, z: "yyyy-mm-dd" })),
  fc.integer({ min: 1, max: 80000 }).map((v): XLSX.CellObject => ({ t: "n", v, z: "m/d/yy" })),
  fc.integer({ min: 0, max: 1000 }).map((v): XLSX.CellObject => ({ t: "n", v, f: `A1*${v}` })),
  fc.constant<XLSX.CellObject>({ t: "n", f: "B9*2" } as XLSX.CellObject),
  fc.constant<XLSX.CellObject>({ t: "s", v: "text result", f: 'CONCAT("a","b")' }),
  fc.boolean().map((v): XLSX.CellObject => ({ t: "b", v })),
  fc.constantFrom(0x07, 0x2a, 0x0f).map((v): XLSX.CellObject => ({ t: "e", v })),
  fc.constant(undefined),
);

describe("streamed rows equal SheetJS rows", () => {
  let scannedRows = 0;
  it("on generated workbooks (shared and plain strings, numbers, dates, formulas, hidden rows, both date systems)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 25 }),
        fc.array(fc.nat(30), { maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        (rows0, hidden, bookSST, date1904) => {
          const data = [[{ t: "s", v: "单据编号" } as XLSX.CellObject], ...rows0];
          const ws: XLSX.WorkSheet = { "!data": data as XLSX.CellObject[][], "!ref": `A1:${XLSX.utils.encode_col(Math.max(0, ...data.map((r) => r.length - 1)))}${Math.max(1, data.length)}` };
          const rowInfo: XLSX.RowInfo[] = [];
          for (const r of hidden) rowInfo[r] = { hidden: true };
          ws["!rows"] = rowInfo;
          const wb = XLSX.utils.book_new();
          XLSX.utils.book_append_sheet(wb, ws, "应收明细");
          XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["x", 1], ["y", 2]]), "Second");
          wb.Workbook = { Sheets: [{ name: "应收明细" }, { name: "Second", Hidden: 1 }], WBProps: { date1904 } };
          expectSameRows(XLSX.write(wb, { type: "buffer", bookType: "xlsx", bookSST, dense: true }) as Buffer);
          // Deflated and in shared memory: the worker thread inflates the sheet and scans the plain rows.
          scannedRows += expectSameRows(shared(XLSX.write(wb, { type: "buffer", bookType: "xlsx", bookSST, dense: true, compression: true }) as Buffer));
        },
      ),
      { numRuns: 150 },
    );
    expect(scannedRows).toBeGreaterThan(0);
  });

  /** A package written by hand: what SheetJS itself never writes (inline and rich strings, entities, formulas without values). */
  function handWritten(sheetData: string, dimension = "A1:H20", extraCellXfs = "", sst = SST): Buffer {
    const files = {
      "[Content_Types].xml": strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
      ),
      "_rels/.rels": strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
      "xl/workbook.xml": strToU8('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="明细 &amp; more" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      "xl/_rels/workbook.xml.rels": strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
      ),
      "xl/sharedStrings.xml": strToU8(sst),
      "xl/styles.xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/>${extraCellXfs}</cellXfs></styleSheet>`,
      ),
      "xl/worksheets/sheet1.xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="${dimension}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>${sheetData}</sheetData><mergeCells count="1"><mergeCell ref="A1:H1"/></mergeCells></worksheet>`,
      ),
    };
    return Buffer.from(zipSync(files));
  }

  it("on generated shared strings (rich text, phonetic runs, entities, _xHHHH_ escapes, xml:space, CJK, line breaks)", () => {
    const text = fc
      .array(fc.oneof(fc.constantFrom("应收", "華東", "フリガナ", "😀", "Ünï", " ", "  ", "\r\n", "\n", "\t", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x4E2D;", "&#25991;", "&#13;", "_x0041_", "_x000D_", "_x4e2d_", "_", "&amp;amp;", "A&amp;B", "plain"), fc.string({ maxLength: 4 }).map((v) => v.replace(/[&<>]/g, ""))), { maxLength: 5 })
      .map((parts) => parts.join(""));
    const t = fc.tuple(fc.boolean(), text).map(([preserve, v]) => `<t${preserve ? ' xml:space="preserve"' : ""}>${v}</t>`);
    const run = fc.tuple(fc.boolean(), t).map(([bold, tt]) => `<r>${bold ? '<rPr><b/><sz val="11"/><rFont val="宋体"/></rPr>' : ""}${tt}</r>`);
    const phonetic = fc.tuple(text, fc.boolean()).map(([v, pr]) => `<rPh sb="0" eb="1"><t>${v}</t></rPh>${pr ? '<phoneticPr fontId="1" type="noConversion"/>' : ""}`);
    const item = fc.oneof(
      t,
      fc.tuple(t, phonetic).map(([a, b]) => a + b),
      fc.tuple(fc.array(run, { minLength: 1, maxLength: 3 }), fc.option(phonetic, { nil: undefined })).map(([runs, ph]) => runs.join("") + (ph ?? "")),
      fc.constantFrom("<t/>", "", "<t></t>", '<phoneticPr fontId="1"/>'),
    );
    const gap = fc.constantFrom("", "\n", "\r\n  ");
    fc.assert(
      fc.property(fc.array(fc.tuple(gap, item), { minLength: 1, maxLength: 12 }), (items) => {
        const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${items.length}" uniqueCount="${items.length}">${items.map(([g, x]) => `${g}<si>${x}</si>`).join("")}\n</sst>`;
        // Every item once, and the index after the last (SheetJS keeps the empty piece after the last </si>).
        const rows = Array.from({ length: items.length + 1 }, (_, k) => `<row r="${k + 1}"><c r="A${k + 1}" t="s"><v>${k}</v></c><c r="B${k + 1}"><v>${k}</v></c></row>`);
        expectSameRows(handWritten(rows.join(""), `A1:B${items.length + 1}`, "", sst));
      }),
      { numRuns: 200 },
    );
  });

  const ROWS = [
    '<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"/><c r="C1" s="1"/></row>',
    '<row r="2" hidden="1"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c></row>',
    '<row r="3"/>',
    '<row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve">  inline &amp; spaced  </t></is></c><c r="B4" t="inlineStr"><is><r><t>rich</t></r><r><rPr><i/></rPr><t> 文字</t></r></is></c><c r="C4" t="inlineStr"><is><t>&#20013;&#x6587;</t></is></c></row>',
    '<row r="5"><c r="A5" s="1"><v>45838</v></c><c r="B5" s="2"><v>45838.5</v></c><c r="C5" s="3"><v>1234567.891</v></c><c r="D5"><v>0.30000000000000004</v></c><c r="E5"><v>1E+21</v></c><c r="F5"><v>-0.000001</v></c></row>',
    '<row r="6"><c r="A6" t="str"><f>"x"&amp;"y"</f><v>x&amp;amp;y</v></c><c r="B6"><f>SUM(A1:A2)</f><v>3</v></c><c r="C6"><f>_xlfn.XLOOKUP(A1,B1:B2,C1:C2)</f></c><c r="D6" t="b"><v>1</v></c><c r="E6" t="e"><v>#N/A</v></c></row>',
    '<row r="7"><c r="A7" t="e"><f>1/0 &amp; "&lt;"</f></c><c r="B7" t="s"><v>0</v></c><c r="H7" t="str"><v>line&#13;&#10;two</v></c></row>',
    '<row r="8"><c r="A8" t="e"><v>#SPILL!</v></c></row>',
    '<row r="9"><c r="A9" t="n"></c><c r="B9" t="s"></c><c r="C9"><v></v></c></row>',
    '<row r="12"><c r="A12" t="s"><v>3</v></c><c r="J12"><v>7</v></c></row>',
    '<row r="13">\n  <c r="A13" t="s"><v>0</v></c>\n  <c r="B13"><v>5</v></c><c r="C13" t="str"><v>a&lt;b</v></c></row><row r="14" spans="1:2"><c r="A14"><v>1.5</v></c><c r="B14" s="1"/></row>',
    '<row r="15"></row><row r="16"><c r="A16" t="s"><v>2</v></c></row>',
  ];

  it("on a hand-written package: inline and rich strings, entities, xml:space, formulas with and without values, hidden and empty rows", () => {
    expectSameRows(handWritten(ROWS.join("")));
    expectSameRows(shared(handWritten(ROWS.join(""))));
  });

  it("on generated sheet XML where the worker thread scans the plain cells and leaves the rest to the main thread", () => {
    // Plain shapes the worker scans, each beside the near misses it must leave as XML (signs,
    // leading zeros, exponents, escapes, entities, CR LF, out-of-range or odd shared-string
    // indexes, empty values, self-closed typed cells, formulas, booleans and errors), and the row
    // and cell faults both paths hand over to SheetJS (cells out of order, a reference to another row).
    const number = fc.constantFrom("0", "7", "007", "-5", "12", "42723.28", "1E+21", "4.5e3", "0.30000000000000004", "-0.000001", "123456789", "1234567890", "99999999999", " 12", "1_0", "&#49;2", "45838.5", "");
    const text = fc.constantFrom("plain", "A&amp;amp;B", "x_x0041_y", "中文", "line&#13;&#10;two", "a\r\nb", "", " spaced ", "&lt;tag&gt;", "Ünï");
    const cellAt = (col: string, n: number) =>
      fc.oneof(
        fc.integer({ min: 0, max: 7 }).map((k) => `<c r="${col}${n}" t="s"><v>${k}</v></c>`),
        fc.constantFrom("0x1", "01", "").map((k) => `<c r="${col}${n}" t="s"><v>${k}</v></c>`),
        fc.tuple(number, fc.constantFrom("", ' s="0"', ' s="1"', ' s="2"', ' s="3"', ' t="n"', ' t="n" s="1"')).map(([v, attrs]) => `<c r="${col}${n}"${attrs}><v>${v}</v></c>`),
        text.map((v) => `<c r="${col}${n}" t="str"><v>${v}</v></c>`),
        fc.tuple(text, fc.boolean()).map(([v, keep]) => `<c r="${col}${n}" t="inlineStr"><is><t${keep ? ' xml:space="preserve"' : ""}>${v}</t></is></c>`),
        fc.constantFrom(`<c r="${col}${n}" s="1"/>`, `<c r="${col}${n}"/>`, `<c r="${col}${n}" t="s"/>`, `<c r="${col}${n}" t="str"/>`, `<c r="${col}${n}" t="b"><v>1</v></c>`, `<c r="${col}${n}" t="e"><v>#N/A</v></c>`, `<c r="${col}${n}"><f>A1*2</f><v>6</v></c>`, `<c r="${col}${n}" s="1" cm="1"><v>45000</v></c>`, `<c r="${col}${n + 1}"><v>1</v></c>`),
      );
    const gap = fc.constantFrom("", "", "", "\n  ");
    const row = (n: number) =>
      fc
        .tuple(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), gap), { maxLength: 6 }), fc.constantFrom("", "", ' spans="1:8"', ' hidden="1"'))
        .chain(([steps, attrs]) => {
          // Columns mostly ascending; a step of 0 repeats the column (cells out of order).
          let col = -1;
          const cols = steps.map(([step, g]) => [XLSX.utils.encode_col((col = Math.max(0, col + (step === 0 ? 0 : step)))), g] as const);
          return fc.tuple(...cols.map(([c]) => cellAt(c, n))).map((cells) => `<row r="${n}"${attrs}>${cells.map((c, k) => cols[k]![1] + c).join("")}</row>`);
        });
    const sheet = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom("", "", "\n", '<row r="0"/>')), { minLength: 1, maxLength: 12 }).chain((steps) => {
      let n = 0;
      const numbers = steps.map(([step, g]) => [(n += step), g] as const);
      return fc.tuple(...numbers.map(([r]) => row(r))).map((rows) => rows.map((r, k) => numbers[k]![1] + r).join(""));
    });
    let scanned = 0;
    fc.assert(
      fc.property(sheet, (xml) => {
        scanned += expectSameRows(shared(handWritten(xml, "A1:H40")), "either");
      }),
      { numRuns: 120 },
    );
    expect(scanned).toBeGreaterThan(0);
  });

  it("a date-formatted serial outside Excel's dates gives its own number, a fraction included (-0.000001 is not day -1)", () => {
    const xml = '<row r="1"><c r="A1" s="1"><v>-0.000001</v></c><c r="B1" s="1"><v>-3</v></c><c r="C1" s="1"><v>2958466.5</v></c><c r="D1" s="1"><v>45838.75</v></c></row>';
    for (const bytes of [handWritten(xml, "A1:D1"), shared(handWritten(xml, "A1:D1"))]) expectSameRows(bytes);
    const wb = workbookFromBytes("t.xlsx", shared(handWritten(xml, "A1:D1")));
    expect([...wb.rows(wb.sheets[0]!)][0]!.cells).toEqual(["-0.000001", "-3", "2958466.5", "2025-06-30"]);
  });

  it("with the sheet inflated by the worker thread, on a sheet of many pieces", () => {
    const rows = Array.from({ length: 30_000 }, (_, k) => [`INV-${k}`, `客户${k % 97}`, 45000 + (k % 400), (k * 37.13) % 100000]);
    const ws = XLSX.utils.aoa_to_sheet([["doc_no", "customer", "doc_date", "amount"], ...rows], { dense: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, "Ledger");
    const bytes = XLSX.write(wb, { type: "buffer", bookType: "xlsx", bookSST: true, compression: true }) as Buffer;
    expectSameRows(shared(bytes));
    // Stopping early (the default sheet choice reads 20 rows) lets the worker go.
    const early = workbookFromBytes("t.xlsx", shared(bytes));
    let n = 0;
    for (const _row of early.rows(early.sheets[0]!)) if (++n === 20) break;
    expect(n).toBe(20);
  });

  it("hands over to SheetJS from the row it does not read (a date-typed cell), giving the same rows", () => {
    const rows = [...ROWS.slice(0, 5), '<row r="10"><c r="A10" t="d"><v>2025-06-30T00:00:00Z</v></c></row>', ROWS[9]!];
    expectSameRows(handWritten(rows.join("")), true);
  });

  it("hands over to SheetJS for a sheet without a two-corner used range", () => {
    expectSameRows(handWritten(ROWS.join(""), "A1"), true);
  });
});

describe("isNumberAsShown", () => {
  const asShown = (v: string): boolean => String(parseFloat(v)) === v && excelNumberText(parseFloat(v)) === v;
  it("holds for the plain decimals that are already what excelNumberText gives, and only for those", () => {
    const decimal = fc
      .tuple(fc.constantFrom("", "-"), fc.stringMatching(/^[0-9]{1,16}$/), fc.option(fc.stringMatching(/^[0-9]{0,14}$/), { nil: undefined }))
      .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? "" : `.${fraction}`}`);
    const written = fc.oneof(fc.double({ noNaN: true }), fc.integer().map((k) => k / 100), fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1e9)).map(String);
    const odd = fc.constantFrom("", "-", ".5", "-.5", "0", "-0", "0.0", "1.", "1.50", "0.000001", "0.0000001", "-0.000001", "1e5", "1E+21", "123456789012345", "1234567890123456", "0.30000000000000004", " 1", "+1", "0x10", "Infinity", "NaN");
    // Never claimed wrongly; claimed for every plain decimal (no exponent, Infinity or NaN) it holds for.
    fc.assert(fc.property(fc.oneof(decimal, written, odd), (v) => (isNumberAsShown(v) ? asShown(v) : !(/^-?\d+(?:\.\d+)?$/.test(v) && v.length <= 15 && asShown(v)))));
  });
});

describe("excelNumberText's shortcut", () => {
  /** The full rule: 15 significant digits, written out without exponent. */
  function reference(n: number): string {
    if (n === 0) return "0";
    const [mantissa, exp] = n.toExponential(14).split("e") as [string, string];
    const e = Number(exp);
    const digits = mantissa.replace("-", "").replace(".", "").replace(/0+$/, "") || "0";
    const text = e >= 0 ? (digits.length <= e + 1 ? digits + "0".repeat(e + 1 - digits.length) : `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`) : `0.${"0".repeat(-e - 1)}${digits}`;
    return mantissa.startsWith("-") ? `-${text}` : text;
  }
  it("gives what the full rule gives", () => {
    fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((k) => k / 100), fc.integer().map((k) => k / 7)), (n) => excelNumberText(n) === reference(n)));
  });
});
