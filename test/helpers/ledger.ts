/**
 * Ledgers for engine tests, written as a reader checks them: amounts as `1,000.00`, dates as
 * `2025-05-31`, document types by name. Two ways in, both through public entry points only:
 *
 * - `documents` / `ledgerFrom`: a table with `|` between cells (a comma would split `1,000.00`), read
 *   with the ledger's own value parsers (parseAmount, parseDocType, parseDisputed) and built with
 *   `ledgerOf`. Synchronous, for tests that settle or age a handful of rows:
 *
 *     const worked = ledgerFrom`
 *       doc_no | doc_type | customer_id | doc_date   | due_date   | amount   | applies_to
 *       I4     | invoice  | C3          | 2025-05-01 | 2025-05-31 | 1,000.00 |
 *       P4     | payment  | C3          | 2025-06-10 |            |   400.00 | I4
 *     `;
 *
 *   Columns are the ledger CSV's canonical names (SPEC "Ledger CSV"): doc_no, customer_id and
 *   doc_date and amount required; doc_type (default invoice), customer_name (default empty, as
 *   the reader leaves it when a file has none), due_date (required for invoices and debit notes:
 *   the builder applies no terms; a payment's defaults to its doc date), applies_to, currency
 *   (default CNY), disputed (yes/no, default no). Amounts are written unsigned, as on the document:
 *   the type says which way they count. Row k of the table is line k + 1 of file `ledger.csv`, as
 *   if the header were line 1. Blank lines and lines starting with `#` are skipped.
 *   `doc({...})` builds one document from named fields, for rows a test generates.
 *
 * - `readLedgerText`: CSV text through the real reader (io/read-ledger.ts), for tests that need
 *   what only the reader does (terms, label rows, rejected rows, places).
 */
import { Readable } from "node:stream";
import { parseIsoDate, type Day } from "../../src/engine/dates.js";
import { kindCode, type Ledger } from "../../src/engine/ledger.js";
import { ledgerOf, type DocumentInput } from "../../src/engine/store/builder.js";
import { Invalid, parseAmount, parseDisputed, parseDocType } from "../../src/engine/values.js";
import { readLedgers, type LedgerRead } from "../../src/io/read-ledger.js";

/** One document by its fields, as text. */
export interface DocRow {
  docNo: string;
  /** invoice, debit_note, payment, credit_note (or an alias the reader knows); default invoice. */
  type?: string;
  customer: string;
  customerName?: string;
  docDate: string;
  /** Required for invoices and debit notes; a payment's or credit's defaults to `docDate`. */
  dueDate?: string;
  /** Unsigned, as written on the document: `1,000.00`, `0.125`. */
  amount: string;
  appliesTo?: string;
  currency?: string;
  disputed?: boolean;
  file?: string;
  line?: number;
}

function dayOf(text: string, what: string, where: string): Day {
  const day = parseIsoDate(text);
  if (day === undefined) throw new Error(`${where}: ${what} ${JSON.stringify(text)} is not a YYYY-MM-DD date`);
  return day;
}

/** One `DocumentInput` for `ledgerOf`. */
export function doc(row: DocRow): DocumentInput {
  const where = `test ledger, ${row.docNo}`;
  const kind = parseDocType(row.type ?? "invoice");
  if (kind === null || kind instanceof Invalid) throw new Error(`${where}: ${kind === null ? "empty doc_type" : kind.reason}`);
  const amount = parseAmount(row.amount);
  if (amount === null || amount instanceof Invalid) throw new Error(`${where}: ${amount === null ? "empty amount" : amount.reason}`);
  if (amount.units < 0n) throw new Error(`${where}: write the amount unsigned (${row.amount}); the type says which way it counts`);
  const charge = kind === "invoice" || kind === "debit_note";
  if (charge && !row.dueDate) throw new Error(`${where}: an ${kind} needs its due date (the test builder applies no terms)`);
  const docDate = dayOf(row.docDate, "doc_date", where);
  return {
    kind: kindCode(kind),
    customerKey: row.customer,
    customerName: row.customerName ?? "",
    currency: row.currency ?? "CNY",
    docNo: row.docNo,
    docDate,
    dueDate: row.dueDate ? dayOf(row.dueDate, "due_date", where) : docDate,
    amountUnits: amount.units,
    amountScale: amount.scale,
    disputed: row.disputed ?? false,
    appliesTo: row.appliesTo ?? "",
    file: row.file ?? "ledger.csv",
    line: row.line ?? 0,
  };
}

const COLUMNS: Record<string, keyof DocRow> = {
  doc_no: "docNo",
  doc_type: "type",
  customer_id: "customer",
  customer_name: "customerName",
  doc_date: "docDate",
  due_date: "dueDate",
  amount: "amount",
  applies_to: "appliesTo",
  currency: "currency",
  disputed: "disputed",
};
const REQUIRED = ["doc_no", "customer_id", "doc_date", "amount"];

/** A row's cells: `|` separates them (no border pipes), so a row may end in an empty cell. */
function cellsOf(line: string): string[] {
  return line.split("|").map((c) => c.trim());
}

function tableText(table: string | TemplateStringsArray, values: unknown[]): string {
  return typeof table === "string" ? table : String.raw({ raw: table }, ...values);
}

/** Documents from a `|` table (see the module comment); usable as a tagged template. */
export function documents(table: string | TemplateStringsArray, ...values: unknown[]): DocumentInput[] {
  const lines = tableText(table, values)
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (lines.length === 0) throw new Error("test ledger: no header row");
  const header = cellsOf(lines[0]!);
  for (const h of header) if (!(h in COLUMNS)) throw new Error(`test ledger: unknown column ${JSON.stringify(h)} (known: ${Object.keys(COLUMNS).join(", ")})`);
  for (const r of REQUIRED) if (!header.includes(r)) throw new Error(`test ledger: column ${r} is required`);
  return lines.slice(1).map((line, k) => {
    const cells = cellsOf(line);
    if (cells.length !== header.length) throw new Error(`test ledger, row ${k + 1}: ${cells.length} cells for ${header.length} columns: ${line.trim()}`);
    const row: Partial<Record<keyof DocRow, string>> = {};
    header.forEach((h, i) => {
      if (cells[i] !== "") row[COLUMNS[h]!] = cells[i];
    });
    let disputed = false;
    if (row.disputed !== undefined) {
      const flag = parseDisputed(row.disputed);
      if (flag === null || flag instanceof Invalid) throw new Error(`test ledger, row ${k + 1}: disputed ${JSON.stringify(row.disputed)} is not yes or no`);
      disputed = flag;
    }
    return doc({ ...(row as Omit<DocRow, "disputed" | "line">), disputed, line: k + 2 });
  });
}

/** `ledgerOf(documents(table))`: the ledger the engine reads, from a `|` table. */
export function ledgerFrom(table: string | TemplateStringsArray, ...values: unknown[]): Ledger {
  return ledgerOf(documents(table, ...values));
}

export interface ReadOptions {
  /** Read this file (named by this path in diagnostics) instead of `csv`; pass "" as `csv`. */
  path?: string;
  encoding?: "auto" | "utf8" | "gb18030";
}

/** CSV text as standard input (`-`), or a file, through the real ledger reader with ar's default options. */
export async function readLedgerText(csv: string, asOf: Day, options: ReadOptions = {}): Promise<LedgerRead> {
  const name = options.path ?? "-";
  return readLedgers([{ name, path: name }], {
    asOf,
    encoding: options.encoding ?? "auto",
    decimalComma: false,
    map: new Map(),
    defaultCurrency: "CNY",
    defaultTerms: 30,
    stdin: Readable.from(options.path === undefined ? [Buffer.from(csv)] : []),
  });
}
