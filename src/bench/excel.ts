/**
 * Excel side of `npm run bench` (SPEC "Excel in and out": reading 1M rows from .xlsx at most 3x
 * the CSV time and 1 GiB): writes the bench ledger as a workbook the way Excel stores one (shared
 * strings, dates as date cells, amounts as numbers), and measures other Node readers on it when
 * they are installed (`npm i --no-save exceljs xlsx read-excel-file`), each in its own process.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as XLSX from "@e965/xlsx";

/** The CSV bench ledger as .xlsx: one sheet "Ledger", header row, typed cells. */
export function writeLedgerWorkbook(csvFile: string, xlsxFile: string): void {
  const lines = readFileSync(csvFile, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const header = lines[0]!.split(",");
  const dates = new Set([header.indexOf("doc_date"), header.indexOf("due_date")]);
  const amount = header.indexOf("amount");
  const epoch = Date.UTC(1899, 11, 30);
  const data: (XLSX.CellObject | undefined)[][] = [header.map((h) => ({ t: "s", v: h }))];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(",");
    data.push(
      cells.map((c, k): XLSX.CellObject | undefined => {
        if (c === "") return undefined;
        if (dates.has(k)) return { t: "n", v: (Date.parse(`${c}T00:00:00Z`) - epoch) / 86_400_000, z: "yyyy-mm-dd" };
        if (k === amount) return { t: "n", v: Number(c), z: "#,##0.00" };
        return { t: "s", v: c };
      }),
    );
  }
  const ws: XLSX.WorkSheet = { "!data": data as XLSX.CellObject[][], "!ref": XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: data.length - 1, c: header.length - 1 } }) };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "Ledger");
  writeFileSync(xlsxFile, XLSX.write(wb, { type: "buffer", bookType: "xlsx", bookSST: true, compression: true }) as Buffer);
}

/**
 * Run as a script: `node dist/bench/excel.js READER FILE` reads the workbook's first sheet with
 * READER, touching every row's amount, and prints {rows, seconds, maxRssMiB} as JSON.
 */
async function readWith(reader: string, file: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  const load = (name: string): Promise<any> => import(name); // optional packages: not dependencies of ar
  if (reader === "@e965/xlsx" || reader === "xlsx") {
    const m = await load(reader);
    const X = m.default ?? m;
    const wb = X.read(readFileSync(file), { type: "buffer", dense: true, cellText: false, cellNF: true, cellFormula: true, cellHTML: false });
    const ws = wb.Sheets[wb.SheetNames[0]];
    const data = ws["!data"] ?? ws; // 0.18 keeps a dense sheet as the array itself
    for (const r of data as unknown[]) if (r) rows++;
  } else if (reader === "exceljs") {
    const ExcelJS = (await load("exceljs")).default;
    const wb = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "emit" });
    for await (const ws of wb) for await (const row of ws) if (row.getCell(7).value !== undefined) rows++;
  } else if (reader === "read-excel-file") {
    const m = await load("read-excel-file/node");
    const data = await (m.default ?? m.readSheet)(file);
    rows = (Array.isArray(data) ? data : data[0].data).length;
  } else throw new Error(`unknown reader ${reader}`);
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ reader, rows, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

export const OTHER_READERS = ["exceljs", "xlsx", "read-excel-file"];

if (process.argv[1]?.endsWith("excel.js") && process.argv.length >= 4) await readWith(process.argv[2]!, process.argv[3]!);
