/**
 * The xlsx rendering of the table model (io/table/model.ts), SPEC "Excel in and out": the report's
 * sheet(s), then `About`.
 *
 * - A sheet is a clean table for Excel's filters: row 1 the headers (bold, frozen, with an
 *   autofilter over the whole table), then CSV's rows and columns (the terminal's share rows and
 *   short columns left out), total and subtotal rows bold. Titles, parameters and notes go to
 *   About, so nothing but the table sits on the sheet.
 * - Cells are typed: money is a number formatted `#,##0.00` with the value CSV writes (rounded
 *   once, half-up, to cents), or text when it has more than 15 significant digits, which Excel
 *   cannot hold (listed in About); dates are date cells (`yyyy-mm-dd`); ratios and percents are
 *   fractions with a percent format; ints and days are numbers; words are the people's words.
 * - Columns are as wide as their widest cell as the terminal shows it, CJK counted double.
 * - Tables with the same columns and sheet name share one sheet (a statement per customer is one
 *   filterable list); others get a sheet each.
 * - Same inputs, same bytes: no clock is read; the ZIP entries and docProps carry as-of.
 *
 * The OOXML is written here rather than by a library: SheetJS CE (our reader) writes no bold and
 * no frozen panes, and exceljs took 5 s for a 20,000-customer aging with ZIP times from the clock
 * (README "Rules decided").
 */
import { isoDate, ymdOf, type Day } from "../../engine/dates.js";
import { Decimal, unitsString } from "../../engine/money.js";
import type { Lang } from "../i18n.js";
import { columnsFor, type Cell, type Line, type Table } from "../table/model.js";
import { cellText } from "./table.js";
import { displayWidth } from "./width.js";
import { zipDeterministic, type ZipEntry } from "./zip.js";

export interface XlsxInput {
  /** As named on the command line (`-` for standard input). */
  name: string;
  /** Hex SHA-256 of the bytes read, or null when they could not be hashed. */
  sha256: string | null;
  bytes: number | null;
}

/** What the About sheet says besides the tables' titles and notes. */
export interface XlsxAbout {
  commandLine: string;
  asOf: Day;
  version: string;
  inputs: readonly XlsxInput[];
  /** Rejected rows: `FILE:LINE` or `FILE:SHEET!ROW`, and the reason. */
  rejected: readonly { place: string; reason: string }[];
  lang: Lang;
}

/** A report larger than a sheet (1,048,576 rows): the command says to use CSV. */
export class XlsxLimitError extends Error {}

/** Rows on one sheet, the header included (Excel's limit). */
export const MAX_SHEET_ROWS = 1_048_576;

const ABOUT_WORDS = {
  en: { about: "About", command: "Command", asOf: "As of", version: "Version", inputs: "Input file", sha: "SHA-256", bytes: "Bytes", rejected: "Rejected row", reason: "Reason", none: "none", sheet: "Sheet", asText: "Amounts written as text (more than 15 significant digits, which Excel cannot hold)", cell: "Cell", value: "Value", stdin: "(not hashed)" },
  zh: { about: "About", command: "命令", asOf: "截至日", version: "版本", inputs: "输入文件", sha: "SHA-256", bytes: "字节", rejected: "被拒绝的行", reason: "原因", none: "无", sheet: "工作表", asText: "以文本写出的金额（超过 15 位有效数字，Excel 无法精确保存）", cell: "单元格", value: "值", stdin: "（未计算）" },
} as const;

// ---------------------------------------------------------------------------------------------
// Styles: a number format and bold or not, registered as cells ask for them.

const FMT_GENERAL = 0;
const FMT_MONEY = 4; // built in: #,##0.00
const FMT_PERCENT_0 = 9; // 0%
const FMT_PERCENT_2 = 10; // 0.00%

class Styles {
  private readonly custom = new Map<string, number>();
  private readonly xfs = new Map<string, number>([["0|0", 0]]);
  private readonly list: { fmt: number; bold: boolean }[] = [{ fmt: 0, bold: false }];

  format(code: string): number {
    let id = this.custom.get(code);
    if (id === undefined) this.custom.set(code, (id = 164 + this.custom.size));
    return id;
  }

  xf(fmt: number, bold: boolean): number {
    const key = `${fmt}|${bold ? 1 : 0}`;
    let k = this.xfs.get(key);
    if (k === undefined) {
      this.xfs.set(key, (k = this.list.length));
      this.list.push({ fmt, bold });
    }
    return k;
  }

  xml(): string {
    const fmts = [...this.custom].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code, true)}"/>`);
    const font = (bold: boolean) => `<font>${bold ? "<b/>" : ""}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
    const xfs = this.list.map((x) => `<xf numFmtId="${x.fmt}" fontId="${x.bold ? 1 : 0}" fillId="0" borderId="0" xfId="0"${x.fmt !== 0 ? ' applyNumberFormat="1"' : ""}${x.bold ? ' applyFont="1"' : ""}/>`);
    return (
      XML_HEAD +
      `<styleSheet xmlns="${NS_MAIN}">` +
      (fmts.length > 0 ? `<numFmts count="${fmts.length}">${fmts.join("")}</numFmts>` : "") +
      `<fonts count="2">${font(false)}${font(true)}</fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `</styleSheet>`
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Text

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

/**
 * Text as XML character data. Characters XML 1.0 cannot carry (controls) are written `_xHHHH_`
 * as OOXML says (and a literal `_xHHHH_` escaped so that it reads back as itself); a lone
 * surrogate becomes U+FFFD.
 */
function escapeXml(s: string, attribute = false): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x26) out += "&amp;";
    else if (ch === 0x3c) out += "&lt;";
    else if (ch === 0x3e) out += "&gt;";
    else if (ch === 0x22 && attribute) out += "&quot;";
    else if ((ch < 0x20 && ch !== 0x09 && ch !== 0x0a && ch !== 0x0d) || ch === 0xfffe || ch === 0xffff) out += `_x${ch.toString(16).toUpperCase().padStart(4, "0")}_`;
    else if (ch === 0x5f && /^_x[0-9a-fA-F]{4}_/.test(s.slice(i, i + 7))) out += "_x005F_";
    else if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (ch >= 0xd800 && ch <= 0xdfff) out += "\ufffd";
    else out += s[i]!;
  }
  return out;
}

function columnName(k: number): string {
  let s = "";
  for (let n = k + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function lineText(line: Line): string {
  return typeof line === "string" ? line : line.map((s) => s.text).join("");
}

// ---------------------------------------------------------------------------------------------
// Values

/** Significant digits of a plain decimal string (sign, point, leading and trailing zeros not counted). */
function significantDigits(s: string): number {
  const digits = s.replace(/^-/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
  return digits.length;
}

/** Characters of a plain decimal string once grouped by thousands (`-1234.50` → `-1,234.50`). */
function groupedWidth(s: string): number {
  const point = s.indexOf(".");
  const intDigits = (point < 0 ? s.length : point) - (s.startsWith("-") ? 1 : 0);
  return s.length + Math.floor((intDigits - 1) / 3);
}

/** Excel's 1900 date system: serial 1 is 1900-01-01, with the phantom 1900-02-29 as serial 60. */
const EXCEL_EPOCH_OFFSET = 25569; // 1970-01-01
const MARCH_1900 = -25508; // Day of 1900-03-01
const JAN_1900 = -25567; // Day of 1900-01-01

function excelSerial(day: Day): number | null {
  if (day < JAN_1900) return null;
  return day >= MARCH_1900 ? day + EXCEL_EPOCH_OFFSET : day + EXCEL_EPOCH_OFFSET - 1;
}

/** A number's text for `<v>`: a plain decimal (Decimal's exponent form is valid xsd:double too). */
function decimalText(d: Decimal): string {
  return d.toString();
}

// ---------------------------------------------------------------------------------------------
// The workbook

interface SheetPlan {
  name: string;
  tables: Table[];
}

interface SheetXml {
  name: string;
  xml: string;
  /** `A1:L20001`, the autofilter's range. */
  range: string;
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;

  of(s: string): number {
    this.count++;
    let k = this.index.get(s);
    if (k === undefined) {
      this.index.set(s, (k = this.list.length));
      this.list.push(s);
    }
    return k;
  }

  xml(): string {
    const items = this.list.map((s) => (/^\s|\s$|\n/.test(s) ? `<si><t xml:space="preserve">${escapeXml(s)}</t></si>` : `<si><t>${escapeXml(s)}</t></si>`));
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.list.length}">${items.join("")}</sst>`;
  }
}

/** A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique regardless of case. */
function sheetName(wanted: string, taken: Set<string>): string {
  // A long title loses its "as of DATE" first (About says the date).
  const short = [...wanted].length > 31 ? wanted.replace(/\s*(as of|截至)?\s*\d{4}-\d{2}-\d{2}$/, "") : wanted;
  let base = short.replace(/[[\]:*?/\\]/g, " ").replace(/\s+/g, " ").trim().replace(/^'+|'+$/g, "");
  if (base === "" || base.toLowerCase() === "history") base = "Report";
  const cut = (s: string, n: number) => [...s].slice(0, n).join("").trim();
  let name = cut(base, 31);
  for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${cut(base, 31 - String(k).length - 1)} ${k}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Tables with the same columns and sheet name, one after another, share a sheet. */
function planSheets(tables: readonly Table[], about: string): SheetPlan[] {
  const plans: SheetPlan[] = [];
  const taken = new Set<string>([about.toLowerCase()]);
  let last: { plan: SheetPlan; keys: string; sheet: string } | undefined;
  for (const t of tables) {
    const keys = columnsFor(t, "csv")
      .map((k) => t.columns[k]!.key)
      .join("\u0000");
    const sheet = t.sheet ?? t.title;
    if (last !== undefined && last.keys === keys && last.sheet === sheet && t.sheet !== undefined) {
      last.plan.tables.push(t);
      continue;
    }
    const plan = { name: sheetName(sheet, taken), tables: [t] };
    plans.push(plan);
    last = { plan, keys, sheet };
  }
  return plans;
}

interface TextAmount {
  sheet: string;
  cell: string;
  value: string;
}

/** One sheet: the header row, then every table's CSV rows, typed. */
function sheetXml(plan: SheetPlan, strings: SharedStrings, styles: Styles, asText: TextAmount[]): SheetXml {
  const shape = plan.tables[0]!;
  const cols = columnsFor(shape, "csv");
  const names = cols.map((_, j) => columnName(j));
  const widths = cols.map((k) => displayWidth(shape.columns[k]!.header));
  const header = styles.xf(FMT_GENERAL, true);
  const dateFmt = styles.format("yyyy-mm-dd");
  const percentFmt = (places: number) => (places === 2 ? FMT_PERCENT_2 : places === 0 ? FMT_PERCENT_0 : styles.format(`0.${"0".repeat(places)}%`));
  const parts: string[] = [];
  let r = 1;
  parts.push(`<row r="1">${cols.map((k, j) => `<c r="${names[j]}1" s="${header}" t="s"><v>${strings.of(shape.columns[k]!.header)}</v></c>`).join("")}</row>`);

  const textCell = (ref: string, s: string, bold: boolean) => `<c r="${ref}"${bold ? ` s="${styles.xf(FMT_GENERAL, true)}"` : ""} t="s"><v>${strings.of(s)}</v></c>`;
  const numberCell = (ref: string, v: string, fmt: number, bold: boolean) => {
    const s = styles.xf(fmt, bold);
    return `<c r="${ref}"${s !== 0 ? ` s="${s}"` : ""}><v>${v}</v></c>`;
  };
  // The width of the money cell just written, as `1,234.56` (-1 for other cells): counted, not formatted.
  let moneyWidth = -1;
  const cellXml = (c: Cell, ref: string, bold: boolean): string => {
    switch (c.kind) {
      case "text":
        return textCell(ref, c.text, bold);
      case "int":
      case "days":
        return numberCell(ref, c.kind === "days" && c.places !== undefined ? c.value.toFixed(c.places) : String(c.value), FMT_GENERAL, bold);
      case "money": {
        const v = unitsString(c.units, c.scale);
        if (significantDigits(v) > 15) {
          asText.push({ sheet: plan.name, cell: ref, value: v });
          moneyWidth = v.length;
          return textCell(ref, v, bold);
        }
        moneyWidth = groupedWidth(v);
        return numberCell(ref, v, FMT_MONEY, bold);
      }
      case "date": {
        const serial = excelSerial(c.day);
        return serial === null ? textCell(ref, isoDate(c.day), bold) : numberCell(ref, String(serial), dateFmt, bold);
      }
      case "ratio":
        return numberCell(ref, decimalText(c.shown !== undefined ? c.value : new Decimal(c.value.toFixed(4))), FMT_PERCENT_2, bold);
      case "percent": {
        const places = c.places ?? 2;
        return numberCell(ref, decimalText(new Decimal(c.value.toFixed(places)).div(100)), percentFmt(places), bold);
      }
    }
  };

  for (const t of plan.tables) {
    const labelAt = t.csvLabel === undefined ? 0 : t.columns.findIndex((c) => c.key === t.csvLabel!.column);
    for (const row of t.rows) {
      if (row.only === "terminal") continue;
      r++;
      if (r > MAX_SHEET_ROWS) throw new XlsxLimitError(`the report has more rows than a sheet holds (${MAX_SHEET_ROWS.toLocaleString("en")}); use --format csv`);
      const bold = row.style !== "item";
      let x = `<row r="${r}">`;
      for (let j = 0; j < cols.length; j++) {
        const k = cols[j]!;
        const ref = names[j]! + r;
        const c = row.cells[k] ?? null;
        let shown: string;
        if (row.label !== undefined && k === labelAt) {
          x += textCell(ref, row.label, true);
          shown = row.label;
        } else if (c === null) {
          continue;
        } else {
          moneyWidth = -1;
          x += cellXml(c, ref, bold);
          shown = moneyWidth >= 0 ? "" : cellText(c, t.columns[k], row.style);
        }
        const w = moneyWidth >= 0 ? moneyWidth : shown.length <= 4 ? shown.length : displayWidth(shown);
        if (w > widths[j]!) widths[j] = w;
      }
      parts.push(x + "</row>");
    }
  }
  const last = `${names[names.length - 1] ?? "A"}${r}`;
  const range = `A1:${last}`;
  // Excel's width unit is about one "0" of the default font; a little room for the filter button.
  const colsXml = widths.map((w, j) => `<col min="${j + 1}" max="${j + 1}" width="${Math.min(Math.max(w, 4) + 3, 80)}" customWidth="1"/>`).join("");
  const xml =
    XML_HEAD +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<dimension ref="${range}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (colsXml !== "" ? `<cols>${colsXml}</cols>` : "") +
    `<sheetData>${parts.join("")}</sheetData>` +
    (cols.length > 0 ? `<autoFilter ref="${range}"/>` : "") +
    `</worksheet>`;
  return { name: plan.name, xml, range };
}

/** The About sheet: what each table is, how it was made, from what, and what was rejected. */
function aboutXml(name: string, plans: SheetPlan[], about: XlsxAbout, asText: TextAmount[], strings: SharedStrings, styles: Styles): string {
  const w = ABOUT_WORDS[about.lang];
  const bold = styles.xf(FMT_GENERAL, true);
  const dateFmt = styles.xf(styles.format("yyyy-mm-dd"), false);
  const rows: string[] = [];
  const widths = [0, 0, 0];
  type AboutCell = string | { date: Day } | { number: number } | null;
  const add = (cells: AboutCell[], strong = false) => {
    const r = rows.length + 1;
    let x = `<row r="${r}">`;
    cells.forEach((c, j) => {
      if (c === null) return;
      const ref = `${columnName(j)}${r}`;
      if (typeof c === "string") {
        x += `<c r="${ref}"${strong ? ` s="${bold}"` : ""} t="s"><v>${strings.of(c)}</v></c>`;
        // Long sentences (titles, reasons) may run over the next empty cells: they set no width.
        if (j < widths.length && c.length < 70) widths[j] = Math.max(widths[j]!, displayWidth(c));
      } else if ("date" in c) {
        const serial = excelSerial(c.date);
        x += serial === null ? `<c r="${ref}" t="s"><v>${strings.of(isoDate(c.date))}</v></c>` : `<c r="${ref}" s="${dateFmt}"><v>${serial}</v></c>`;
        widths[j] = Math.max(widths[j]!, 10);
      } else {
        x += `<c r="${ref}"><v>${c.number}</v></c>`;
        widths[j] = Math.max(widths[j]!, String(c.number).length);
      }
    });
    rows.push(cells.length > 0 ? x + "</row>" : `<row r="${r}"/>`);
  };
  for (const plan of plans) {
    for (const t of plan.tables) {
      add([t.title], true);
      if (plan.tables.length > 1 || plans.length > 1) add([w.sheet, plan.name]);
      for (const p of t.params) add([p.label, p.value]);
      for (const l of t.lead ?? []) add([lineText(l)]);
      for (const l of t.notes ?? []) add([lineText(l)]);
      if (t.empty !== undefined && isEmpty(t)) add([t.empty]);
    }
    add([]);
  }
  add([w.command, about.commandLine]);
  add([w.asOf, { date: about.asOf }]);
  add([w.version, about.version]);
  add([]);
  add([w.inputs, w.sha, w.bytes], true);
  for (const f of about.inputs) add([f.name, f.sha256 ?? w.stdin, f.bytes === null ? null : { number: f.bytes }]);
  add([]);
  add([w.rejected, w.reason], true);
  for (const rj of about.rejected) add([rj.place, rj.reason]);
  if (about.rejected.length === 0) add([w.none]);
  if (asText.length > 0) {
    add([]);
    add([w.asText], true);
    add([w.cell, w.value], true);
    for (const a of asText) add([`${a.sheet}!${a.cell}`, a.value]);
  }
  const colsXml = widths.map((wd, j) => `<col min="${j + 1}" max="${j + 1}" width="${Math.min(Math.max(wd, 8) + 2, 80)}" customWidth="1"/>`).join("");
  return XML_HEAD + `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols>${colsXml}</cols><sheetData>${rows.join("")}</sheetData></worksheet>`;
}

function isEmpty(t: Table): boolean {
  for (const row of t.rows) if (row.only !== "terminal") return false;
  return true;
}

/**
 * The workbook of a report: its tables on the first sheet(s), then About. Throws XlsxLimitError
 * for a sheet of more rows than Excel holds.
 */
export function tablesXlsx(tables: readonly Table[], about: XlsxAbout): Uint8Array {
  const w = ABOUT_WORDS[about.lang];
  const plans = planSheets(tables, w.about);
  const strings = new SharedStrings();
  const styles = new Styles();
  const asText: TextAmount[] = [];
  const sheets = plans.map((p) => sheetXml(p, strings, styles, asText));
  const aboutSheet = aboutXml(w.about, plans, about, asText, strings, styles);
  const all = [...sheets.map((s) => s.name), w.about];
  const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
  const abs = (range: string) => range.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
  const { y, m, d } = ymdOf(about.asOf);
  const stamp = `${isoDate(about.asOf)}T00:00:00Z`;
  const title = tables[0]?.title ?? "";

  const workbook =
    XML_HEAD +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    all.map((name, k) => `<sheet name="${escapeXml(name, true)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join("") +
    `</sheets>` +
    (sheets.length > 0 ? `<definedNames>${sheets.map((s, k) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${k}" hidden="1">${escapeXml(quoted(s.name))}!${abs(s.range)}</definedName>`).join("")}</definedNames>` : "") +
    `</workbook>`;
  const n = all.length;
  const workbookRels =
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    all.map((_, k) => `<Relationship Id="rId${k + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`).join("") +
    `<Relationship Id="rId${n + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>` +
    `</Relationships>`;
  const rootRels =
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
    `</Relationships>`;
  const ct = "application/vnd.openxmlformats-officedocument";
  const contentTypes =
    XML_HEAD +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>` +
    all.map((_, k) => `<Override PartName="/xl/worksheets/sheet${k + 1}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`).join("") +
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/>` +
    `</Types>`;
  const core =
    XML_HEAD +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${escapeXml(title)}</dc:title><dc:creator>ar ${escapeXml(about.version)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    `</cp:coreProperties>`;
  const app = XML_HEAD + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>ar ${escapeXml(about.version)}</Application></Properties>`;

  const utf8 = (s: string) => Buffer.from(s, "utf8");
  const entries: ZipEntry[] = [
    { name: "[Content_Types].xml", data: utf8(contentTypes) },
    { name: "_rels/.rels", data: utf8(rootRels) },
    { name: "docProps/core.xml", data: utf8(core) },
    { name: "docProps/app.xml", data: utf8(app) },
    { name: "xl/workbook.xml", data: utf8(workbook) },
    { name: "xl/_rels/workbook.xml.rels", data: utf8(workbookRels) },
    ...sheets.map((s, k) => ({ name: `xl/worksheets/sheet${k + 1}.xml`, data: utf8(s.xml) })),
    { name: `xl/worksheets/sheet${n}.xml`, data: utf8(aboutSheet) },
    { name: "xl/styles.xml", data: utf8(styles.xml()) },
    { name: "xl/sharedStrings.xml", data: utf8(strings.xml()) },
  ];
  return zipDeterministic(entries, { y, m, d });
}
