/**
 * Reads ledger CSV files into the engine's compact `Ledger`, streaming: a file is never held whole,
 * and per row only what settlement needs is kept.
 *
 * Every row is validated, whatever its date; every data row is either used, reported as rejected
 * (`FILE:LINE: reason`), or skipped as a title/subtotal/section/footer row and counted.
 *
 * SPEC.md: "Ledger CSV", "Details the reports must agree on", and in the management layer
 * "Ledger: write-offs, instalment rows and early-payment discounts" (export vocabularies and the
 * general rules for subtotal and section rows).
 */
import type { Readable } from "node:stream";
import type { Day } from "../engine/dates.js";
import { dayFromYmd, isoDate, isValidYmd } from "../engine/dates.js";
import { kindCode, type KindCode, type Ledger } from "../engine/ledger.js";
import { LedgerBuilder, RowInput } from "../engine/store/builder.js";
import { discountTermsOf, Invalid, parseAmount, parseCurrency, parseDate, parseDisputed, parseDocType, parseTerms, type Amount, type DiscountTerms, type DocKind } from "../engine/values.js";
import { cellsAt, CsvTokenizer, type RecordView } from "./csv.js";
import { openText, REPLACEMENT, type EncodingOption } from "./decode.js";
import { matchHeader, UsageProblem, type Columns, type Field, type HeaderMatch } from "./headers.js";
import type { WorkbookRow } from "./workbook.js";
import { isoOfSerial, sniffWorkbookFile } from "./workbook-format.js";

export type DateOrder = "YMD" | "DMY" | "MDY";

export interface LedgerReadOptions {
  asOf: Day;
  encoding: EncodingOption;
  dateFormat?: DateOrder;
  decimalComma: boolean;
  map: Map<Field, string>;
  /** For rows that name no currency (`--currency`, else config, else CNY). */
  defaultCurrency: string;
  /** Days, when a row has neither due date nor terms and the customer master gives none. */
  defaultTerms: number;
  /** Customer key → default terms from the customer master. */
  customerTerms?: ReadonlyMap<string, number>;
  /** Customer key → early-payment discount of the customer master's terms, for invoices without terms of their own. */
  customerDiscounts?: ReadonlyMap<string, DiscountTerms>;
  stdin: Readable;
  /** Told, early in a file of known size, about how many rows the file holds (from its first chunk). */
  onEstimate?: (rows: number) => void;
  /** `--sheet NAME|N` for workbooks (else the first visible sheet with a ledger header). */
  sheet?: string;
}

export interface Rejected {
  file: string;
  /** The physical line of a CSV file, the Excel row number of a workbook's row. */
  line: number;
  reason: string;
  /** The sheet, for a row of a workbook. */
  sheet?: string;
}

/** The JSON `rejected` items of every report: `{file, line, reason}`, a workbook's with `sheet` after `file` (its place reads FILE:SHEET!ROW). */
export function rejectedJson(rejected: readonly Rejected[]): { file: string; line: number; reason: string; sheet?: string }[] {
  return rejected.map((r) => (r.sheet === undefined ? { file: r.file, line: r.line, reason: r.reason } : { file: r.file, sheet: r.sheet, line: r.line, reason: r.reason }));
}

/** Where a row is, as diagnostics print it: `FILE:LINE`, or `FILE:SHEET!ROW` for a workbook (SPEC "Excel in and out"). */
export function placeOf(p: { file: string; line: number; sheet?: string }): string {
  return p.sheet === undefined ? `${p.file}:${p.line}` : `${p.file}:${p.sheet}!${p.line}`;
}

export interface Diagnostic {
  file: string;
  line: number;
  message: string;
  sheet?: string;
}

export type SkipKind = "title" | "subtotal" | "section" | "footer" | "line_item";

export interface SkippedRow {
  file: string;
  line: number;
  kind: SkipKind;
  text: string;
  sheet?: string;
}

export interface LedgerRead {
  ledger: Ledger;
  rejected: Rejected[];
  warnings: Diagnostic[];
  skipped: SkippedRow[];
  /** One-line notes for stderr (title rows skipped, subtotal rows counted, empty files). */
  notes: string[];
  /** Data rows read (every record after the header, blank ones excepted). */
  rows: number;
  /** Accepted rows dated after as-of (validated, then ignored). */
  afterAsOf: number;
}

const HEADER_SEARCH_ROWS = 20;

/** A grand total: the rows after it are a footer (a timestamp, a signature line). */
const GRAND_TOTAL = /^(?:合计|总计|总合计|TOTAL|GRAND TOTAL|Grand Total|Grand total)\s*[:：]?$/;
/**
 * A label that says subtotal or total in Chinese or English, wherever the word stands in the cell:
 * `小计`, `深圳鹏程电子(小计)`, `小计：鹏程电子`, `本月合计`, `Subtotal - Acme`, `Total for Acme`, `Acme Total`.
 */
const SUBTOTAL_WORD = /小计|小計|合计|合計|总计|總計|累计|累計|\bsub[-\s]?totals?\b|\btotals?\b/i;

/**
 * A row without a document number that is a label row, not a document (SPEC "Ledger CSV", and
 * "Export vocabularies also read" in the management layer), judged by the cells alone: a grand
 * total (`footer`: it starts the footer), a label that says subtotal or total in any cell
 * (`subtotal`), or a single non-empty cell that is not an amount (`section`: `Over 90 days`,
 * `逾期一年以上`, a customer's name above its documents). A row whose amount is the sum of the
 * documents above it is found by FileReader.sumRow.
 */
function labelOf(cells: string[], decimalComma: boolean): { kind: SkipKind; text: string } | undefined {
  let only: string | undefined;
  let filled = 0;
  for (const raw of cells) {
    const c = raw.trim();
    if (c === "") continue;
    filled++;
    only = c;
    if (GRAND_TOTAL.test(c)) return { kind: "footer", text: c };
    if (SUBTOTAL_WORD.test(c)) return { kind: "subtotal", text: c };
  }
  if (filled === 1 && !isAmount(parseAmount(only!, decimalComma))) return { kind: "section", text: only! };
  return undefined;
}

function isAmount(a: Amount | Invalid | null): a is Amount {
  return a !== null && !(a instanceof Invalid);
}

/**
 * The exact sum of the amounts of the documents read so far in a file, as written (signed as in the
 * amount column), and how many: the sum rule for subtotal rows compares against its differences.
 * Minor units at the largest scale seen; a double while the running part stays a safe integer.
 */
class RunningSum {
  count = 0;
  scale = 0;
  private small = 0;
  private big = 0n;

  /** `small` is the amount in minor units at `scale` when a safe integer, else NaN and `units` is. */
  add(small: number, units: bigint, scale: number): void {
    this.count++;
    if (scale === this.scale && small === small) {
      const s = this.small + small;
      if (s <= 4e15 && s >= -4e15) {
        this.small = s;
        return;
      }
    }
    let total = this.big + BigInt(this.small);
    let value = small === small ? BigInt(small) : units;
    if (scale > this.scale) {
      total *= 10n ** BigInt(scale - this.scale);
      this.scale = scale;
    } else {
      value *= 10n ** BigInt(this.scale - scale);
    }
    this.big = total + value;
    this.small = 0;
  }

  /** The sum now, in minor units at `scale`. */
  units(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** A point in a file's running sum: after the previous subtotal or section row. */
interface SumMark {
  units: bigint;
  scale: number;
  count: number;
}

/** Control characters in file content never reach the terminal raw. */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

function excerpt(text: string): string {
  const t = escapeControl(text);
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

interface LineItemSeen {
  units: bigint;
  scale: number;
}

class FileReader {
  private columns: Columns | undefined;
  private headerCandidates: { line: number; cells: string[]; match: HeaderMatch }[] = [];
  private recordsSeen = 0;
  private footer = false;
  private sawReplacement = false;
  private lineItems = new Map<string, LineItemSeen>();
  private skippedCounts: Record<SkipKind, number> = { title: 0, subtotal: 0, section: 0, footer: 0, line_item: 0 };
  private readonly facts = new RowFacts();
  private readonly row = new RowInput();

  constructor(
    private readonly name: string,
    private readonly encodingName: string,
    private readonly options: LedgerReadOptions,
    private readonly builder: LedgerBuilder,
    private readonly out: LedgerRead,
    /** The sheet, when the rows come from a workbook. */
    private readonly sheet?: string,
  ) {
    this.row.file = name;
    this.label = sheet === undefined ? name : `${name}:${sheet}`;
  }

  /** The file (and sheet) as notes name it. */
  private readonly label: string;

  /**
   * A workbook's row, fed into the same path as a CSV record. A plain number in a date field is
   * an Excel serial date; a row the workbook could not give (a formula without a stored value) is
   * rejected, unless it is a subtotal/total row or after the footer, which are skipped anyway.
   */
  workbookRow(r: WorkbookRow, date1904: boolean): void {
    const cols = this.columns;
    if (cols !== undefined && r.serials !== undefined) {
      for (const f of ["doc_date", "due_date"] as const) {
        const k = cols.index[f];
        if (k !== undefined && r.serials[k] !== undefined) r.cells[k] = isoOfSerial(r.serials[k]!, date1904);
      }
    }
    if (r.problem !== undefined && cols !== undefined && !this.footer) {
      const k = cols.index.doc_no;
      const docNo = k === undefined ? "" : (r.cells[k] ?? "").trim();
      if (docNo !== "" || labelOf(r.cells, this.options.decimalComma) === undefined) {
        this.broken(r.row, r.problem);
        return;
      }
    }
    this.view(this.workbookView(r.cells, r.row));
  }

  private readonly cellView: RecordView = { text: "", starts: new Int32Array(0), ends: new Int32Array(0), count: 0, line: 0 };

  /**
   * A workbook row as a CSV record view (its cells joined, with their bounds), so that clean rows
   * take the same in-place fast path as CSV records (the general path cost a 1M-row workbook
   * ~1 s more than the CSV). Empty cells past the header's width are left off, as the general path
   * would pass over them; a row with anything there keeps its width and is rejected there.
   */
  private workbookView(cells: string[], line: number): RecordView {
    const v = this.cellView;
    let count = cells.length;
    if (this.columns !== undefined && count > this.columns.names.length) {
      let k = this.columns.names.length;
      while (k < count && cells[k] === "") k++;
      if (k === count) count = this.columns.names.length;
    }
    if (v.starts.length < count) {
      v.starts = new Int32Array(count);
      v.ends = new Int32Array(count);
    }
    let at = 0;
    for (let k = 0; k < count; k++) {
      v.starts[k] = at;
      at += cells[k]!.length;
      v.ends[k] = at;
    }
    v.text = count === cells.length ? cells.join("") : cells.slice(0, count).join("");
    v.count = count;
    v.line = line;
    return v;
  }

  markReplacement(): void {
    this.sawReplacement = true;
  }

  broken(line: number, reason: string): void {
    this.flush();
    this.out.rejected.push(this.at({ file: this.name, line, reason }));
    this.out.rows++;
  }

  record(cells: string[], line: number): void {
    if (this.columns === undefined) {
      this.findHeader(cells, line);
      return;
    }
    let blank = true;
    for (let k = 0; k < cells.length; k++) {
      if (cells[k]!.length !== 0 && cells[k]!.trim().length !== 0) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    if (this.footer) {
      this.skip(line, "footer", cells.filter((c) => c.trim() !== "").join(" "));
      return;
    }
    this.out.rows++;
    if (this.sawReplacement && cells.some((c) => c.includes(REPLACEMENT))) {
      this.reject(line, `bytes that are not valid ${this.encodingName} (try --encoding ${this.encodingName === "gb18030" ? "utf8" : "gb18030"})`);
      return;
    }
    this.dataRow(cells, line);
  }

  private skip(line: number, kind: SkipKind, text: string): void {
    this.skippedCounts[kind]++;
    this.out.skipped.push(this.at({ file: this.name, line, kind, text: excerpt(text) }));
  }

  private reject(line: number, reason: string): void {
    this.out.rejected.push(this.at({ file: this.name, line, reason }));
  }

  /** A place with this reader's sheet, if it reads one. */
  private at<T extends object>(p: T): T & { sheet?: string } {
    return this.sheet === undefined ? p : Object.assign(p, { sheet: this.sheet });
  }

  private findHeader(cells: string[], line: number): void {
    if (cells.every((c) => c.trim() === "")) return;
    this.recordsSeen++;
    const match = matchHeader(cells, this.options.map);
    if (match.missing.length === 0) {
      if (match.unmatched.length > 0) this.mapNotFound(match, line, cells);
      if (match.conflict) throw new UsageProblem(`${placeOf(this.at({ file: this.name, line }))}: ${match.conflict}`);
      this.columns = match.columns;
      for (const c of this.headerCandidates) this.skip(c.line, "title", c.cells.filter((x) => x.trim() !== "").join(" "));
      this.headerCandidates = [];
      return;
    }
    this.headerCandidates.push({ line, cells, match });
    if (this.recordsSeen >= HEADER_SEARCH_ROWS) this.noHeader();
  }

  /** Called at end of file and after 20 rows without a header. */
  noHeader(): void {
    if (this.columns !== undefined) return;
    if (this.headerCandidates.length === 0) return; // empty file: a warning, not an error
    const best = this.headerCandidates.reduce((a, b) => (b.match.missing.length < a.match.missing.length ? b : a));
    // The header lacks a required field because `--map` named a header the file does not have.
    if (best.match.unmatched.length > 0 && matchHeader(best.cells, new Map()).missing.length === 0) this.mapNotFound(best.match, best.line, best.cells);
    const text = best.cells.join(",");
    if (text.includes(REPLACEMENT) || /[\u0000-\u0008\u000e-\u001f]/.test(text)) {
      throw new UsageProblem(`${this.label}: does not look like a CSV text file (bytes that decode as neither UTF-8 nor GB18030 in line ${best.line})`);
    }
    throw new UsageProblem(
      `${this.label}: missing required column ${best.match.missing.join(", ")} (looked for a header row in the first ${HEADER_SEARCH_ROWS} rows; best candidate ${this.sheet === undefined ? "line" : "row"} ${best.line}: ${excerpt(best.cells.join(","))})`,
    );
  }

  /** The documents' amounts so far, and where the previous subtotal and section rows left it. */
  private readonly sum = new RunningSum();
  private sinceSubtotal: SumMark = { units: 0n, scale: 0, count: 0 };
  private sinceSection: SumMark = { units: 0n, scale: 0, count: 0 };

  /** A subtotal or section row: the sums that the next subtotal may equal start again here. */
  private markSum(kind: "subtotal" | "section"): void {
    const mark = { units: this.sum.units(), scale: this.sum.scale, count: this.sum.count };
    this.sinceSubtotal = mark;
    if (kind === "section") this.sinceSection = mark;
  }

  /**
   * A row without a document number and without a document date whose amount equals the sum of
   * the documents above it (at least one) since the previous subtotal row, since the previous
   * section row, or since the top of the file: an unlabelled subtotal. (A row with a date is a
   * document that lost its number, however its amount happens to compare: it is rejected.)
   */
  private sumRow(cells: string[], docDateText: string, amountText: string): { kind: SkipKind; text: string } | undefined {
    if (amountText === "" || this.sum.count === 0) return undefined;
    if (docDateText !== "" && typeof parseDate(docDateText, this.options.dateFormat) === "number") return undefined;
    const amount = parseAmount(amountText, this.options.decimalComma);
    if (!isAmount(amount)) return undefined;
    const now = this.sum.units();
    const scale = Math.max(amount.scale, this.sum.scale);
    const at = (units: bigint, from: number) => units * 10n ** BigInt(scale - from);
    const written = at(amount.units, amount.scale);
    for (const mark of [this.sinceSubtotal, this.sinceSection, { units: 0n, scale: 0, count: 0 }]) {
      if (this.sum.count > mark.count && at(now, this.sum.scale) - at(mark.units, mark.scale) === written) {
        return { kind: "subtotal", text: cells.map((c) => c.trim()).filter((c) => c !== "").join(" ") };
      }
    }
    return undefined;
  }

  /** `--map` names a header this file does not have: a usage error, never a fall-back to an alias. */
  private mapNotFound(match: HeaderMatch, line: number, cells: string[]): never {
    const which = match.unmatched.map((m) => `--map ${m}`).join(", ");
    const headers = match.unmatched.map((m) => `"${m.slice(m.indexOf("=") + 1)}"`).join(", ");
    throw new UsageProblem(`${this.name}: ${which}: the file has no column ${headers} (its header, line ${line}: ${excerpt(cells.join(","))})`);
  }

  finish(): void {
    this.flush();
    this.batch = undefined;
    this.noHeader();
    const notes = this.out.notes;
    if (this.columns === undefined) {
      notes.push(`${this.label}: ${this.sheet === undefined ? "empty file" : "empty sheet"}, no rows`);
      return;
    }
    const k = this.skippedCounts;
    if (k.title > 0) notes.push(`${this.label}: skipped ${k.title} title row(s) above the header`);
    const labels = k.subtotal + k.section;
    if (labels > 0) notes.push(`${this.label}: skipped ${k.subtotal} subtotal/total and ${k.section} section row(s) (ar check lists them)`);
    if (k.footer > 0) notes.push(`${this.label}: skipped ${k.footer} footer row(s) after the grand total`);
    if (k.line_item > 0) notes.push(`${this.label}: collapsed ${k.line_item} further line-item row(s) into their invoices`);
  }

  private dataRow(cells: string[], line: number): void {
    const field = (name: string, reason: string) => (reason.startsWith(`${name} `) ? reason : `${name}: ${reason}`);
    const cols = this.columns!;
    const idx = cols.index;
    const cell = (f: Field): string => {
      const i = idx[f];
      return i === undefined || i >= cells.length ? "" : cells[i]!.trim();
    };
    const docNo = cell("doc_no");
    if (docNo === "") {
      const label = labelOf(cells, this.options.decimalComma) ?? this.sumRow(cells, cell("doc_date"), cols.openItems ? cell("open_balance") : cell("amount"));
      if (label) {
        if (label.kind === "footer") this.footer = true;
        this.out.rows--;
        this.skip(line, label.kind === "footer" ? "subtotal" : label.kind, label.text);
        this.markSum(label.kind === "section" ? "section" : "subtotal");
        return;
      }
    }
    const width = cols.names.length;
    if (cells.length < width) {
      this.reject(line, `row has ${cells.length} cells, the header has ${width}`);
      return;
    }
    if (cells.length > width) {
      for (let k = width; k < cells.length; k++) {
        if (cells[k]!.trim() !== "") {
          this.reject(line, `row has ${cells.length} cells, the header has ${width}`);
          return;
        }
      }
    }
    const problems: string[] = [];
    const customerId = cell("customer_id");
    const customerName = cell("customer_name");
    const customerKey = customerId !== "" ? customerId : customerName;
    if (docNo === "") problems.push("missing doc_no");
    if (customerKey === "") problems.push(idx.customer_id !== undefined && idx.customer_name === undefined ? "missing customer_id" : "missing customer");
    const docDateText = cell("doc_date");
    const docDate = docDateText === "" ? null : parseDate(docDateText, this.options.dateFormat);
    if (docDate === null) problems.push("missing doc_date");
    else if (docDate instanceof Invalid) problems.push(field("doc_date", docDate.reason));
    const amountText = cols.openItems ? cell("open_balance") : cell("amount");
    const amount = amountText === "" ? null : parseAmount(amountText, this.options.decimalComma);
    if (amount === null) problems.push(`missing ${cols.openItems ? "open balance" : "amount"}`);
    else if (amount instanceof Invalid) problems.push(field("amount", amount.reason));
    // A document as the export's own subtotals count it, whatever else is wrong with the row.
    else if (docNo !== "") this.sum.add(NaN, amount.units, amount.scale);
    let docType: DocKind | null = null;
    if (idx.doc_type !== undefined) {
      const t = parseDocType(cell("doc_type"));
      if (t instanceof Invalid) problems.push(field("doc_type", t.reason));
      else docType = t;
    }
    let dueDate: Day | null = null;
    if (idx.due_date !== undefined) {
      const d = cell("due_date") === "" ? null : parseDate(cell("due_date"), this.options.dateFormat);
      if (d instanceof Invalid) problems.push(field("due_date", d.reason));
      else dueDate = d;
    }
    let terms: number | null = null;
    let discount: DiscountTerms | null = null;
    if (idx.terms !== undefined) {
      const t = parseTerms(cell("terms"));
      if (t instanceof Invalid) problems.push(field("terms", t.reason));
      else terms = t;
      if (t !== null && !(t instanceof Invalid)) discount = discountTermsOf(cell("terms"));
    }
    let currency = this.options.defaultCurrency;
    if (idx.currency !== undefined) {
      const c = parseCurrency(cell("currency"));
      if (c instanceof Invalid) problems.push(field("currency", c.reason));
      else if (c !== null) currency = c;
    }
    let disputed = false;
    if (idx.disputed !== undefined) {
      const d = parseDisputed(cell("disputed"));
      if (d instanceof Invalid) problems.push(field("disputed", d.reason));
      else disputed = d === true;
    }
    if (problems.length > 0) {
      this.reject(line, problems.join("; "));
      return;
    }
    const f = this.facts;
    f.docText = docNo;
    f.docStart = 0;
    f.docEnd = docNo.length;
    f.customerKey = customerKey;
    f.customerName = customerName;
    f.docDate = docDate as Day;
    f.dueDate = dueDate;
    f.terms = terms;
    f.discount = discount;
    const units = (amount as Amount).units;
    const small = Number(units);
    f.small = Number.isSafeInteger(small) ? small : NaN;
    f.units = units;
    f.scale = (amount as Amount).scale;
    f.docType = docType;
    f.currency = currency;
    f.disputed = disputed;
    f.refText = cell("applies_to");
    f.refStart = 0;
    f.refEnd = f.refText.length;
    f.amountText = amountText;
    this.accept(f, line, -1);
  }

  /**
   * The common path of a parsed row: document kind, line items, duplicates, due date, as-of, store.
   * `customer` is the customer's index when the caller already has it, else -1.
   */
  private accept(f: RowFacts, line: number, knownCustomer: number): void {
    const cols = this.columns!;
    const exact = f.small === f.small; // the amount is the safe integer `small` (else NaN, and `units`)
    const negative = exact ? f.small < 0 : f.units < 0n;
    let kind: KindCode = f.docType !== null ? kindCode(f.docType) : negative ? 2 : 0;
    // An invoice or debit note with a negative amount is a credit note (红字发票).
    if (negative && kind <= 1) kind = 3;
    const isCharge = kind <= 1;
    // (Only the general path reads line items, and it always sets the customer key.)
    if (isCharge && cols.lineItems) {
      const docNo = f.docText.slice(f.docStart, f.docEnd);
      const key = `${f.customerKey}\u0000${docNo}`;
      const seen = this.lineItems.get(key);
      const units = exact ? BigInt(f.small) : f.units;
      if (seen) {
        if (sameAmount(seen, { units, scale: f.scale })) {
          this.out.rows--;
          this.skip(line, "line_item", docNo);
        } else {
          this.reject(line, `line of invoice ${excerpt(docNo)} disagrees on the invoice amount (${f.amountText} here, another line says otherwise)`);
        }
        return;
      }
      this.lineItems.set(key, { units, scale: f.scale });
    }
    const customer = knownCustomer >= 0 ? knownCustomer : this.builder.customerOf(f.customerKey, f.customerName);
    const day = f.docDate;
    let due = day;
    if (isCharge) {
      if (f.dueDate !== null) {
        due = f.dueDate;
      } else {
        const t = f.terms ?? this.options.customerTerms?.get(this.keyOf(f, customer)) ?? this.options.defaultTerms;
        due = day + t;
      }
    }
    let chargeEntry = -1;
    let instalments = -1;
    if (isCharge) {
      chargeEntry = this.builder.claimChargeAt(customer, f.docText, f.docStart, f.docEnd);
      // A number seen before for this customer: another payment term of the same invoice (same
      // doc date and currency, a new due date), else a duplicate.
      if (chargeEntry < 0) instalments = this.builder.instalmentAt(customer, f.docText, f.docStart, f.docEnd, day, due, f.currency);
      if (chargeEntry < 0 && instalments < 0) {
        this.reject(line, `duplicate ${kind === 0 ? "invoice" : "debit note"} ${excerpt(f.docText.slice(f.docStart, f.docEnd))} for customer ${excerpt(this.keyOf(f, customer))} (the earlier row is used)`);
        return;
      }
      if (f.dueDate !== null && due < day) this.out.warnings.push(this.at({ file: this.name, line, message: `due date ${isoDate(due)} is before doc date ${isoDate(day)}` }));
    }
    if (day > this.options.asOf) {
      if (chargeEntry >= 0) this.builder.chargeAfterAsOf(chargeEntry, day, due, f.currency);
      this.out.afterAsOf++;
      return;
    }
    const r = this.row;
    r.kind = kind;
    r.customer = customer;
    r.currency = f.currency;
    r.docDate = day;
    r.dueDate = due;
    r.small = exact ? (negative ? -f.small : f.small) : NaN;
    r.units = exact ? 0n : negative ? -f.units : f.units;
    r.scale = f.scale;
    r.disputed = isCharge && f.disputed;
    r.chargeEntry = chargeEntry;
    r.docText = f.docText;
    r.docStart = f.docStart;
    r.docEnd = f.docEnd;
    r.refText = f.refText;
    r.refStart = f.refStart;
    r.refEnd = isCharge ? f.refStart : f.refEnd;
    r.line = line;
    // The row's own terms decide; without any, the customer master's (as for the due date).
    const masterDiscounts = this.options.customerDiscounts;
    r.discount = !isCharge ? null : f.terms !== null ? f.discount : masterDiscounts !== undefined && masterDiscounts.size > 0 ? (masterDiscounts.get(this.keyOf(f, customer)) ?? null) : null;
    const i = this.builder.addRow(r);
    if (instalments >= 0) this.builder.addInstalment(instalments, i);
  }

  /** The row's customer key: the fast path leaves it uncut ("") for a known customer. */
  private keyOf(f: RowFacts, customer: number): string {
    return f.customerKey !== "" ? f.customerKey : this.builder.customers[customer]!.key;
  }

  /** Column indices for the fast path, -1 when absent. */
  private fast: FastColumns | undefined;

  /**
   * Records arrive as views on the hot path. Clean rows (ISO dates, plain amounts, canonical
   * types, no surrounding spaces) are parsed in place without cutting a string per cell; any other
   * row takes the general path, which gives the same result for the rows both accept.
   *
   * Rows as wide as the header wait in a batch (see Batch) and are read when it is full, when the
   * chunk of input ends (`flush`), or before anything else is reported; the order in which rows
   * are read and reported does not change.
   */
  view(v: RecordView): void {
    if (this.columns !== undefined && v.count === this.columns.names.length) {
      const b = (this.batch ??= new Batch(v.count));
      b.add(v);
      if (b.count === BATCH) this.flush();
      return;
    }
    this.flush();
    this.read(v.text, v.starts, v.ends, 0, v.count, v.line, -1);
  }

  private batch: Batch | undefined;

  /** Reads the waiting rows. */
  flush(): void {
    const b = this.batch;
    if (b === undefined || b.count === 0) return;
    const c = (this.fast ??= fastColumns(this.columns!));
    b.prefetch(c, this.builder);
    const w = b.width;
    for (let k = 0; k < b.count; k++) this.read(b.texts[k]!, b.starts, b.ends, k * w, w, b.lines[k]!, b.customers[k]!);
    b.count = 0;
  }

  /** Reads one record: cell k is `t.slice(S[o + k], E[o + k])`; `customer` is its customer if known (else -1). */
  private read(t: string, S: Int32Array, E: Int32Array, o: number, count: number, line: number, customer: number): void {
    if (this.columns === undefined || this.footer || this.sawReplacement || this.columns.lineItems || !this.fastRow(t, S, E, o, count, line, customer)) {
      this.record(cellsAt(t, S, E, o, count), line);
    }
  }

  /** Cell k is `t.slice(S[o + k], E[o + k])`; `knownCustomer` is the row's customer when known, else -1. */
  private fastRow(t: string, S: Int32Array, E: Int32Array, o: number, count: number, line: number, knownCustomer: number): boolean {
    const c = (this.fast ??= fastColumns(this.columns!));
    if (count !== c.width) return false;
    const ds = S[o + c.docNo]!;
    const de = E[o + c.docNo]!;
    if (!cleanText(t, ds, de)) return false;
    const key = keyColumn(c, S, E, o);
    if (key < 0) return false;
    const ks = S[o + key]!;
    const ke = E[o + key]!;
    if (!cleanText(t, ks, ke)) return false;
    const docDate = isoDateAt(t, S[o + c.docDate]!, E[o + c.docDate]!);
    if (docDate === NO_DAY) return false;
    if (!this.amountAt(t, S[o + c.amount]!, E[o + c.amount]!)) return false;
    let docType: DocKind | null = null;
    if (c.docType >= 0) {
      docType = canonicalTypeAt(t, S[o + c.docType]!, E[o + c.docType]!);
      if (docType === null && E[o + c.docType]! > S[o + c.docType]!) return false;
    }
    let dueDate: Day | null = null;
    if (c.dueDate >= 0 && E[o + c.dueDate]! > S[o + c.dueDate]!) {
      dueDate = isoDateAt(t, S[o + c.dueDate]!, E[o + c.dueDate]!);
      if (dueDate === NO_DAY) return false;
    }
    let terms: number | null = null;
    if (c.terms >= 0 && E[o + c.terms]! > S[o + c.terms]!) {
      terms = smallNumberAt(t, S[o + c.terms]!, E[o + c.terms]!);
      if (terms < 0 || terms > 3650) return false;
    }
    let currency = this.options.defaultCurrency;
    if (c.currency >= 0 && E[o + c.currency]! > S[o + c.currency]!) {
      const cs = S[o + c.currency]!;
      if (E[o + c.currency]! - cs !== 3 || !upper(t, cs) || !upper(t, cs + 1) || !upper(t, cs + 2)) return false;
      if (!(this.lastCurrency.length === 3 && t.startsWith(this.lastCurrency, cs))) this.lastCurrency = t.slice(cs, cs + 3);
      currency = this.lastCurrency;
    }
    let disputed = false;
    if (c.disputed >= 0 && E[o + c.disputed]! > S[o + c.disputed]!) {
      const d = yesNoAt(t, S[o + c.disputed]!, E[o + c.disputed]!);
      if (d === null) return false;
      disputed = d;
    }
    let refStart = 0;
    let refEnd = 0;
    if (c.appliesTo >= 0 && E[o + c.appliesTo]! > S[o + c.appliesTo]!) {
      refStart = S[o + c.appliesTo]!;
      refEnd = E[o + c.appliesTo]!;
      if (!cleanText(t, refStart, refEnd)) return false;
    }
    // Accepted by the fast path: from here on the row is this reader's.
    this.out.rows++;
    this.sum.add(this.small, 0n, this.scale);
    const f = this.facts;
    f.docText = t;
    f.docStart = ds;
    f.docEnd = de;
    let customer = knownCustomer >= 0 ? knownCustomer : this.builder.knownCustomerAt(t, ks, ke);
    // A known customer's key is not cut (accept reads it only if it needs it): "" stands for it.
    f.customerKey = "";
    f.customerName = "";
    if (customer < 0 || (c.customerName >= 0 && !this.builder.hasName(customer))) {
      f.customerKey = customer < 0 ? t.slice(ks, ke) : this.builder.customers[customer]!.key;
      if (c.customerName >= 0) f.customerName = t.slice(S[o + c.customerName]!, E[o + c.customerName]!).trim();
      customer = -1;
    }
    f.docDate = docDate;
    f.dueDate = dueDate;
    f.terms = terms;
    f.discount = null;
    f.small = this.small;
    f.scale = this.scale;
    f.docType = docType;
    f.currency = currency;
    f.disputed = disputed;
    f.refText = t;
    f.refStart = refStart;
    f.refEnd = refEnd;
    f.amountText = "";
    this.accept(f, line, customer);
    return true;
  }

  private small = 0;
  private scale = 0;
  private lastCurrency = "";

  /** A plain amount `-?digits(.digits)?` of at most 15 digits, in place; false for anything else. */
  private amountAt(t: string, s: number, e: number): boolean {
    let i = s;
    let negative = false;
    if (i < e && t.charCodeAt(i) === 45) {
      negative = true;
      i++;
    }
    let value = 0;
    let digits = 0;
    let scale = 0;
    let dot = false;
    for (; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch >= 48 && ch <= 57) {
        value = value * 10 + (ch - 48);
        digits++;
        if (dot) scale++;
      } else if (ch === 46 && !dot) {
        dot = true;
      } else {
        return false;
      }
    }
    if (digits === 0 || digits > 15 || (dot && scale === 0) || t.charCodeAt(s + (negative ? 1 : 0)) === 46) return false;
    this.small = negative ? -value : value; // at most 15 digits: a safe integer
    this.scale = scale;
    return true;
  }
}

/** One parsed row, reused from row to row (no allocation per row on the hot path). */
class RowFacts {
  /** doc_no: `docText.slice(docStart, docEnd)` (the fast path points into the CSV chunk). */
  docText = "";
  docStart = 0;
  docEnd = 0;
  /** The customer key; "" on the fast path for a known customer (see keyOf). */
  customerKey = "";
  customerName = "";
  docDate: Day = 0;
  dueDate: Day | null = null;
  terms: number | null = null;
  /** Early-payment discount of the row's own terms (`2/10 net 30`). */
  discount: DiscountTerms | null = null;
  /** The signed amount, minor units at `scale`: a safe integer in `small`, else NaN there and the value in `units`. */
  small = 0;
  units = 0n;
  scale = 0;
  docType: DocKind | null = null;
  currency = "";
  disputed = false;
  /** applies_to: `refText.slice(refStart, refEnd)`. */
  refText = "";
  refStart = 0;
  refEnd = 0;
  /** The amount as written, for messages (general path only). */
  amountText = "";
}

/** Rows read together (see LedgerBuilder.prefetch): enough for the loads to overlap, few enough to stay in cache. */
const BATCH = 256;

/** Rows waiting to be read: their text, line and cell bounds (row k's cells at k × width). */
class Batch {
  count = 0;
  readonly texts: string[] = new Array<string>(BATCH).fill("");
  readonly lines = new Int32Array(BATCH);
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** From prefetch: each row's customer, -1 when not known yet. */
  readonly customers = new Int32Array(BATCH);
  private readonly keyStart = new Int32Array(BATCH);
  private readonly keyEnd = new Int32Array(BATCH);
  private readonly docStart = new Int32Array(BATCH);
  private readonly docEnd = new Int32Array(BATCH);
  private readonly refStart = new Int32Array(BATCH);
  private readonly refEnd = new Int32Array(BATCH);

  constructor(readonly width: number) {
    this.starts = new Int32Array(BATCH * width);
    this.ends = new Int32Array(BATCH * width);
  }

  add(v: RecordView): void {
    const k = this.count++;
    this.texts[k] = v.text;
    this.lines[k] = v.line;
    const o = k * this.width;
    for (let j = 0; j < this.width; j++) {
      this.starts[o + j] = v.starts[j]!;
      this.ends[o + j] = v.ends[j]!;
    }
  }

  /** Finds the rows' customer, doc_no and applies_to cells as fastRow will, and prefetches their lookups. */
  prefetch(c: FastColumns, builder: LedgerBuilder): void {
    const { starts: S, ends: E, width: w } = this;
    for (let k = 0; k < this.count; k++) {
      const o = k * w;
      const key = keyColumn(c, S, E, o);
      this.keyStart[k] = key < 0 ? -1 : S[o + key]!;
      this.keyEnd[k] = key < 0 ? -1 : E[o + key]!;
      this.docStart[k] = S[o + c.docNo]!;
      this.docEnd[k] = E[o + c.docNo]!;
      this.refStart[k] = c.appliesTo >= 0 ? S[o + c.appliesTo]! : 0;
      this.refEnd[k] = c.appliesTo >= 0 ? E[o + c.appliesTo]! : 0;
    }
    builder.prefetch(this.count, this.texts, this.keyStart, this.keyEnd, this.docStart, this.docEnd, this.refStart, this.refEnd, this.customers);
  }
}

interface FastColumns {
  width: number;
  docNo: number;
  customerId: number;
  customerName: number;
  docDate: number;
  dueDate: number;
  terms: number;
  amount: number;
  docType: number;
  currency: number;
  appliesTo: number;
  disputed: number;
}

/** The column of the row's customer key (SPEC): `customer_id` when not empty, else `customer_name`; -1 for neither. */
function keyColumn(c: FastColumns, S: Int32Array, E: Int32Array, o: number): number {
  if (c.customerId >= 0 && E[o + c.customerId]! > S[o + c.customerId]!) return c.customerId;
  return c.customerName;
}

function fastColumns(cols: Columns): FastColumns {
  const i = (f: Field) => cols.index[f] ?? -1;
  return {
    width: cols.names.length,
    docNo: i("doc_no"),
    customerId: i("customer_id"),
    customerName: i("customer_name"),
    docDate: i("doc_date"),
    dueDate: i("due_date"),
    terms: i("terms"),
    amount: cols.openItems ? i("open_balance") : i("amount"),
    docType: i("doc_type"),
    currency: i("currency"),
    appliesTo: i("applies_to"),
    disputed: i("disputed"),
  };
}

const NO_DAY = -0x7fffffff;

/** Characters String.prototype.trim removes. */
function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Non-empty, nothing to trim. */
function cleanText(t: string, s: number, e: number): boolean {
  return e > s && !isSpace(t.charCodeAt(s)) && !isSpace(t.charCodeAt(e - 1));
}

function digit(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000000;
}

/** `YYYY-MM-DD` (year 1900 or later, a real day) in place, else NO_DAY (the general parser decides). */
function isoDateAt(t: string, s: number, e: number): Day {
  if (e - s !== 10 || t.charCodeAt(s + 4) !== 45 || t.charCodeAt(s + 7) !== 45) return NO_DAY;
  const y = digit(t, s) * 1000 + digit(t, s + 1) * 100 + digit(t, s + 2) * 10 + digit(t, s + 3);
  const m = digit(t, s + 5) * 10 + digit(t, s + 6);
  const d = digit(t, s + 8) * 10 + digit(t, s + 9);
  if (y < 1900 || !isValidYmd(y, m, d)) return NO_DAY;
  return dayFromYmd(y, m, d);
}

/** Digits without a leading zero (or "0"), else -1. */
function smallNumberAt(t: string, s: number, e: number): number {
  if (e - s > 4 || (e - s > 1 && t.charCodeAt(s) === 48)) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = digit(t, i);
    if (c < 0) return -1;
    n = n * 10 + c;
  }
  return n;
}

function upper(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return c >= 65 && c <= 90;
}

function canonicalTypeAt(t: string, s: number, e: number): DocKind | null {
  const n = e - s;
  if (n === 7) return t.startsWith("invoice", s) ? "invoice" : t.startsWith("payment", s) ? "payment" : null;
  if (n === 10) return t.startsWith("debit_note", s) ? "debit_note" : null;
  if (n === 11) return t.startsWith("credit_note", s) ? "credit_note" : null;
  return null;
}

function yesNoAt(t: string, s: number, e: number): boolean | null {
  const n = e - s;
  if (n === 1) {
    const c = t.charCodeAt(s);
    return c === 49 ? true : c === 48 ? false : null;
  }
  if (n === 2) return t.startsWith("no", s) ? false : null;
  if (n === 3) return t.startsWith("yes", s) ? true : null;
  if (n === 4) return t.startsWith("true", s) ? true : null;
  if (n === 5) return t.startsWith("false", s) ? false : null;
  return null;
}

function sameAmount(a: LineItemSeen, b: Amount): boolean {
  if (a.scale === b.scale) return a.units === b.units;
  return a.scale > b.scale ? a.units === b.units * 10n ** BigInt(a.scale - b.scale) : a.units * 10n ** BigInt(b.scale - a.scale) === b.units;
}

export interface InputFile {
  /** As given on the command line: what diagnostics show (`-` = standard input). */
  name: string;
  /** Where to open it (resolved against the working directory). */
  path: string;
}

/**
 * Sizes the ledger for a file of `size` bytes from its first chunk's line length, so that its
 * columns and tables are allocated once instead of grown step by step (each step copies them all).
 * Room that is never used costs little: pages of a typed array are mapped only when written. The
 * charge table is the exception (it is written all over), so it is sized for three rows in five and
 * grows if there are more invoices.
 */
function reserveFor(builder: LedgerBuilder, size: number, first: string, onEstimate: ((rows: number) => void) | undefined): void {
  let lines = 0;
  for (let at = first.indexOf("\n"); at >= 0; at = first.indexOf("\n", at + 1)) lines++;
  if (lines < 2 || first.length >= size) return;
  const rows = Math.ceil((size / first.length) * lines * 1.05);
  builder.reserve(rows, rows * 0.6, rows * 24);
  onEstimate?.(rows);
}

/** Reads one or more ledger files (`-` = stdin) in order, as one ledger. */
export async function readLedgers(files: InputFile[], options: LedgerReadOptions): Promise<LedgerRead> {
  const builder = new LedgerBuilder();
  const out: LedgerRead = { ledger: undefined as unknown as Ledger, rejected: [], warnings: [], skipped: [], notes: [], rows: 0, afterAsOf: 0 };
  for (const { name, path } of files) {
    if (name !== "-" && sniffWorkbookFile(path) !== undefined) {
      await readWorkbookLedger(name, path, options, builder, out);
      continue;
    }
    const source = await openText(name, options.encoding, options.stdin, path);
    const reader = new FileReader(name, source.encoding === "gb18030" ? "gb18030" : source.encoding.replace("-", ""), options, builder, out);
    const tokenizer = new CsvTokenizer(reader);
    let first = true;
    for await (const text of source.chunks) {
      if (first && source.size !== undefined) reserveFor(builder, source.size, text, options.onEstimate);
      first = false;
      if (text.includes(REPLACEMENT)) reader.markReplacement();
      tokenizer.push(text);
      reader.flush();
    }
    tokenizer.end();
    reader.finish();
  }
  out.ledger = builder.build();
  return out;
}

/**
 * A ledger workbook: the chosen sheet's rows go through the same FileReader as CSV records, so
 * every rule (header search, aliases, title/subtotal/footer rows, validation) is shared.
 */
async function readWorkbookLedger(name: string, path: string, options: LedgerReadOptions, builder: LedgerBuilder, out: LedgerRead): Promise<void> {
  // Imported here: the Excel libraries cost a CSV run some 50 ms at start-up.
  const { openWorkbook, pickSheet } = await import("./workbook.js");
  const wb = openWorkbook(name, path);
  const sheet = pickSheet(wb, options.sheet, (cells) => matchHeader(cells, options.map).missing.length === 0);
  const reader = new FileReader(name, "utf8", options, builder, out, sheet.name);
  for (const row of wb.rows(sheet, true)) reader.workbookRow(row, wb.date1904);
  reader.finish();
}
