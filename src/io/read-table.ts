/**
 * Small CSV inputs (customer master, events log, holidays, manifests) as header + rows with their
 * physical line numbers. These files are small enough to hold; ledgers go through read-ledger.ts.
 */
import type { Readable } from "node:stream";
import { CsvTokenizer } from "./csv.js";
import { openText, REPLACEMENT, type EncodingOption } from "./decode.js";
import { normalizeHeader } from "./headers.js";
import { isoOfSerial, sniffWorkbookFile } from "./workbook-format.js";

export interface TableRow {
  /** The physical line of a CSV file, the Excel row number of a workbook's row. */
  line: number;
  cells: string[];
  /** A workbook's plain numbers by cell, which a date column reads as Excel serial dates. */
  serials?: (number | undefined)[];
}

export interface Table {
  name: string;
  /** Normalized header names (see normalizeHeader). */
  header: string[];
  headerLine: number;
  rows: TableRow[];
  /** Records that could not be tokenized or decoded. */
  broken: { line: number; reason: string }[];
  /** The sheet read, when the file is a workbook. */
  sheet?: string;
  date1904?: boolean;
}

/**
 * A workbook's first visible sheet with content (or `sheet`): header = its first non-empty row,
 * rows with their Excel row numbers; a row with a formula that has no stored value is broken.
 */
async function readWorkbookTable(name: string, filePath: string, sheetOption: string | undefined): Promise<Table> {
  // Imported here: the Excel libraries cost a CSV run some 50 ms at start-up.
  const { openWorkbook, pickSheet } = await import("./workbook.js");
  const wb = openWorkbook(name, filePath);
  const sheet = pickSheet(wb, sheetOption, (cells) => cells.some((c) => c.trim() !== ""));
  const table: Table = { name, header: [], headerLine: 0, rows: [], broken: [], sheet: sheet.name, date1904: wb.date1904 };
  for (const r of wb.rows(sheet)) {
    if (table.headerLine === 0) {
      table.header = r.cells.map(normalizeHeader);
      table.headerLine = r.row;
      continue;
    }
    if (r.problem !== undefined) table.broken.push({ line: r.row, reason: r.problem });
    else table.rows.push({ line: r.row, cells: r.cells, serials: r.serials });
  }
  return table;
}

export async function readTable(name: string, encoding: EncodingOption, stdin: Readable, filePath: string = name, sheet?: string): Promise<Table> {
  if (name !== "-" && sniffWorkbookFile(filePath) !== undefined) return readWorkbookTable(name, filePath, sheet);
  const source = await openText(name, encoding, stdin, filePath);
  const table: Table = { name, header: [], headerLine: 0, rows: [], broken: [] };
  let replaced = false;
  const tokenizer = new CsvTokenizer({
    record(cells, line) {
      if (cells.every((c) => c.trim() === "")) return;
      if (table.headerLine === 0) {
        table.header = cells.map(normalizeHeader);
        table.headerLine = line;
        return;
      }
      if (replaced && cells.some((c) => c.includes(REPLACEMENT))) {
        table.broken.push({ line, reason: `bytes that are not valid ${source.encoding}` });
        return;
      }
      table.rows.push({ line, cells });
    },
    broken(line, reason) {
      table.broken.push({ line, reason });
    },
  });
  for await (const text of source.chunks) {
    if (text.includes(REPLACEMENT)) replaced = true;
    tokenizer.push(text);
  }
  tokenizer.end();
  return table;
}

/** Column index by any of the given (normalized) names, or -1. */
export function columnOf(table: Table, ...names: string[]): number {
  for (const n of names) {
    const i = table.header.indexOf(normalizeHeader(n));
    if (i >= 0) return i;
  }
  return -1;
}

export function cellAt(row: TableRow, index: number): string {
  return index < 0 || index >= row.cells.length ? "" : row.cells[index]!.trim();
}

/** The cell as a date text: a workbook's plain number there is an Excel serial date (SPEC "Excel in and out"). */
export function dateAt(table: Table, row: TableRow, index: number): string {
  const serial = index < 0 ? undefined : row.serials?.[index];
  return serial === undefined ? cellAt(row, index) : isoOfSerial(serial, table.date1904 === true);
}

/** A place in this table: with the sheet when the table is a workbook's. */
export function at<T extends object>(table: Table, p: T): T & { sheet?: string } {
  return table.sheet === undefined ? p : Object.assign(p, { sheet: table.sheet });
}
