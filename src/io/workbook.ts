/**
 * Excel workbooks as input (SPEC.md "Excel in and out"): `.xlsx`/`.xlsm` (Office Open XML) and
 * `.xls` (BIFF8), recognised by content, read with SheetJS Community Edition (`@e965/xlsx`, see
 * README "Reading Excel" for why that library). This module only turns a sheet into rows of cell
 * texts with their Excel row numbers; the readers then apply the very rules they apply to CSV
 * records (header detection, aliases, title/subtotal/footer rows, validation).
 *
 * Cells as SPEC says:
 * - text cells as written (a text-formatted `00123` keeps its zeros);
 * - numbers as Excel shows them, at most 15 significant digits, written out without exponent
 *   (0.1+0.2 is "0.3"); the readers then parse that text exactly, like a CSV amount;
 * - date-formatted numbers as their calendar date YYYY-MM-DD in the workbook's date system (1900,
 *   whose serial 60 is the phantom 1900-02-29 that the date rule then rejects, or 1904); a plain
 *   number is kept as `serials[k]` too, so that a date field can read it as a serial date;
 * - a formula's cached value; a formula with none makes the row a problem ("open and save it in
 *   Excel") that the reader rejects at that row;
 * - merged cells: the value stands in the first cell only (a merged title is a one-cell row);
 *   hidden rows are rows like any other.
 *
 * `.xlsx`/`.xlsm` sheets are streamed by xlsx-stream.ts (SheetJS needs 1.9 GiB and 47 s for a
 * 1M-row sheet); it gives the very rows the SheetJS path below gives, and hands over to it for
 * whatever it does not read.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import * as XLSX from "@e965/xlsx";
import { excelNumberText, isoOfSerial, sniffWorkbookFile, workbookFormatOf, type WorkbookFormat } from "./workbook-format.js";
import { InputError } from "./decode.js";

export { excelNumberText, isoOfSerial, sniffWorkbookFile, workbookFormatOf, type WorkbookFormat };
import { openXlsxStream, streamSheetRows, Unsupported, type CellWriter, type XlsxPackage } from "./xlsx-stream.js";


/** A workbook that cannot be read: exit 2 naming the file and the cause. */
export class WorkbookError extends InputError {
  constructor(
    readonly kind: "encrypted" | "corrupt" | "no_sheet" | "empty",
    message: string,
  ) {
    super(message);
  }
}


export interface SheetInfo {
  name: string;
  /** 1-based position in the workbook, as `--sheet N` counts. */
  number: number;
  hidden: boolean;
}

export interface WorkbookRow {
  /** The Excel row number (1-based). */
  row: number;
  cells: string[];
  /** For cells holding a plain (not date-formatted) number: that number, for date fields to read as a serial date. */
  serials: (number | undefined)[] | undefined;
  /** Set when a cell cannot be read (a formula without a stored value): the reader rejects the row with it. */
  problem?: string;
}

export interface Workbook {
  name: string;
  format: WorkbookFormat;
  sheets: SheetInfo[];
  date1904: boolean;
  /** The rows of a sheet, in order; empty rows are left out. `once`: the sheet's cells are let go as they are read. */
  rows(sheet: SheetInfo, once?: boolean): Iterable<WorkbookRow>;
}

/** Reads the workbook at `path`; `name` is the file as the user gave it (for messages). */
export function openWorkbook(name: string, path: string): Workbook {
  let bytes: Buffer;
  try {
    bytes = readShared(path);
  } catch (e) {
    throw new InputError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return workbookFromBytes(name, bytes);
}

/** How SheetJS reads every workbook here (the streaming path reads the same parts with these too). */
const READ_OPTIONS: XLSX.ParsingOptions = { type: "buffer", dense: true, cellText: false, cellNF: true, cellFormula: true, cellHTML: false, cellStyles: false, cellDates: false };

export interface WorkbookReadOptions {
  /** false: SheetJS reads the whole workbook even where the streaming path could (tests compare both). */
  stream?: boolean;
  /** Told when the streaming path hands over to SheetJS, and why. */
  onFallback?: (reason: string) => void;
  /** Told how many rows of a piece the worker thread had already scanned (tests: that path is taken). */
  onScanned?: (rows: number) => void;
}

/** The file's bytes in shared memory, so that a worker can inflate a sheet without a copy (xlsx-stream.ts). */
function readShared(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const got = readSync(fd, bytes, at, size - at, at);
      if (got === 0) return bytes.subarray(0, at);
      at += got;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

export function workbookFromBytes(name: string, bytes: Buffer, options: WorkbookReadOptions = {}): Workbook {
  const format = workbookFormatOf(bytes);
  if (format === undefined) throw new WorkbookError("corrupt", `${name}: not an Excel workbook`);
  if (format === "xls" && isEncryptedPackage(bytes)) {
    throw new WorkbookError("encrypted", `${name}: the workbook is password-protected; open it in Excel, remove the password (File > Info > Protect Workbook) and save it again`);
  }
  if (format === "xlsx" && options.stream !== false) {
    const pkg = openXlsxStream(bytes, READ_OPTIONS);
    if (pkg !== undefined) return streamedWorkbook(name, bytes, pkg, options);
    options.onFallback?.("the package is read by SheetJS");
  }
  const wb = readWithSheetJs(name, bytes, format);
  if (wb.SheetNames.length === 0) throw new WorkbookError("empty", `${name}: the workbook has no sheets`);
  const props = wb.Workbook?.Sheets ?? [];
  const sheets = wb.SheetNames.map((sheetName, k) => ({ name: sheetName, number: k + 1, hidden: (props[k]?.Hidden ?? 0) !== 0 }));
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  return {
    name,
    format,
    sheets,
    date1904,
    rows: (sheet, once = false) => sheetRows(parsedSheet(name, bytes, wb, sheet), date1904, once),
  };
}

function readWithSheetJs(name: string, bytes: Buffer, format: WorkbookFormat, extra: XLSX.ParsingOptions = {}): XLSX.WorkBook {
  try {
    return XLSX.read(bytes, { ...READ_OPTIONS, ...extra });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(message) && !/zip/i.test(message)) {
      throw new WorkbookError("encrypted", `${name}: the workbook is password-protected; open it in Excel, remove the password and save it again`);
    }
    throw new WorkbookError("corrupt", `${name}: not a readable ${format === "xlsx" ? ".xlsx" : ".xls"} workbook (damaged or not Excel: ${message})`);
  }
}

/** A workbook whose sheets are streamed (xlsx-stream.ts). */
function streamedWorkbook(name: string, bytes: Buffer, pkg: XlsxPackage, options: WorkbookReadOptions): Workbook {
  const writer: CellWriter = {
    numberText: excelNumberText,
    dateText: (serial) => isoOfSerial(serial, pkg.date1904),
    errorText: (code) => ERROR_TEXT[code] ?? "#ERROR",
    formulaProblem,
  };
  function* rows(sheet: SheetInfo, once = false): Iterable<WorkbookRow> {
    let last = 0;
    try {
      for (const row of streamSheetRows(pkg, pkg.sheets[sheet.number - 1]!, writer, options.onScanned)) {
        last = row.row;
        yield row;
      }
      return;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      options.onFallback?.(e.message);
    }
    // SheetJS reads this sheet and goes on after the last row given (rows come in ascending order).
    const ws = parsedSheet(name, bytes, readWithSheetJs(name, bytes, "xlsx", { sheets: sheet.number - 1 }), sheet);
    for (const row of sheetRows(ws, pkg.date1904, once)) if (row.row > last) yield row;
  }
  return {
    name,
    format: "xlsx",
    sheets: pkg.sheets.map((s, k) => ({ name: s.name, number: k + 1, hidden: s.hidden })),
    date1904: pkg.date1904,
    rows,
  };
}

/**
 * The sheet as SheetJS parsed it. SheetJS leaves out a sheet it fails to parse (a shared-string
 * index past the table, for one) without a word; that is a damaged workbook, exit 2, with the
 * reason SheetJS gives when asked to throw it (WTF).
 */
function parsedSheet(name: string, bytes: Buffer, wb: XLSX.WorkBook, sheet: SheetInfo): XLSX.WorkSheet {
  const ws = wb.Sheets[sheet.name];
  if (ws !== undefined) return ws;
  let reason = "SheetJS could not parse it";
  try {
    XLSX.read(bytes, { ...READ_OPTIONS, sheets: sheet.number - 1, WTF: true });
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  throw new WorkbookError("corrupt", `${name}: sheet "${sheet.name}" cannot be read, the workbook is damaged (SheetJS: ${reason}); open it in Excel and save it again`);
}

function formulaProblem(r: number, c: number, formula: string): string {
  return `cell ${XLSX.utils.encode_cell({ r, c })} holds a formula without a stored value (=${formula.slice(0, 40)}): open and save it in Excel`;
}

/** An encrypted OOXML package is a compound file holding EncryptionInfo and EncryptedPackage streams. */
function isEncryptedPackage(bytes: Buffer): boolean {
  try {
    const cfb = XLSX.CFB.read(bytes, { type: "buffer" });
    return XLSX.CFB.find(cfb, "EncryptionInfo") != null || XLSX.CFB.find(cfb, "EncryptedPackage") != null;
  } catch {
    return false; // SheetJS reports the damage below
  }
}

const ERROR_TEXT: Record<number, string> = { 0x00: "#NULL!", 0x07: "#DIV/0!", 0x0f: "#VALUE!", 0x17: "#REF!", 0x1d: "#NAME?", 0x24: "#NUM!", 0x2a: "#N/A", 0x2b: "#GETTING_DATA" };

function* sheetRows(ws: XLSX.WorkSheet, date1904: boolean, release: boolean): Iterable<WorkbookRow> {
  const data = (ws["!data"] ?? []) as (XLSX.CellObject[] | undefined)[];
  // Every row as wide as the sheet's used range, as Excel's own CSV export writes it: a row whose
  // last cells are empty is not a short row.
  const width = ws["!ref"] === undefined ? 0 : XLSX.utils.decode_range(ws["!ref"]).e.c + 1;
  const dateFormats = new Map<string, boolean>();
  for (let r = 0; r < data.length; r++) {
    const line = data[r];
    if (line === undefined || line === null) continue;
    // A sheet is read once (the default choice looks at 20 rows only): let its cells go as read.
    if (release) data[r] = undefined;
    const cells: string[] = new Array<string>(Math.max(width, line.length)).fill("");
    let serials: (number | undefined)[] | undefined;
    let problem: string | undefined;
    let any = false;
    for (let c = 0; c < line.length; c++) {
      const cell = line[c];
      if (cell === undefined || cell === null) continue;
      if (cell.f !== undefined && (cell.v === undefined || (cell.t === "e" && cell.v === undefined))) {
        problem ??= formulaProblem(r, c, String(cell.f));
        continue;
      }
      const v = cell.v;
      if (v === undefined || v === null) continue;
      let text: string;
      switch (cell.t) {
        case "n": {
          const format = typeof cell.z === "string" ? cell.z : "General";
          let isDate = dateFormats.get(format);
          if (isDate === undefined) dateFormats.set(format, (isDate = format !== "General" && XLSX.SSF.is_date(format) === true));
          if (isDate) text = isoOfSerial(v as number, date1904);
          else {
            text = excelNumberText(v as number);
            (serials ??= new Array<number | undefined>(line.length))[c] = v as number;
          }
          break;
        }
        case "d":
          text = (v as Date).toISOString().slice(0, 10);
          break;
        case "b":
          text = v ? "TRUE" : "FALSE";
          break;
        case "e":
          text = ERROR_TEXT[v as number] ?? "#ERROR";
          break;
        default:
          text = String(v);
      }
      cells[c] = text;
      if (text !== "") any = true;
    }
    if (!any && problem === undefined) continue;
    yield { row: r + 1, cells, serials, problem };
  }
}



/** `--sheet NAME|N` against the workbook's sheets; a usage error naming the sheets that exist. */
export function sheetByOption(wb: Workbook, option: string): SheetInfo {
  const byName = wb.sheets.find((s) => s.name === option) ?? wb.sheets.find((s) => s.name.trim().toLowerCase() === option.trim().toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(option)) {
    const n = Number(option);
    if (n >= 1 && n <= wb.sheets.length) return wb.sheets[n - 1]!;
  }
  const names = wb.sheets.map((s) => `${s.number}: ${s.name}${s.hidden ? " (hidden)" : ""}`).join(", ");
  throw new WorkbookError("no_sheet", `${wb.name}: --sheet ${option}: no such sheet (the workbook has ${names})`);
}

/** Rows looked at for a header when choosing the default sheet (as the readers look for one). */
export const HEADER_SEARCH_ROWS = 20;

/**
 * The sheet to read: `--sheet` when given, else the first visible sheet whose first 20 non-empty
 * rows hold a row that `isHeader` accepts, else the first visible sheet (else the first sheet).
 */
export function pickSheet(wb: Workbook, option: string | undefined, isHeader: (cells: string[]) => boolean): SheetInfo {
  if (option !== undefined) return sheetByOption(wb, option);
  const visible = wb.sheets.filter((s) => !s.hidden);
  for (const sheet of visible) {
    let seen = 0;
    for (const row of wb.rows(sheet)) {
      if (isHeader(row.cells)) return sheet;
      if (++seen >= HEADER_SEARCH_ROWS) break;
    }
  }
  return visible[0] ?? wb.sheets[0]!;
}

/** The cell at `k` as a date text: a plain number there is read as an Excel serial date. */
export function dateCellText(cells: string[], serials: (number | undefined)[] | undefined, k: number, date1904: boolean): string {
  const s = serials?.[k];
  return s !== undefined ? isoOfSerial(s, date1904) : (cells[k] ?? "");
}
