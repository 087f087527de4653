/**
 * The streaming fast path for `.xlsx`/`.xlsm` sheets (SPEC "Excel in and out": a 1M-row ledger
 * read from .xlsx in at most 3x the CSV time and at most 1 GiB).
 *
 * Why this exists: SheetJS (`@e965/xlsx`, still the reader for `.xls` and for anything this module
 * does not handle) parses the whole sheet into cell objects first: on the 1M-row bench workbook
 * (126.6 MB, 313 MB of sheet XML) `ar age` took 74.5 s and 2,037 MiB (reading alone 47 s, 1.9 GiB),
 * against ~2 s for the CSV. The fastest other Node reader measured, exceljs' streaming reader, still
 * needs 30 s for reading alone; none meets the target (README "Reading Excel"). So this module
 * inflates the chosen worksheet part in pieces and scans only what the reader needs: `<row r>`,
 * `<c r t s>`, `<v>`, `<is>` and `<f>`. For a deflated part in shared memory (a file, as
 * openWorkbook reads it) a worker thread inflates it with node's zlib and already scans the rows
 * whose cells are of a few plain shapes (xlsx-sheet-worker.ts), so that this thread only builds
 * their texts (`scannedRows`, with the checks `row` makes); every other row comes as XML to `row`.
 * Otherwise fflate inflates it here and `row` reads every row. The shared strings (1M of them took SheetJS
 * ~2 s) are scanned here too, as SheetJS's parse_sst_xml reads them (`sharedStrings`). Everything
 * else comes from SheetJS itself: the workbook's sheets and their visibility, the date system and
 * the number formats are read by SheetJS from a copy of the package without its worksheet and
 * shared-strings parts (small), so those rules are SheetJS's own.
 *
 * Contract: `rows()` yields exactly the rows the SheetJS path of workbook.ts yields (the same
 * texts, serials and problems; test/io/xlsx-stream.test.ts compares both on generated workbooks).
 * Where the cell semantics here mirror SheetJS 0.20.3's worksheet parser (parse_ws_xml_data, with
 * its XML unescaping and UTF-8 handling) they say so. Anything unexpected (no worksheet
 * relationship, a prefixed or strict-OOXML sheet, a sheet without a two-corner `<dimension>`, rows
 * out of order, a cell without `r`, date-typed `t="d"` cells, array or shared formulas without a
 * value, a shared-string index out of range) hands over to SheetJS: before the first row, for the
 * whole sheet; later, from the row where it happened on (`Unsupported`), which is exact because
 * rows come in ascending order.
 *
 * Memory: the file's bytes, the shared strings (unique strings) and a few inflated or scanned
 * pieces of the sheet (1 MiB each) with the rows built from them; never the whole sheet XML.
 */
import { Worker } from "node:worker_threads";
import { inflateRawSync } from "node:zlib";
import { Inflate, zipSync, type Zippable } from "fflate";
import * as XLSX from "@e965/xlsx";
import { sheetWorker, type SheetWorkerData } from "./xlsx-sheet-worker.js";

/** A sheet as the fast path reads it. */
export interface StreamSheet {
  name: string;
  hidden: boolean;
  /** The worksheet part, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
}

/** What the fast path found in the package: undefined from `openXlsxStream` when SheetJS must read it all. */
export interface XlsxPackage {
  sheets: StreamSheet[];
  date1904: boolean;
  strings: (string | undefined)[];
  /** Per cell style index (`s`): the number format is a date format. */
  dateStyles: boolean[];
  entries: Map<string, ZipEntry>;
  bytes: Uint8Array;
}

/** A row as workbook.ts gives it to the readers (WorkbookRow there). */
export interface StreamRow {
  row: number;
  cells: string[];
  serials: (number | undefined)[] | undefined;
  problem?: string;
}

/** Something the fast path does not read: SheetJS takes over after the last row given. */
export class Unsupported extends Error {}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  dataStart: number;
}

/** The zip's central directory; undefined for anything unusual (zip64, encrypted entries, other methods). */
function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 65_557); p--) {
    if (view.getUint32(p, true) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  if (count === 0xffff || p === 0xffffffff) return undefined;
  const entries = new Map<string, ZipEntry>();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return undefined;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8) || compressedSize === 0xffffffff || local === 0xffffffff) return undefined;
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + p + 46, nameLength).toString((flags & 0x800) !== 0 ? "utf8" : "latin1");
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) return undefined;
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (dataStart + compressedSize > bytes.length) return undefined;
    entries.set(name, { name, method, compressedSize, dataStart });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryBytes(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const raw = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
  return e.method === 0 ? raw : inflateRawSync(raw);
}

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;
const WORKSHEET_REL = /\/relationships\/worksheet$/;

/**
 * The package's sheets, date system and date styles, read by SheetJS from a copy without the
 * worksheet and shared-strings parts, and the shared strings; undefined when SheetJS should read the whole workbook instead.
 * SheetJS errors (a damaged part) are left to that full read, which reports them.
 */
export function openXlsxStream(bytes: Uint8Array, readOptions: XLSX.ParsingOptions): XlsxPackage | undefined {
  let entries: Map<string, ZipEntry> | undefined;
  let wb: XLSX.WorkBook & { Strings?: { t?: string }[]; Styles?: { CellXf?: { numFmtId?: number }[] }; SSF?: Record<number, string> };
  const parts: Zippable = {};
  let strings: (string | undefined)[] | undefined;
  try {
    entries = zipEntries(bytes);
    if (entries === undefined) return undefined;
    const sst = sharedStringsPart(entries, bytes);
    for (const e of entries.values()) if (!WORKSHEET_PART.test(e.name) && e.name !== sst) parts[e.name] = [entryBytes(bytes, e), { level: 0 }];
    wb = XLSX.read(zipSync(parts), { ...readOptions, type: "buffer", sheets: [] } as XLSX.ParsingOptions);
    if (sst !== undefined) strings = sharedStrings(entryBytes(bytes, entries.get(sst)!));
  } catch {
    return undefined;
  }
  if (strings === undefined) strings = (wb.Strings ?? []).map((s) => s?.t);
  const rels = relationships(parts["xl/_rels/workbook.xml.rels"]);
  const props = wb.Workbook?.Sheets ?? [];
  if (rels === undefined || wb.SheetNames.length === 0 || props.length !== wb.SheetNames.length) return undefined;
  const sheets: StreamSheet[] = [];
  for (let k = 0; k < wb.SheetNames.length; k++) {
    const rel = rels.get((props[k] as { id?: string }).id ?? "");
    if (rel === undefined || !WORKSHEET_REL.test(rel.type)) return undefined;
    // As SheetJS resolves a sheet's target (parse_zip).
    let part = `xl/${rel.target.replace(/[/]?xl\//, "")}`;
    if (!entries.has(part)) part = rel.target;
    if (!entries.has(part)) part = `xl/${rel.target}`;
    if (!entries.has(part)) return undefined;
    sheets.push({ name: wb.SheetNames[k]!, hidden: (props[k]?.Hidden ?? 0) !== 0, part });
  }
  const table = wb.SSF ?? {};
  const dateStyles = (Array.isArray(wb.Styles?.CellXf) ? wb.Styles.CellXf : []).map((xf) => {
    const format = table[xf?.numFmtId ?? 0];
    return typeof format === "string" && format !== "General" && XLSX.SSF.is_date(format) === true;
  });
  return {
    sheets,
    date1904: wb.Workbook?.WBProps?.date1904 === true,
    strings,
    dateStyles,
    entries,
    bytes,
  };
}

const SST_TYPES = /application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sharedStrings\+xml|application\/vnd\.ms-excel\.sharedStrings/g;

/**
 * The shared-strings part SheetJS would read (the `[Content_Types].xml` override of that type),
 * when it is plainly one XML part of the package; undefined leaves the shared strings to SheetJS.
 */
function sharedStringsPart(entries: Map<string, ZipEntry>, bytes: Uint8Array): string | undefined {
  const types = entries.get("[Content_Types].xml");
  if (types === undefined) return undefined;
  const xml = Buffer.from(entryBytes(bytes, types)).toString("latin1");
  if ((xml.match(SST_TYPES) ?? []).length !== 1) return undefined;
  for (const m of xml.matchAll(/<Override\b([^>]*)>/g)) {
    if (!/\sContentType="application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sharedStrings\+xml"/.test(m[1]!)) continue;
    const name = /\sPartName="\/([^"&]*\.xml)"/.exec(m[1]!)?.[1];
    return name !== undefined && entries.has(name) ? name : undefined;
  }
  return undefined;
}

/**
 * The texts of a shared-strings part as SheetJS 0.20.3's parse_sst_xml gives them (`Strings[k].t`):
 * the part as a binary string; inside the first `<sst ...>`...`</sst>`, every `<si>` (no
 * attributes) dropped and the rest split at `</si>`; each piece trimmed and read by parse_si
 * (stringItem here), the piece after the last `</si>` too (usually "", one entry more than the
 * count). The common item, `<si><t>text</t></si>` or with `xml:space="preserve"`, is read by a
 * tight scan; any other piece goes through the exact rule.
 */
export function sharedStrings(data: Uint8Array): (string | undefined)[] {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[1] === 0xfe && data[2] === 0xff)) throw new Unsupported("a UTF-16 shared-strings part");
  const s = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  const open = /<(?:\w+:)?sst\b[^<>]*>/g.exec(s);
  if (!open) return [];
  const close = /<\/(?:\w+:)?sst>/g;
  close.lastIndex = open.index + open[0].length;
  const end = close.exec(s);
  if (!end) return [];
  const from = open.index + open[0].length;
  const to = end.index;
  const out: (string | undefined)[] = [];
  const within = (what: string): boolean => {
    const at = s.indexOf(what, from);
    return at >= 0 && at < to;
  };
  if (within("sstItem") || within(":si>")) {
    // Prefixed or old-style items: the exact rule throughout.
    for (const piece of s.slice(from, to).replace(/<(?:\w+:)?(?:si|sstItem)>/g, "").split(/<\/(?:\w+:)?(?:si|sstItem)>/)) out.push(stringItem(piece.trim()));
    return out;
  }
  let p = from;
  for (;;) {
    let q = s.indexOf("</si>", p);
    if (q < 0 || q > to) q = to;
    // The common item: optional whitespace, <si><t> (or <t xml:space="preserve">), text, </t></si>.
    let k = p;
    while (k < q && s.charCodeAt(k) <= 32) k++;
    let text: string | undefined;
    if (s.startsWith("<si><t>", k)) k += 7;
    else if (s.startsWith('<si><t xml:space="preserve">', k)) k += 28;
    else k = -1;
    if (k >= 0) {
      const lt = s.indexOf("<", k);
      if (lt >= 0 && lt < q && s.startsWith("</t>", lt)) {
        let plain = true;
        for (let i = k; i < lt; i++) {
          const ch = s.charCodeAt(i);
          if (ch > 0x7f || ch === 38 || ch === 95 || ch === 13) {
            plain = false;
            break;
          }
        }
        const raw = s.slice(k, lt);
        text = plain ? raw : unescapeXml(utf8(raw), true);
      } else k = -1;
    }
    if (k < 0) text = stringItem(s.slice(p, q).replace(/<(?:\w+:)?(?:si|sstItem)>/g, "").trim());
    out.push(text);
    if (q >= to) break;
    p = q + 5;
  }
  return out;
}

/** The workbook's relationships by id (Type, Target), or undefined when they cannot be read plainly. */
function relationships(part: Zippable[string] | undefined): Map<string, { type: string; target: string }> | undefined {
  if (part === undefined) return undefined;
  const xml = Buffer.from((part as [Uint8Array, unknown])[0]).toString("utf8");
  const rels = new Map<string, { type: string; target: string }>();
  for (const m of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attr = (name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(m[1]!)?.[1];
    const id = attr("Id");
    const type = attr("Type");
    const target = attr("Target");
    if (id === undefined || type === undefined || target === undefined || target.includes("&")) return undefined;
    rels.set(id, { type, target });
  }
  return rels;
}

// ---------------------------------------------------------------------------------------------
// Text as SheetJS 0.20.3 decodes it: the sheet XML is a "binary" (latin1) string, UTF-8 decoded
// per value (utf8read), and unescaped with its unescapexml (entities, &#...; as UTF-16 code
// units, _xHHHH_ escapes, CDATA).

const ENTITIES: Record<string, string> = { "&quot;": '"', "&apos;": "'", "&gt;": ">", "&lt;": "<", "&amp;": "&" };
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE = /_x([\da-fA-F]{4})_/gi;

function rawUnescape(s: string): string {
  const i = s.indexOf("<![CDATA[");
  if (i === -1) {
    return s
      .replace(ENTITY, (all: string, code: string | undefined) => ENTITIES[all] || String.fromCharCode(parseInt(code as string, all.indexOf("x") > -1 ? 16 : 10)) || all)
      .replace(CODE, (_m: string, c: string) => String.fromCharCode(parseInt(c, 16)));
  }
  const j = s.indexOf("]]>");
  return rawUnescape(s.slice(0, i)) + s.slice(i + 9, j) + rawUnescape(s.slice(j + 3));
}

/** SheetJS's unescapexml; `xlsx` also turns CRLF into LF. */
export function unescapeXml(s: string, xlsx = false): string {
  const out = s.indexOf("&") < 0 && s.indexOf("_") < 0 && s.indexOf("<") < 0 ? s : rawUnescape(s);
  return xlsx && out.indexOf("\r") >= 0 ? out.replace(/\r\n/g, "\n") : out;
}

/** SheetJS's utf8read on a binary string: its bytes as UTF-8. */
function utf8(s: string): string {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return Buffer.from(s, "latin1").toString("utf8");
  return s;
}

const TAG = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;

/** SheetJS's parse_si (the text of a string item: one `<t>`, or the `<t>` of its rich-text runs without phonetic `<rPh>`). */
function stringItem(x: string): string | undefined {
  if (!x) return "";
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) return unescapeXml(utf8(x.slice(x.indexOf(">") + 1).split(/<\/(?:\w+:)?t>/)[0] || ""), true);
  if (/<(?:\w+:)?r\b[^<>]*>/.test(x)) {
    const open = /<(?:\w+:)?rPh\b[^<>]*>/g;
    const close = /<\/(?:\w+:)?rPh>/g;
    let out = "";
    let from = 0;
    for (let m = open.exec(x); m; m = open.exec(x)) {
      out += x.slice(from, m.index);
      close.lastIndex = open.lastIndex;
      if (!close.exec(x)) throw new Unsupported("an unclosed phonetic run");
      from = open.lastIndex = close.lastIndex;
    }
    out += x.slice(from);
    return unescapeXml(utf8((out.match(/<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g) || []).join("").replace(TAG, "")), true);
  }
  return undefined;
}

/** SheetJS's str_match_xml_ns: the text inside the first `<tag ...>` ... `</tag>`, or undefined. */
function element(s: string, tag: string): string | undefined {
  const open = new RegExp(`<(?:\\w+:)?${tag}\\b[^<>]*>`, "g");
  const m = open.exec(s);
  if (!m) return undefined;
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, "g");
  close.lastIndex = open.lastIndex;
  const e = close.exec(s);
  return e ? s.slice(open.lastIndex, e.index) : undefined;
}

const ERROR_CODES: Record<string, number> = { "#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0f, "#REF!": 0x17, "#NAME?": 0x1d, "#NUM!": 0x24, "#N/A": 0x2a, "#GETTING_DATA": 0x2b, "#WTF?": 0xff };

// ---------------------------------------------------------------------------------------------
// The sheet

/** How workbook.ts writes a cell: the same functions for both paths. */
export interface CellWriter {
  numberText(n: number): string;
  dateText(serial: number): string;
  errorText(code: number): string;
  /** The problem of a formula without a stored value at (0-based row, column). */
  formulaProblem(r: number, c: number, formula: string): string;
}

const CHUNK = 1 << 16;
const ROW_END = "</row>";

/**
 * The rows of `sheet`, in order, as workbook.ts's SheetJS path gives them. Throws `Unsupported`
 * (with the row to resume SheetJS from) where the sheet holds what is not read here.
 */
export function* streamSheetRows(pkg: XlsxPackage, sheet: StreamSheet, out: CellWriter, onScanned?: (rows: number) => void): Generator<StreamRow> {
  const entry = pkg.entries.get(sheet.part)!;
  const compressed = pkg.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const source = (entry.method === 8 && workerInflater(compressed)) || inThreadInflater(compressed, entry.method === 8);
  const parser = new SheetParser(pkg, out);
  let text = "";
  try {
    for (let done = false; !done; ) {
      const piece = source.next();
      if (piece === undefined) done = true;
      else if (typeof piece !== "string") {
        // The worker sends the head up to <sheetData ...> before any scanned rows, and rows whole.
        if (!parser.started && parser.head(text, false) !== text.length) throw new Unsupported("scanned rows without the sheet's head");
        if (parser.started && !/^(?:\s*<row\b[^<>]*\/>)*\s*$/.test(text)) throw new Unsupported("scanned rows after part of a row");
        text = "";
        const before = parser.scanned;
        const rows = parser.scannedRows(piece);
        onScanned?.(parser.scanned - before);
        yield* rows;
        continue;
      } else text += piece;
      let start = 0;
      if (!parser.started) {
        start = parser.head(text, done);
        if (start < 0) continue; // the head is not complete yet
      }
      const last = text.lastIndexOf(ROW_END);
      if (last >= start) {
        const rows = parser.rows(text, start, last + ROW_END.length);
        text = text.slice(last + ROW_END.length);
        yield* rows;
      } else if (start > 0) text = text.slice(start);
    }
    parser.finish(text);
  } finally {
    source.close();
  }
}

/** The inflated worksheet part, piece by piece as latin1 ("binary") strings or rows already scanned; undefined at its end. */
interface PieceSource {
  next(): string | ScannedRows | undefined;
  close(): void;
}

function latin1(data: Uint8Array, from = 0, to = data.byteLength): string {
  return Buffer.from(data.buffer, data.byteOffset + from, to - from).toString("latin1");
}

/** fflate in this thread, 64 KiB of the entry at a time. */
function inThreadInflater(compressed: Uint8Array, deflated: boolean): PieceSource {
  const pieces: string[] = [];
  const inflater = deflated ? new Inflate((data) => pieces.push(latin1(data))) : undefined;
  let offset = 0;
  return {
    next() {
      while (pieces.length === 0 && offset < compressed.length) {
        const end = Math.min(offset + CHUNK, compressed.length);
        if (inflater) inflater.push(compressed.subarray(offset, end), end === compressed.length);
        else pieces.push(latin1(compressed, offset, end));
        offset = end;
      }
      if (pieces.length === 0) return undefined;
      const text = pieces.join("");
      pieces.length = 0;
      return text;
    },
    close() {},
  };
}

const SLOTS = 4;
const SLOT_SIZE = 1 << 20;
const AREA_SIZE = 1 << 18;

/** Rows the worker has already scanned (xlsx-sheet-worker.ts): its Int32 records and text area. */
interface ScannedRows {
  ints: Int32Array;
  area: string;
}

/**
 * The kinds of cell in a ScannedRows record, as xlsx-sheet-worker.ts writes them: EMPTY a
 * self-closed cell without a type; SHARED `t="s"` with the index in `a`; INT a plain whole number
 * (no type or `t="n"`) with its value in `a`; NUMBER any other `<v>` of such a cell, its text at
 * area[a, b); TEXT_ONCE a `t="str"` value without `&` or `_`, or the `<t>` of a plain inline
 * string; TEXT_TWICE a `t="str"` value with `&` or `_` (SheetJS unescapes those twice).
 */
const CELL_KINDS = { EMPTY: 0, SHARED: 1, INT: 2, NUMBER: 3, TEXT_ONCE: 4, TEXT_TWICE: 5 } as const;

/**
 * Node's native zlib in a worker thread, which also scans the plain rows (xlsx-sheet-worker.ts),
 * handing pieces over through shared memory (the reader is synchronous, node:zlib streams only
 * asynchronously): inflating takes ~3 s of fflate in this thread for the 1M-row sheet, and the
 * scan ~1.8 s, and a second core does both alongside the reader. Only for bytes in shared memory
 * (openWorkbook reads files so); undefined when that or the worker is not available.
 */
function workerInflater(compressed: Uint8Array): PieceSource | undefined {
  if (!(compressed.buffer instanceof SharedArrayBuffer)) return undefined;
  const header = 4 + 3 * SLOTS;
  const ring = new SharedArrayBuffer(4 * header + SLOTS * SLOT_SIZE);
  const control = new Int32Array(ring, 0, header);
  const slots = new Uint8Array(ring, 4 * header);
  let worker: Worker;
  try {
    const workerData: SheetWorkerData = { input: compressed.buffer, start: compressed.byteOffset, length: compressed.byteLength, ring, slots: SLOTS, slotSize: SLOT_SIZE, areaSize: AREA_SIZE };
    worker = new Worker(`(${String(sheetWorker)})(require("node:worker_threads").workerData, require("node:zlib"));`, { eval: true, workerData });
  } catch {
    return undefined;
  }
  worker.unref();
  let read = 0;
  return {
    next() {
      for (;;) {
        const written = Atomics.load(control, 0);
        if (read < written) {
          const slot = read % SLOTS;
          const size = Atomics.load(control, 4 + slot);
          const base = slot * SLOT_SIZE;
          let piece: string | ScannedRows;
          // Kind 0: sheet XML; 1: scanned rows (RAW and ROWS in the worker).
          if (Atomics.load(control, 4 + 2 * SLOTS + slot) === 0) piece = latin1(slots, base, base + size);
          else {
            const areaStart = base + SLOT_SIZE - AREA_SIZE;
            piece = { ints: new Int32Array(ring, 4 * header + base, size).slice(), area: latin1(slots, areaStart, areaStart + Atomics.load(control, 4 + SLOTS + slot)) };
          }
          Atomics.store(control, 1, ++read);
          Atomics.notify(control, 1);
          return piece;
        }
        if (Atomics.load(control, 3) !== 0) throw new Unsupported("the worksheet does not inflate");
        if (Atomics.load(control, 2) !== 0 && Atomics.load(control, 0) === read) return undefined;
        Atomics.wait(control, 0, written, 50);
      }
    },
    close() {
      void worker.terminate();
    },
  };
}

class SheetParser {
  started = false;
  /** Rows read from the worker's records (not from XML). */
  scanned = 0;
  private width = 0;
  private lastRow = 0;
  private readonly strings: (string | undefined)[];
  private readonly dateStyles: boolean[];
  private readonly dates = new Map<number, string>();

  constructor(
    pkg: XlsxPackage,
    private readonly out: CellWriter,
  ) {
    this.strings = pkg.strings;
    this.dateStyles = pkg.dateStyles;
  }

  /** Reads the part before `<sheetData>`: the root's namespace and the used range. The offset of the rows, or -1 to wait for more. */
  head(text: string, done: boolean): number {
    const open = /<sheetData\b[^<>]*>/.exec(text);
    if (!open) {
      if (!done) return -1;
      throw new Unsupported("no sheetData");
    }
    const before = text.slice(0, open.index);
    if (!/<worksheet\s[^>]*xmlns="http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main"/.test(before)) throw new Unsupported("not a transitional worksheet");
    // As SheetJS: the first `"X:Y"` within 50 characters of `<dimension` is the used range.
    const d = before.indexOf("<dimension");
    const ref = d > 0 ? /"(\w*:\w*)"/.exec(before.slice(d, d + 50)) : null;
    const range = ref ? /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/.exec(ref[1]!) : null;
    if (!range || Number(range[2]) > Number(range[4]) || columnOf(range[1]!) > columnOf(range[3]!) || Number(range[2]) < 1) throw new Unsupported("no used range");
    this.width = columnOf(range[3]!) + 1;
    this.started = true;
    return open.index + open[0].length;
  }

  finish(rest: string): void {
    if (!this.started) throw new Unsupported("no sheetData");
    // After the last </row>: only empty rows (<row .../>) and the end of the sheet.
    const stray = rest.indexOf("<c");
    if (stray >= 0 && rest.indexOf("</sheetData>") > stray) throw new Unsupported("an unclosed row");
  }

  /** The rows between `start` and `end` (which ends with `</row>`). */
  rows(s: string, start: number, end: number): StreamRow[] {
    const rows: StreamRow[] = [];
    let p = start;
    for (;;) {
      const open = s.indexOf("<row", p);
      if (open < 0 || open >= end) break;
      const tagEnd = s.indexOf(">", open);
      p = tagEnd + 1;
      if (s.charCodeAt(tagEnd - 1) === 47) continue; // <row .../>: no cells
      // Usually `<row r="123"`: read in place; else as the regex says.
      let n = s.startsWith('<row r="', open) ? digitsAt(s, open + 8, s.indexOf('"', open + 8)) : -1;
      if (n < 0) {
        const r = /\sr="(\d+)"/.exec(s.slice(open, tagEnd));
        n = r ? parseInt(r[1]!, 10) : NaN;
      }
      if (!(n > this.lastRow)) throw new Unsupported("a row without a number, or out of order");
      const row = this.row(s, tagEnd + 1, end, n);
      this.lastRow = n;
      if (row) rows.push(row);
      p = this.rowEnd + ROW_END.length;
    }
    return rows;
  }

  /**
   * The rows the worker scanned (xlsx-sheet-worker.ts), with the decisions row() takes for those
   * cell shapes, in the same order: the same checks, the same texts. A row the worker left as XML
   * goes through rows().
   */
  scannedRows(piece: ScannedRows): StreamRow[] {
    const { ints, area } = piece;
    const rows: StreamRow[] = [];
    for (let i = 0; i < ints.length; ) {
      const n = ints[i++]!;
      if (n < 0) {
        const xml = area.slice(ints[i]!, ints[i + 1]!);
        i += 2;
        for (const row of this.rows(xml, 0, xml.length)) rows.push(row);
        continue;
      }
      if (!(n > this.lastRow)) throw new Unsupported("a row without a number, or out of order");
      this.scanned++;
      const count = ints[i++]!;
      const cells: string[] = new Array<string>(this.width).fill("");
      let serials: (number | undefined)[] | undefined;
      let any = false;
      let width = 0;
      for (let k = 0; k < count; k++, i += 4) {
        const col = ints[i]!;
        const kind = ints[i + 1]! & 7;
        const style = (ints[i + 1]! >> 3) - 1;
        const a = ints[i + 2]!;
        if (col < width) throw new Unsupported("cells out of order");
        let text: string | undefined;
        let number: number | undefined;
        let v: string | undefined;
        switch (kind) {
          case CELL_KINDS.EMPTY:
            continue;
          case CELL_KINDS.SHARED:
            if (!(a < this.strings.length)) throw new Unsupported("a shared string index out of range or not plain");
            text = this.strings[a];
            break;
          case CELL_KINDS.INT:
            number = a;
            break;
          case CELL_KINDS.NUMBER:
            v = area.slice(a, ints[i + 3]!);
            number = parseFloat(v);
            break;
          case CELL_KINDS.TEXT_ONCE:
            text = unescapeXml(utf8(area.slice(a, ints[i + 3]!)), true);
            break;
          default:
            text = unescapeXml(utf8(unescapeXml(area.slice(a, ints[i + 3]!))), true);
        }
        width = col + 1;
        while (cells.length < width) cells.push("");
        if (number !== undefined) {
          if (style >= 0 && this.dateStyles[style] === true) text = this.date(number);
          else {
            text = v === undefined ? String(number) : isNumberAsShown(v) ? v : this.out.numberText(number);
            (serials ??= [])[col] = number;
          }
        }
        if (text === undefined) continue;
        cells[col] = text;
        if (text !== "") any = true;
      }
      this.lastRow = n;
      if (!any) continue;
      if (serials !== undefined) serials.length = width;
      rows.push({ row: n, cells, serials, problem: undefined });
    }
    return rows;
  }

  /** Where the row row() read last ends (its `</row>`). */
  private rowEnd = 0;

  /**
   * The row whose cells start at `from`; its end (the first `</row>` from there, which `end`
   * follows) is found on the way: after a plain cell, `</row>` or another `<c` must follow, and
   * anything else (or a cell that is not plain) makes it look the end up first, so that every
   * bound below is the row's own.
   */
  private row(s: string, from: number, end: number, n: number): StreamRow | undefined {
    let to = end;
    let exact = false; // `to` is the row's end
    // The cells as SheetJS places them (by column), then workbook.ts's loop over them, in one pass:
    // columns must ascend (else SheetJS's overwriting is not mirrored here).
    const cells: string[] = new Array<string>(this.width).fill("");
    let serials: (number | undefined)[] | undefined;
    let problem: string | undefined;
    let any = false;
    let width = 0; // SheetJS's row length: the last placed column + 1
    let p = from;
    for (;;) {
      if (!exact) {
        if (s.charCodeAt(p) === 60 && s.charCodeAt(p + 1) === 47 && s.startsWith(ROW_END, p)) {
          to = p;
          exact = true;
          break;
        }
        if (s.charCodeAt(p) !== 60 || s.charCodeAt(p + 1) !== 99) {
          to = s.indexOf(ROW_END, from);
          exact = true;
        }
      }
      const c = s.indexOf("<c", p);
      if (c < 0 || c >= to) break;
      const next = s.charCodeAt(c + 2);
      if (next !== 32 && next !== 47 && next !== 62) {
        p = c + 2;
        continue;
      }
      // The tag's attributes r, t and s (name="value"; anything else is not read here).
      let col = -1;
      let t: string | undefined;
      let style = -1;
      let i = c + 2;
      let tagEnd: number;
      let selfClosing = false;
      for (;;) {
        let ch = s.charCodeAt(i);
        while (ch <= 32 && i < to) ch = s.charCodeAt(++i);
        if (ch === 62) {
          tagEnd = i;
          break;
        }
        if (ch === 47 && s.charCodeAt(i + 1) === 62) {
          tagEnd = i + 1;
          selfClosing = true;
          break;
        }
        const nameStart = i;
        while (ch !== 61 && ch > 32 && ch !== 62 && ch !== 47 && ch !== 39 && ch !== 34) ch = s.charCodeAt(++i);
        if (ch !== 61 || s.charCodeAt(i + 1) !== 34) throw new Unsupported("a cell tag out of shape");
        const valueStart = i + 2;
        let q = valueStart;
        for (let ch = s.charCodeAt(q); ch !== 34 && q < to; ch = s.charCodeAt(++q)) {
          if (ch === 60 && !exact) {
            to = s.indexOf(ROW_END, from);
            exact = true;
          }
        }
        if (q >= to) throw new Unsupported("a cell tag out of shape");
        if (i - nameStart === 1) {
          const name = s.charCodeAt(nameStart);
          if (name === 114) col = this.place(s, valueStart, q, n);
          else if (name === 116) t = q === valueStart + 1 && s.charCodeAt(valueStart) === 115 ? "s" : s.slice(valueStart, q);
          else if (name === 115) style = digitsAt(s, valueStart, q);
        }
        i = q + 1;
      }
      if (col < 0) throw new Unsupported("a cell without its place");
      if (col < width) throw new Unsupported("cells out of order");
      // The content: usually exactly <v>...</v>.
      let v: string | undefined;
      let body = "";
      let e = tagEnd + 4;
      let escaped = false; // the value holds & or _ (what unescapeXml may change)
      let stringIndex = -2; // the shared string's index, when read in place
      if (!selfClosing && s.charCodeAt(tagEnd + 1) === 60 && s.charCodeAt(tagEnd + 2) === 118 && s.charCodeAt(tagEnd + 3) === 62) {
        for (let ch = s.charCodeAt(e); e < to && ch !== 60; ch = s.charCodeAt(++e)) if (ch === 38 || ch === 95) escaped = true;
      }
      if (selfClosing) p = tagEnd + 1;
      else if (e < to && e > tagEnd + 4 && s.charCodeAt(e + 1) === 47 && s.charCodeAt(e + 2) === 118 && s.charCodeAt(e + 3) === 62 && s.charCodeAt(e + 4) === 60 && s.charCodeAt(e + 5) === 47 && s.charCodeAt(e + 6) === 99 && s.charCodeAt(e + 7) === 62) {
        // <v>...</v></c>
        if (t === "s" && !escaped) {
          stringIndex = digitsAt(s, tagEnd + 4, e);
          v = "";
        } else v = escaped ? unescapeXml(s.slice(tagEnd + 4, e)) : s.slice(tagEnd + 4, e);
        p = e + 8;
      } else {
        if (!exact) {
          to = s.indexOf(ROW_END, from);
          exact = true;
        }
        const close = s.indexOf("</c>", tagEnd);
        if (close < 0 || close > to) throw new Unsupported("an unclosed cell");
        body = s.slice(tagEnd + 1, close);
        p = close + 4;
        v = element(body, "v");
        v = v === undefined || v === "" ? undefined : unescapeXml(v);
      }
      const hasFormula = body.indexOf("<f") >= 0;
      let text: string | undefined; // undefined: placed without a value (no text)
      let number: number | undefined;
      if (t === undefined && v === undefined) {
        // SheetJS gives such a cell (a formula without a value, too) the value 0, which its check
        // for an empty number (0 == "") then drops.
        continue;
      } else if (t === undefined || t === "n") {
        if (v === undefined) continue;
        number = parseFloat(v);
      } else if (t === "s") {
        if (v === undefined) continue;
        const k = stringIndex !== -2 ? stringIndex : digitsAt(v, 0, v.length);
        if (!(k >= 0 && k < this.strings.length)) throw new Unsupported("a shared string index out of range or not plain");
        text = this.strings[k];
        if (text === undefined && hasFormula) problem ??= this.out.formulaProblem(n - 1, col, this.formula(body));
      } else if (t === "str") {
        text = v === undefined ? "" : unescapeXml(utf8(v), true);
      } else if (t === "inlineStr") {
        const is = element(body, "is");
        text = is === undefined ? "" : stringItem(is);
        if (text === undefined && hasFormula) problem ??= this.out.formulaProblem(n - 1, col, this.formula(body));
      } else if (t === "b") {
        text = v === "1" || v === "true" ? "TRUE" : "FALSE";
      } else if (t === "e") {
        const code = v === undefined ? undefined : ERROR_CODES[v];
        if (code !== undefined) text = this.out.errorText(code);
        else if (hasFormula) problem ??= this.out.formulaProblem(n - 1, col, this.formula(body));
      } else throw new Unsupported(`cells of type ${t}`);
      width = col + 1;
      while (cells.length < width) cells.push("");
      if (number !== undefined) {
        if (style >= 0 && this.dateStyles[style] === true) text = this.date(number);
        else {
          // The value as written is usually already the text Excel shows (and excelNumberText gives).
          text = isNumberAsShown(v!) ? v! : this.out.numberText(number);
          (serials ??= [])[col] = number;
        }
      }
      if (text === undefined) continue;
      cells[col] = text;
      if (text !== "") any = true;
    }
    this.rowEnd = to;
    if (!any && problem === undefined) return undefined;
    if (serials !== undefined) serials.length = width;
    return { row: n, cells, serials, problem };
  }

  /** The column of a cell reference `s[from, to)` in row `n`. */
  private place(s: string, from: number, to: number, n: number): number {
    let col = 0;
    let k = from;
    for (; k < to; k++) {
      const ch = s.charCodeAt(k);
      if (ch < 65 || ch > 90) break;
      col = col * 26 + ch - 64;
    }
    if (k === from || k - from > 3 || digitsAt(s, k, to) !== n) throw new Unsupported("a cell reference out of its row");
    return col - 1;
  }

  /** A date cell's text; whole serials (nearly all) from a cache. A fraction goes to dateText as it is: outside Excel's dates the text is the number itself, not its day's. */
  private date(serial: number): string {
    if (!Number.isInteger(serial)) return this.out.dateText(serial);
    let text = this.dates.get(serial);
    if (text === undefined) this.dates.set(serial, (text = this.out.dateText(serial)));
    return text;
  }

  /** The formula of a cell as SheetJS gives it, where that is a plain `<f>text</f>`. */
  private formula(body: string): string {
    const open = /<(?:\w+:)?f\b([^<>]*)>/.exec(body);
    const text = element(body, "f");
    if (!open || open[1]!.endsWith("/") || text === undefined || text === "" || /t="array"/.test(open[1]!)) throw new Unsupported("a shared or array formula without a value");
    return unescapeXml(utf8(text), true).replace(/_xlfn\./g, "");
  }
}

/**
 * Whether `v` is a number written as JavaScript's shortest round-trip text writes it (String(n)
 * of n = parseFloat(v)), in at most 15 characters and without exponent: then it is also what
 * excelNumberText(n) gives (no rounding to 15 digits changes it). Plain decimals only: an optional
 * minus, no leading zeros, no trailing zeros after the point, no "-0", at least 1e-6 in magnitude.
 */
export function isNumberAsShown(v: string): boolean {
  const len = v.length;
  if (len === 0 || len > 15) return false;
  let k = v.charCodeAt(0) === 45 ? 1 : 0;
  if (k === len) return false;
  if (v.charCodeAt(k) === 48) {
    if (k + 1 === len) return k === 0; // "0", not "-0"
    if (v.charCodeAt(k + 1) !== 46) return false;
    // 0.000000d... is written 1e-7 by String.
    let zeros = 0;
    for (let i = k + 2; i < len && v.charCodeAt(i) === 48; i++) zeros++;
    if (zeros > 5) return false;
    k += 1;
  } else {
    const start = k;
    for (; k < len; k++) {
      const ch = v.charCodeAt(k);
      if (ch < 48 || ch > 57) break;
    }
    if (k === start) return false;
    if (k === len) return true;
  }
  if (v.charCodeAt(k) !== 46 || k + 1 === len || v.charCodeAt(len - 1) === 48) return false;
  for (k++; k < len; k++) {
    const ch = v.charCodeAt(k);
    if (ch < 48 || ch > 57) return false;
  }
  return true;
}

/** The decimal number written in `s[from, to)`, or -1 when that is not plain digits. */
function digitsAt(s: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function columnOf(letters: string): number {
  let c = 0;
  for (let k = 0; k < letters.length; k++) c = c * 26 + letters.charCodeAt(k) - 64;
  return c - 1;
}
