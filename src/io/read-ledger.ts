/**
 * Reads ledger CSV files into the engine's compact `Ledger`, streaming: a file is never held whole,
 * and per row only what settlement needs is kept.
 *
 * Every row is validated, whatever its date; every data row is either used, reported as rejected
 * (`FILE:LINE: reason`), or skipped as a title/subtotal/section/footer row and counted.
 */
import type { Readable } from "node:stream";
import type { Day } from "../engine/dates.js";
import { isoDate } from "../engine/dates.js";
import { LedgerBuilder, kindCode, type KindCode, type Ledger } from "../engine/ledger.js";
import { Invalid, parseAmount, parseCurrency, parseDate, parseDisputed, parseDocType, parseTerms, type Amount, type DocKind } from "../engine/values.js";
import { CsvTokenizer } from "./csv.js";
import { openText, REPLACEMENT, type EncodingOption } from "./decode.js";
import { matchHeader, UsageProblem, type Columns, type Field, type HeaderMatch } from "./headers.js";

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
  stdin: Readable;
}

export interface Rejected {
  file: string;
  line: number;
  reason: string;
}

export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

export type SkipKind = "title" | "subtotal" | "section" | "footer" | "line_item";

export interface SkippedRow {
  file: string;
  line: number;
  kind: SkipKind;
  text: string;
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

const SUBTOTAL = /^(?:小计|合计|总计|subtotal|sub-total|total|total\s+for\b.*|.+\s+total|.*(?:小计|合计|总计)|grand\s+total|本页小计|累计)\s*[:：]?$/i;
const GRAND_TOTAL = /^(?:合计|总计|总合计|TOTAL|GRAND TOTAL|Grand Total|Grand total)\s*[:：]?$/;
const SECTION = /^(?:current|not\s+yet\s+due|未到期|\d+\s*[-–~至]\s*\d+\s*(?:days?|天|日)?(?:\s*past\s+due|\s*overdue|\s*以内)?|(?:over|>)\s*\d+\s*days?.*|\d+\s*(?:\+|or\s+more)\s*days?.*|\d+\s*(?:天|日)以上|账龄.*)$/i;

function labelOf(cells: string[]): { kind: SkipKind; text: string } | undefined {
  for (const raw of cells) {
    const c = raw.trim();
    if (c === "") continue;
    if (GRAND_TOTAL.test(c)) return { kind: "footer", text: c };
    if (SUBTOTAL.test(c)) return { kind: "subtotal", text: c };
    if (SECTION.test(c)) return { kind: "section", text: c };
  }
  return undefined;
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

  constructor(
    private readonly name: string,
    private readonly encodingName: string,
    private readonly options: LedgerReadOptions,
    private readonly builder: LedgerBuilder,
    private readonly out: LedgerRead,
  ) {}

  markReplacement(): void {
    this.sawReplacement = true;
  }

  broken(line: number, reason: string): void {
    this.out.rejected.push({ file: this.name, line, reason });
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
    this.out.skipped.push({ file: this.name, line, kind, text: excerpt(text) });
  }

  private reject(line: number, reason: string): void {
    this.out.rejected.push({ file: this.name, line, reason });
  }

  private findHeader(cells: string[], line: number): void {
    if (cells.every((c) => c.trim() === "")) return;
    this.recordsSeen++;
    const match = matchHeader(cells, this.options.map);
    if (match.missing.length === 0) {
      if (match.conflict) throw new UsageProblem(`${this.name}:${line}: ${match.conflict}`);
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
    const text = best.cells.join(",");
    if (text.includes(REPLACEMENT) || /[\u0000-\u0008\u000e-\u001f]/.test(text)) {
      throw new UsageProblem(`${this.name}: does not look like a CSV text file (bytes that decode as neither UTF-8 nor GB18030 in line ${best.line})`);
    }
    throw new UsageProblem(
      `${this.name}: missing required column ${best.match.missing.join(", ")} (looked for a header row in the first ${HEADER_SEARCH_ROWS} rows; best candidate line ${best.line}: ${excerpt(best.cells.join(","))})`,
    );
  }

  finish(): void {
    this.noHeader();
    const notes = this.out.notes;
    if (this.columns === undefined) {
      notes.push(`${this.name}: empty file, no rows`);
      return;
    }
    const k = this.skippedCounts;
    if (k.title > 0) notes.push(`${this.name}: skipped ${k.title} title row(s) above the header`);
    const labels = k.subtotal + k.section;
    if (labels > 0) notes.push(`${this.name}: skipped ${k.subtotal} subtotal/total and ${k.section} section row(s) (ar check lists them)`);
    if (k.footer > 0) notes.push(`${this.name}: skipped ${k.footer} footer row(s) after the grand total`);
    if (k.line_item > 0) notes.push(`${this.name}: collapsed ${k.line_item} further line-item row(s) into their invoices`);
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
      const label = labelOf(cells);
      if (label) {
        if (label.kind === "footer") this.footer = true;
        this.out.rows--;
        this.skip(line, label.kind === "footer" ? "subtotal" : label.kind, label.text);
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
    if (idx.terms !== undefined) {
      const t = parseTerms(cell("terms"));
      if (t instanceof Invalid) problems.push(field("terms", t.reason));
      else terms = t;
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
    const amt = amount as Amount;
    const negative = amt.units < 0n;
    let kind: KindCode = kindCode(docType ?? (negative ? "payment" : "invoice"));
    // An invoice or debit note with a negative amount is a credit note (红字发票).
    if (negative && kind <= 1) kind = 3;
    const units = negative ? -amt.units : amt.units;
    const isCharge = kind <= 1;
    if (isCharge && this.options.map !== undefined && cols.lineItems) {
      const key = `${customerKey}\u0000${docNo}`;
      const seen = this.lineItems.get(key);
      if (seen) {
        if (sameAmount(seen, amt)) {
          this.out.rows--;
          this.skip(line, "line_item", docNo);
        } else {
          this.reject(line, `line of invoice ${excerpt(docNo)} disagrees on the invoice amount (${amountText} here, another line says otherwise)`);
        }
        return;
      }
      this.lineItems.set(key, { units: amt.units, scale: amt.scale });
    }
    const customer = this.builder.customerOf(customerKey, customerName);
    let chargeEntry = -1;
    if (isCharge) {
      chargeEntry = this.builder.claimCharge(customer, docNo);
      if (chargeEntry < 0) {
        this.reject(line, `duplicate ${kind === 0 ? "invoice" : "debit note"} ${excerpt(docNo)} for customer ${excerpt(customerKey)} (the earlier row is used)`);
        return;
      }
    }
    const day = docDate as Day;
    let due = day;
    if (isCharge) {
      if (dueDate !== null) {
        due = dueDate;
        if (due < day) this.out.warnings.push({ file: this.name, line, message: `due date ${isoDate(due)} is before doc date ${isoDate(day)}` });
      } else {
        const t = terms ?? this.options.customerTerms?.get(customerKey) ?? this.options.defaultTerms;
        due = day + t;
      }
    }
    if (day > this.options.asOf) {
      this.out.afterAsOf++;
      return;
    }
    this.builder.add(
      {
      kind,
      customer,
      customerKey,
      customerName,
      currency,
      docNo,
      docDate: day,
      dueDate: due,
      amountUnits: units,
      amountScale: amt.scale,
      disputed: isCharge && disputed,
      appliesTo: isCharge ? "" : cell("applies_to"),
      file: this.name,
      line,
      },
      chargeEntry,
    );
  }
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

/** Reads one or more ledger files (`-` = stdin) in order, as one ledger. */
export async function readLedgers(files: InputFile[], options: LedgerReadOptions): Promise<LedgerRead> {
  const builder = new LedgerBuilder();
  const out: LedgerRead = { ledger: undefined as unknown as Ledger, rejected: [], warnings: [], skipped: [], notes: [], rows: 0, afterAsOf: 0 };
  for (const { name, path } of files) {
    const source = await openText(name, options.encoding, options.stdin, path);
    const reader = new FileReader(name, source.encoding === "gb18030" ? "gb18030" : source.encoding.replace("-", ""), options, builder, out);
    const tokenizer = new CsvTokenizer(reader);
    for await (const text of source.chunks) {
      if (text.includes(REPLACEMENT)) reader.markReplacement();
      tokenizer.push(text);
    }
    tokenizer.end();
    reader.finish();
  }
  out.ledger = builder.build();
  return out;
}
